/** Operations rules (R-OPS-2…4): maintenance notice, incident and support clocks, report periods. */
export * from "./incidentClocks.ts";
export * from "./maintenanceNotice.ts";
export * from "./reportPeriod.ts";
export * from "./supportTickets.ts";
