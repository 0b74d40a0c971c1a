export * from "./dossierPayload.ts";
export * from "./flags.ts";
export * from "./payloads.ts";
export * from "./progressPayload.ts";
export * from "./sequencing.ts";
export * from "./syncTimestamp.ts";
