/** The working calendar (R-CAL-1…9): one import path for services and jobs. */
export * from "./holidays.ts";
export * from "./lunar.ts";
export type * from "./types.ts";
export * from "./workingCalendar.ts";
