export * from "./digitisedCount.ts";
export * from "./exemptions.ts";
export * from "./metadata.ts";
export * from "./scanRequirements.ts";
