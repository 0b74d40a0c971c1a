export * from "./indicators.ts";
export * from "./judgedAppointment.ts";
export * from "./scoring.ts";
