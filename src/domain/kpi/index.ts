export * from "./indicators.ts";
export * from "./scoring.ts";
