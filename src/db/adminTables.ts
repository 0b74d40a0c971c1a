import type { ColumnType, Generated } from "kysely";

/** Kysely types of the admin console's tables (migration 0012_admin_audit). */

type JsonValue = ColumnType<unknown, string | null, never>;

export interface AdminAuditTable {
  id: Generated<string>;
  at: ColumnType<Date, Date, never>;
  actor_id: string;
  actor_username: string;
  agency_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  summary: ColumnType<string, string | undefined, never>;
  before: JsonValue;
  after: JsonValue;
}

export interface AdminTables {
  admin_audit: AdminAuditTable;
}
