import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../accounts/actor.ts";
import type { AdminScope } from "./adminScope.ts";

export interface AdminChange {
  /** The agency whose data changed; null for province-wide data. */
  agencyId: string | null;
  action: string;
  entity: string;
  entityId: string;
  summary: string;
  before: unknown;
  after: unknown;
}

/** Appends one change to the admin audit log, inside the transaction that makes the change. */
export async function recordAdminChange(
  trx: Transaction<Database>,
  actor: Actor,
  now: Date,
  change: AdminChange,
): Promise<void> {
  await trx
    .insertInto("admin_audit")
    .values({
      at: now,
      actor_id: actor.userId,
      actor_username: actor.username,
      agency_id: change.agencyId,
      action: change.action,
      entity: change.entity,
      entity_id: change.entityId,
      summary: change.summary,
      before: change.before === undefined || change.before === null ? null : JSON.stringify(change.before),
      after: change.after === undefined || change.after === null ? null : JSON.stringify(change.after),
    })
    .execute();
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  agency: { id: string; name: string } | null;
  action: string;
  entity: string;
  entityId: string;
  summary: string;
  before: unknown;
  after: unknown;
}

export interface AuditQuery {
  entity?: string | undefined;
  entityId?: string | undefined;
  actor?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  page: number;
  pageSize: number;
}

/**
 * The audit log, newest first. An agency administrator sees the changes to their agencies' data; the system
 * administrator sees everything, province-wide changes included.
 */
export async function listAdminAudit(
  db: Kysely<Database>,
  scope: AdminScope,
  query: AuditQuery,
): Promise<{ total: number; items: AuditEntry[] }> {
  if (!scope.all && scope.agencyIds.length === 0) return { total: 0, items: [] };
  let base = db.selectFrom("admin_audit as l").leftJoin("agencies as a", "a.id", "l.agency_id");
  if (!scope.all) base = base.where("l.agency_id", "in", scope.agencyIds);
  if (query.entity) base = base.where("l.entity", "=", query.entity);
  if (query.entityId) base = base.where("l.entity_id", "=", query.entityId);
  if (query.actor) base = base.where("l.actor_username", "=", query.actor.toLowerCase());
  if (query.from) base = base.where("l.at", ">=", query.from);
  if (query.to) base = base.where("l.at", "<", query.to);
  const [{ total }, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<string>().as("total")).executeTakeFirstOrThrow(),
    base
      .select([
        "l.id",
        "l.at",
        "l.actor_username",
        "l.agency_id",
        "a.name as agency_name",
        "l.action",
        "l.entity",
        "l.entity_id",
        "l.summary",
        "l.before",
        "l.after",
      ])
      .orderBy("l.at", "desc")
      .orderBy("l.id")
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
  ]);
  return {
    total: Number(total),
    items: rows.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actor: row.actor_username,
      agency: row.agency_id ? { id: row.agency_id, name: row.agency_name ?? "" } : null,
      action: row.action,
      entity: row.entity,
      entityId: row.entity_id,
      summary: row.summary,
      before: row.before,
      after: row.after,
    })),
  };
}
