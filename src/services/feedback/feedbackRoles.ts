import type { Role } from "../../db/schema.ts";

/** The service center classifies and routes (issue #17); its monitors hold province scope (DESIGN roles). */
export const ROUTING_ROLES: readonly Role[] = ["service_center_monitor"];
/** Who answers for an agency: its officers, within that agency (R-ACC-2). */
export const ANSWERING_ROLES: readonly Role[] = [
  "counter_officer",
  "specialist",
  "unit_head",
  "agency_leader",
];

/** The service center's categories (R-KPI 5.1 counts by them). */
export const FEEDBACK_CATEGORIES = [
  "procedureHandling",
  "staffConduct",
  "regulation",
  "onlineService",
  "other",
] as const;
export type FeedbackCategory = (typeof FEEDBACK_CATEGORIES)[number];
