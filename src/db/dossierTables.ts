import type { ColumnType, Generated } from "kysely";
import type { DossierReceptionColumns } from "./receptionTables.ts";
import type { DossierSectorColumns } from "./sectorTables.ts";
import type { DossierTimelinessColumns } from "./statisticsTables.ts";

/** Kysely types of the dossier tables (migration 0003_dossiers). */

type Json<T> = ColumnType<T, string, string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type DossierChannel = "counter" | "online" | "postal";

/** The R-KPI-4 projection (DossierTimelinessColumns) is added by migration 0010_statistics. */
export interface DossiersTable
  extends DossierTimelinessColumns,
    DossierReceptionColumns,
    DossierSectorColumns {
  id: Generated<string>;
  code: string;
  procedure_id: string;
  offering_id: string;
  assisted_at_agency_id: string | null;
  agency_id: string;
  deciding_agency_id: string;
  channel: DossierChannel;
  from_national_portal: Generated<boolean>;
  national_code: string | null;
  owner_user_id: string | null;
  applicant_kind: "person" | "organisation";
  applicant_name: string;
  applicant_id_number: string | null;
  organisation_name: string | null;
  organisation_tax_code: string | null;
  applicant_address: string | null;
  applicant_phone: string | null;
  applicant_email: string | null;
  submitter: Json<Record<string, unknown> | null> | null;
  summary: Generated<string>;
  legal_time_amount: number;
  legal_time_unit: "wh" | "wd" | "d";
  form_data: Json<Record<string, unknown>>;
  status: number;
  internal_step: string | null;
  current_unit_id: string | null;
  current_assignee_id: string | null;
  submitted_at: Date;
  reception_due_at: Date | null;
  received_at: Date | null;
  due_at: Date | null;
  original_due_at: Date | null;
  extended_due_at: Date | null;
  finished_at: Date | null;
  returned_at: Date | null;
  closed_at: Date | null;
  state: Json<Record<string, unknown>>;
  version: number;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** What the deadline watch already marked (migration 0004_deadline_watch). */
  deadline_watch: ColumnType<DeadlineWatchMarks, string | undefined, string>;
  /** The workflow version the dossier started with (migration 0011_workflows); null: the default linear workflow. */
  workflow_version_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One deadline's mark: the level reached and the deadline it was reached for. */
export interface DeadlineWatchMark {
  level: "dueSoon" | "overdue";
  dueAt: string;
}

export interface DeadlineWatchMarks {
  reception?: DeadlineWatchMark;
  processing?: DeadlineWatchMark;
}

export interface DossierEventsTable {
  dossier_id: string;
  sequence: number;
  agency_id: string;
  type: string;
  at: Date;
  actor_user_id: string | null;
  actor_role: string;
  from_status: number | null;
  to_status: number;
  step: string | null;
  payload: Json<Record<string, unknown>>;
  recorded_at: CreatedAt;
}

export interface DossierCodeCountersTable {
  agency_id: string;
  day: string;
  last_sequence: number;
}

export interface OutboxTable {
  id: Generated<number>;
  topic: string;
  dossier_id: string | null;
  event_sequence: number | null;
  payload: Json<Record<string, unknown>>;
  created_at: CreatedAt;
  available_at: ColumnType<Date, Date | string | undefined, Date | string>;
  attempts: Generated<number>;
  locked_until: Date | null;
  processed_at: Date | null;
  last_error: string | null;
}

export interface UploadsTable {
  id: Generated<string>;
  owner_user_id: string;
  storage_key: string;
  sha256: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  created_at: Date;
  attached_at: Date | null;
}

export interface DossierFilesTable {
  id: Generated<string>;
  dossier_id: string;
  agency_id: string;
  component_id: string | null;
  /** `internal`: stays with the office (control sheet); never shown to the applicant. */
  purpose: "component" | "supplement" | "result" | "notice" | "internal" | "other";
  storage_key: string;
  sha256: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  digitized: Generated<boolean>;
  reused: Generated<boolean>;
  uploaded_by: string | null;
  uploaded_at: Date;
  event_sequence: number | null;
}

export interface TasksTable {
  id: Generated<string>;
  dossier_id: string;
  agency_id: string;
  step: string;
  unit_id: string | null;
  role: string;
  assignee_id: string | null;
  status: "open" | "done" | "cancelled";
  created_at: Date;
  due_at: Date | null;
  completed_at: Date | null;
  outcome: string | null;
  handed_over_by: string | null;
  watch: "due_soon" | "overdue" | null;
}

export interface ConsultationsTable {
  id: Generated<string>;
  dossier_id: string;
  agency_id: string;
  requested_by: string;
  requested_at: Date;
  to_agency_id: string;
  to_unit_id: string | null;
  question: string;
  due_at: Date;
  answer: string | null;
  answered_by: string | null;
  answered_at: Date | null;
  watch: "due_soon" | "overdue" | null;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  request_hash: string;
  dossier_id: string;
  created_at: CreatedAt;
}

export interface DossierTables {
  dossiers: DossiersTable;
  dossier_events: DossierEventsTable;
  dossier_code_counters: DossierCodeCountersTable;
  outbox: OutboxTable;
  uploads: UploadsTable;
  dossier_files: DossierFilesTable;
  tasks: TasksTable;
  consultations: ConsultationsTable;
  idempotency_keys: IdempotencyKeysTable;
}
