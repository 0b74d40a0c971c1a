import type { ColumnType, Generated } from "kysely";

/** Kysely types of the national portal's inbound tables (migration 0017_national_portal_inbound, issue #13). */

type Json<T> = ColumnType<T, string, string>;

export type NationalMessageKind = "supplement" | "withdrawal" | "payment" | "rating";

export interface NationalInboundMessagesTable {
  message_id: string;
  kind: NationalMessageKind;
  dossier_id: string;
  /** sha256 of the message's canonical body: a reused id with a different body is refused. */
  request_hash: string;
  received_at: Date;
  response: Json<Record<string, unknown>>;
}

export interface NationalPaymentConfirmationsTable {
  transaction_id: string;
  dossier_id: string;
  amount_vnd: ColumnType<string, number, number>;
  paid_at: Date;
  recorded_at: Date;
  message_id: string;
}

export type NationalFileState = "pending" | "fetched" | "failed";

export interface NationalFileTransfersTable {
  id: Generated<string>;
  dossier_id: string;
  agency_id: string;
  purpose: "component" | "supplement";
  national_file_id: string | null;
  component_code: string | null;
  file_name: string;
  url: string;
  expected_sha256: string | null;
  state: Generated<NationalFileState>;
  attempts: Generated<number>;
  available_at: Date;
  locked_until: Date | null;
  lease_token: string | null;
  last_error: string | null;
  dossier_file_id: string | null;
  created_at: Date;
  fetched_at: Date | null;
}

export interface CatalogPullsTable {
  id: Generated<string>;
  source_url: string;
  started_at: Date;
  finished_at: Date | null;
  outcome: "succeeded" | "failed";
  received: Generated<number>;
  added: Generated<number>;
  changed: Generated<number>;
  withdrawn: Generated<number>;
  restored: Generated<number>;
  rejected: Json<{ row: number; code: string | null; reasons: { vi: string; en: string }[] }[]>;
  error: string | null;
}

export interface CatalogFieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export type CatalogChangeKind = "added" | "changed" | "withdrawn" | "restored";

export interface CatalogChangesTable {
  id: Generated<string>;
  pull_id: string;
  procedure_id: string;
  procedure_code: string;
  procedure_name: string;
  kind: CatalogChangeKind;
  changed_fields: Json<CatalogFieldChange[]>;
  detected_at: Date;
}

export interface CatalogDutiesTable {
  id: Generated<string>;
  change_id: string;
  agency_id: string | null;
  created_at: Date;
  due_at: Date;
  closed_at: Date | null;
  closed_by: string | null;
  note: string | null;
}

export interface NationalPortalTables {
  national_inbound_messages: NationalInboundMessagesTable;
  national_payment_confirmations: NationalPaymentConfirmationsTable;
  national_file_transfers: NationalFileTransfersTable;
  catalog_pulls: CatalogPullsTable;
  catalog_changes: CatalogChangesTable;
  catalog_duties: CatalogDutiesTable;
}
