import type { ColumnType, Generated } from "kysely";

/** Outbound deliveries and the DVCQG sync (migration 0016_outbound_sync). */

type Json<T> = ColumnType<T, string, string>;

export type DeliveryStatus = "pending" | "sent" | "dead";
export type DossierSyncState = "baseline" | "pending" | "synced" | "failed";

export interface OutboundDeliveriesTable {
  id: Generated<number>;
  destination: string;
  idempotency_key: string;
  ordering_key: string | null;
  sequence: ColumnType<number, number | undefined, number>;
  dossier_id: string | null;
  agency_id: string | null;
  payload: Json<Record<string, unknown>>;
  status: DeliveryStatus;
  attempts: Generated<number>;
  rejections: Generated<number>;
  available_at: Date;
  locked_until: Date | null;
  lease_token: string | null;
  last_error: string | null;
  last_status: number | null;
  first_failed_at: Date | null;
  created_at: ColumnType<Date, Date, never>;
  sent_at: Date | null;
  dead_at: Date | null;
}

export interface DvcqgSyncStatesTable {
  dossier_id: string;
  agency_id: string;
  state: DossierSyncState;
  last_record: Json<Record<string, unknown> | null> | null;
  last_event_sequence: ColumnType<number, number | undefined, number>;
  last_enqueued_at: Date | null;
  last_delivered_at: Date | null;
  oldest_pending_at: Date | null;
  last_error: string | null;
  updated_at: Date;
}

export interface ReconciliationDifference {
  day: string;
  status: number;
  ours: number;
  theirs: number;
}

export interface DvcqgReconciliationsTable {
  id: Generated<string>;
  ran_at: Date;
  from_day: string;
  to_day: string;
  ours_total: number;
  theirs_total: number | null;
  differences: Json<ReconciliationDifference[]>;
  error: string | null;
}

export interface SyncTables {
  outbound_deliveries: OutboundDeliveriesTable;
  dvcqg_sync_states: DvcqgSyncStatesTable;
  dvcqg_reconciliations: DvcqgReconciliationsTable;
}
