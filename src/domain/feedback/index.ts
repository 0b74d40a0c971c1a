/** Feedback (PAKN) and questions (R-PAKN-1…3, R-QA-1): one import path for services and jobs. */
export * from "./anonymise.ts";
export * from "./deadlines.ts";
export * from "./judge.ts";
