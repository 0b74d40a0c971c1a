export * from "./agencyEvaluation.ts";
export * from "./agencyIndices.ts";
export * from "./bands.ts";
export * from "./indices.ts";
