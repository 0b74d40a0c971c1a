import type { ColumnType, Generated } from "kysely";

/** Kysely types of the evaluation tables (migration 0009_evaluations, R-EVAL-1…3). */

type Json<T> = ColumnType<T, string, string>;

export interface EvaluationRatingsTable {
  id: Generated<string>;
  dossier_id: string;
  agency_id: string;
  procedure_id: string;
  /** Answered per-dossier indices ("1"…"7") → 0–2 points. */
  points: Json<Record<string, number>>;
  satisfaction: "satisfied" | "neutral" | "dissatisfied" | null;
  /** `national_portal`: rated on DVCQG and received from it (issue #13, R-EVAL-1). */
  channel: "portal" | "kiosk" | "national_portal";
  rated_by_user_id: string | null;
  kiosk_officer_id: string | null;
  rated_at: Date;
}

export interface EvaluationKioskSessionsTable {
  id: Generated<string>;
  dossier_id: string;
  agency_id: string;
  opened_by: string;
  opened_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

export interface EvaluationBandSettingsTable {
  scope: string;
  bands: Json<unknown>;
  updated_at: Date;
  updated_by: string | null;
}

export interface EvaluationTables {
  evaluation_ratings: EvaluationRatingsTable;
  evaluation_kiosk_sessions: EvaluationKioskSessionsTable;
  evaluation_band_settings: EvaluationBandSettingsTable;
}
