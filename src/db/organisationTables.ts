import type { ColumnType, Generated, JSONColumnType } from "kysely";

/** Kysely types of the organisation tables (migration 0024_organisations, issue #14, R-ACC-1). */

export interface OrganisationsTable {
  id: Generated<string>;
  tax_code: string;
  name: string;
  address: string | null;
  account_user_id: string;
  created_at: Date;
  updated_at: Date;
}

export interface OrganisationRepresentativesTable {
  organisation_id: string;
  id_number: string;
  full_name: string;
  recorded_at: Date;
  ended_at: Date | null;
}

export interface OrganisationMandatesTable {
  id: Generated<string>;
  organisation_id: string;
  holder_id_number: string;
  holder_name: string;
  /** `YYYY-MM-DD`, the province's date. */
  valid_from: string;
  valid_until: string;
  scope_kind: "all" | "procedures";
  procedure_codes: JSONColumnType<string[], string, string>;
  granted_by_user_id: string;
  granted_at: Date;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  revoked_by_user_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface OrganisationSessionsTable {
  session_id: string;
  organisation_id: string;
  mandate_id: string | null;
  chosen_at: Date;
}

export interface OrganisationTables {
  organisations: OrganisationsTable;
  organisation_representatives: OrganisationRepresentativesTable;
  organisation_mandates: OrganisationMandatesTable;
  organisation_sessions: OrganisationSessionsTable;
}
