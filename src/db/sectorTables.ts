import type { ColumnType, Generated } from "kysely";

/** Kysely types of the sector-system tables (migration 0033_sector_systems, issue #18, R-STATUS-4). */

type Json<T> = ColumnType<T, string, string>;

export type SectorSystemKind = "civil_status" | "land" | "business_registration" | "other";

export interface SectorSystemsTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: SectorSystemKind;
  /** sha256 (hex) of the API key: the key is shown once, at registration, and never stored. */
  api_key_sha256: string;
  /** The key's last characters, so an administrator can tell keys apart. */
  api_key_hint: string;
  /** The HMAC secret sealed at rest (services/mfa/secretSeal.ts), shown once at registration. */
  hmac_secret_sealed: string;
  /** National procedure codes (R-CODE-4) the system may report. */
  procedure_codes: Json<string[]>;
  /** Agencies whose dossiers the system may report. */
  agency_ids: Json<string[]>;
  enabled: Generated<boolean>;
  created_at: Date;
  created_by: string | null;
  disabled_at: Date | null;
  last_call_at: Date | null;
}

export interface SectorReportsTable {
  id: Generated<string>;
  system_id: string;
  report_id: string | null;
  dossier_code: string | null;
  dossier_id: string | null;
  request_hash: string | null;
  received_at: Date;
  http_status: number;
  outcome_code: string;
  response: Json<Record<string, unknown>>;
}

/** One step of a dossier's progress as the sector system reports it. */
export interface SectorStep {
  name: string;
  startedAt: string;
  finishedAt: string | null;
  handler: string | null;
}

export interface SectorProgress {
  steps: SectorStep[];
  appointmentAt: string | null;
  resultAt: string | null;
  externalStatus: string | null;
}

export interface SectorDossiersTable {
  dossier_id: string;
  system_id: string;
  progress: Json<SectorProgress>;
  reported_at: Date;
  updated_at: Date;
}

/** The origin mark on `dossiers` (null: handled in OneStop). */
export interface DossierSectorColumns {
  sector_system_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SectorTables {
  sector_systems: SectorSystemsTable;
  sector_reports: SectorReportsTable;
  sector_dossiers: SectorDossiersTable;
}
