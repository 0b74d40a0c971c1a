import type { ColumnType, Generated } from "kysely";

/** Kysely types of the DataStore and archive tables (migration 0030_data_store_and_archive, issue #16). */

type Json<T> = ColumnType<T, string, string>;

export interface DataStoreDocumentsTable {
  id: Generated<string>;
  owner_user_id: string;
  source: "result" | "component";
  document_type: string;
  name: string;
  component_code: string | null;
  procedure_code: string;
  source_dossier_id: string;
  source_dossier_code: string;
  source_file_id: string;
  /** The result's verification code (MaGiayToKetQua), sent as MaKetQuaThayThe when reused (R-SYNC-2). */
  verification_code: string | null;
  storage_key: string;
  sha256: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  valid_from: Date;
  valid_until: Date | null;
  added_at: Date;
  revoked_at: Date | null;
}

export interface DataStoreReusesTable {
  dossier_file_id: string;
  dossier_id: string;
  document_id: string;
  reused_at: Date;
}

export type DataStoreAccessAction = "stored" | "downloaded" | "reused" | "viewed" | "revoked";

export interface DataStoreAccessLogTable {
  id: Generated<string>;
  document_id: string;
  owner_user_id: string;
  at: Date;
  actor_user_id: string | null;
  actor_name: string;
  actor_kind: "owner" | "officer" | "system";
  action: DataStoreAccessAction;
  dossier_id: string | null;
  dossier_code: string | null;
}

export interface ArchiveRetentionTable {
  procedure_id: string;
  years: number | null;
  updated_by: string;
  updated_at: Date;
}

export interface ArchiveBatchesTable {
  id: Generated<string>;
  agency_id: string;
  month: string;
  status: "prepared" | "handed_over";
  prepared_by: string;
  prepared_at: Date;
  handed_over_by: string | null;
  handed_over_at: Date | null;
  received_by: string | null;
  record: Json<Record<string, unknown>>;
}

export interface ArchivePackagesTable {
  id: Generated<string>;
  dossier_id: string;
  dossier_code: string;
  agency_id: string;
  procedure_id: string;
  closed_at: Date;
  storage_key: string;
  sha256: string;
  size_bytes: number;
  payload_files: number;
  retention_years: number | null;
  dispose_after: Date | null;
  created_at: Date;
  batch_id: string | null;
  status: Generated<"packaged" | "handed_over" | "disposed">;
  disposed_at: Date | null;
  checked_at: Date | null;
  check_ok: boolean | null;
  check_problems: Json<string[] | null> | null;
}

export interface ArchiveHoldsTable {
  id: Generated<string>;
  dossier_id: string;
  agency_id: string;
  reason: string;
  placed_by: string;
  placed_at: Date;
  released_by: string | null;
  released_at: Date | null;
}

export interface ArchiveDisposalListsTable {
  id: Generated<string>;
  agency_id: string;
  status: "proposed" | "approved" | "executed";
  proposed_by: string;
  proposed_at: Date;
  approved_by: string | null;
  approved_at: Date | null;
  decision_ref: string | null;
  executed_at: Date | null;
}

export interface ArchiveDisposalItemsTable {
  list_id: string;
  package_id: string;
  outcome: "disposed" | "held" | null;
}

export interface ArchiveTables {
  data_store_documents: DataStoreDocumentsTable;
  data_store_reuses: DataStoreReusesTable;
  data_store_access_log: DataStoreAccessLogTable;
  archive_retention: ArchiveRetentionTable;
  archive_batches: ArchiveBatchesTable;
  archive_packages: ArchivePackagesTable;
  archive_holds: ArchiveHoldsTable;
  archive_disposal_lists: ArchiveDisposalListsTable;
  archive_disposal_items: ArchiveDisposalItemsTable;
}
