import type { Generated } from "kysely";

/** Kysely types of the population database tables (migration 0023_population_access, issue #14). */

export type PopulationPurpose = "prefill" | "submission_check" | "officer_check";
export type PopulationQuery = "lookup" | "verify";
export type PopulationOutcome = "answered" | "not_found" | "unavailable";
export type FieldCheckStatus = "verified" | "mismatch" | "unverified";

export interface PopulationAccessLogTable {
  id: Generated<string>;
  at: Date;
  actor_user_id: string;
  agency_id: string | null;
  citizen_id_number: string;
  dossier_id: string | null;
  purpose: PopulationPurpose;
  purpose_note: string | null;
  query: PopulationQuery;
  outcome: PopulationOutcome;
}

export interface PopulationFieldChecksTable {
  dossier_id: string;
  path: string;
  source: string;
  status: FieldCheckStatus;
  checked_at: Date;
}

export interface PopulationTables {
  population_access_log: PopulationAccessLogTable;
  population_field_checks: PopulationFieldChecksTable;
}
