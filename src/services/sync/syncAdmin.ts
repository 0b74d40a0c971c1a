import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { DossierSyncState, ReconciliationDifference } from "../../db/syncTables.ts";
import { isRealCivilDate } from "../../domain/codes/provinceDate.ts";
import type { Actor } from "../accounts/actor.ts";
import { adminScopeOf, inScope } from "../admin/adminScope.ts";
import { recordAdminChange } from "../admin/auditLog.ts";
import { requeueDeliveries } from "../delivery/outboundQueue.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { DVCQG_DESTINATION } from "./fanOutSync.ts";

/** One packet of a dossier as officers and administrators see it (never the payload's personal data). */
export interface SyncPacketView {
  service: string;
  sequence: number;
  status: "pending" | "sent" | "dead";
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string | null;
}

/** A dossier's sync state (R-SYNC-5): `none` = nothing to sync yet (the worker has not seen its first event). */
export interface DossierSyncView {
  state: DossierSyncState | "none";
  lastDeliveredAt: string | null;
  oldestPendingAt: string | null;
  lastError: string | null;
  packets: SyncPacketView[];
}

const iso = (value: Date | null) => value?.toISOString() ?? null;

/** The sync state shown on the office dossier page. */
export async function dossierSyncView(db: Kysely<Database>, dossierId: string): Promise<DossierSyncView> {
  const [state, packets] = await Promise.all([
    db.selectFrom("dvcqg_sync_states").selectAll().where("dossier_id", "=", dossierId).executeTakeFirst(),
    db
      .selectFrom("outbound_deliveries")
      .select([
        "payload",
        "sequence",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
        "available_at",
      ])
      .where("dossier_id", "=", dossierId)
      .where("destination", "=", DVCQG_DESTINATION)
      .orderBy("sequence")
      .execute(),
  ]);
  return {
    state: state?.state ?? "none",
    lastDeliveredAt: iso(state?.last_delivered_at ?? null),
    oldestPendingAt: iso(state?.oldest_pending_at ?? null),
    lastError: state?.state === "synced" ? null : (state?.last_error ?? null),
    packets: packets.map((packet) => ({
      service: String((packet.payload as { service?: unknown }).service ?? ""),
      sequence: Number(packet.sequence),
      status: packet.status,
      attempts: packet.attempts,
      lastError: packet.last_error,
      createdAt: packet.created_at.toISOString(),
      sentAt: iso(packet.sent_at),
      nextAttemptAt: packet.status === "pending" ? packet.available_at.toISOString() : null,
    })),
  };
}

export interface SyncFailureView {
  dossierId: string;
  dossierCode: string;
  state: DossierSyncState;
  lastError: string | null;
  oldestPendingAt: string | null;
}

export interface SyncOverview {
  /** Packets waiting to be delivered. */
  backlog: number;
  /** Packets DVCQG refused until the policy gave up (dead letters). */
  deadLetters: number;
  /** Age of the oldest undelivered packet, in seconds (0 when nothing waits). */
  lagSeconds: number;
  dossiers: { synced: number; pending: number; failed: number };
  /** Dossiers that failed or have waited longest, with DVCQG's last error. */
  problems: SyncFailureView[];
  lastReconciliation: {
    ranAt: string;
    fromDay: string;
    toDay: string;
    oursTotal: number;
    theirsTotal: number | null;
    differences: ReconciliationDifference[];
    error: string | null;
  } | null;
}

function scopeFilter(actor: Actor): readonly string[] | null {
  const scope = adminScopeOf(actor);
  return scope.all ? null : scope.agencyIds;
}

/** What administrators watch (issue #13): lag, failures, backlog and the last reconciliation, in their scope. */
export async function syncOverview(db: Kysely<Database>, actor: Actor, now: Date): Promise<SyncOverview> {
  const agencies = scopeFilter(actor);
  const none = agencies !== null && agencies.length === 0;
  const agencyClause =
    agencies === null ? sql`true` : none ? sql`false` : sql`agency_id in (${sql.join(agencies)})`;
  const [queue, states, problems, reconciliation] = await Promise.all([
    sql<{ backlog: string; dead: string; oldest: Date | null }>`
      select count(*) filter (where status = 'pending') as backlog,
             count(*) filter (where status = 'dead') as dead,
             min(created_at) filter (where status = 'pending') as oldest
        from outbound_deliveries
       where destination = ${DVCQG_DESTINATION} and status <> 'sent' and ${agencyClause}`.execute(db),
    sql<{ state: string; count: string }>`
      select state, count(*) as count from dvcqg_sync_states where ${agencyClause} group by state`.execute(
      db,
    ),
    sql<{
      dossier_id: string;
      code: string;
      state: DossierSyncState;
      last_error: string | null;
      oldest_pending_at: Date | null;
    }>`
      select s.dossier_id, d.code, s.state, s.last_error, s.oldest_pending_at
        from dvcqg_sync_states s join dossiers d on d.id = s.dossier_id
       where s.state in ('failed', 'pending') and ${agencies === null ? sql`true` : none ? sql`false` : sql`s.agency_id in (${sql.join(agencies)})`}
       order by (s.state = 'failed') desc, s.oldest_pending_at nulls last
       limit 50`.execute(db),
    db.selectFrom("dvcqg_reconciliations").selectAll().orderBy("ran_at", "desc").limit(1).executeTakeFirst(),
  ]);
  const counts = Object.fromEntries(states.rows.map((row) => [row.state, Number(row.count)]));
  const oldest = queue.rows[0]?.oldest ?? null;
  return {
    backlog: Number(queue.rows[0]?.backlog ?? 0),
    deadLetters: Number(queue.rows[0]?.dead ?? 0),
    lagSeconds: oldest ? Math.max(0, Math.round((now.getTime() - new Date(oldest).getTime()) / 1000)) : 0,
    dossiers: {
      synced: (counts.synced ?? 0) + (counts.baseline ?? 0),
      pending: counts.pending ?? 0,
      failed: counts.failed ?? 0,
    },
    problems: problems.rows.map((row) => ({
      dossierId: row.dossier_id,
      dossierCode: row.code,
      state: row.state,
      lastError: row.last_error,
      oldestPendingAt: row.oldest_pending_at ? new Date(row.oldest_pending_at).toISOString() : null,
    })),
    lastReconciliation: reconciliation
      ? {
          ranAt: reconciliation.ran_at.toISOString(),
          fromDay: String(reconciliation.from_day),
          toDay: String(reconciliation.to_day),
          oursTotal: reconciliation.ours_total,
          theirsTotal: reconciliation.theirs_total,
          // Differences in the administrator's scope are not separable by agency: only the system administrator sees them.
          differences: agencies === null ? reconciliation.differences : [],
          error: reconciliation.error,
        }
      : null,
  };
}

export type ReplayRequest = { dossierCode: string } | { fromDay: string; toDay: string };

const MAX_REPLAY_DAYS = 31;

function parseDay(value: string, field: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match || !isRealCivilDate({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }))
    throw new ValidationError(
      [
        {
          field,
          message: { vi: "Ngày không hợp lệ (định dạng YYYY-MM-DD)", en: "Not a valid date (YYYY-MM-DD)" },
        },
      ],
      {
        vi: "Khoảng thời gian không hợp lệ",
        en: "The period is not valid",
      },
    );
  return new Date(`${value}T00:00:00+07:00`);
}

/**
 * Sends a dossier's packets — or every packet of a period (by when the change happened, province days) — again, in
 * order (issue #13: replay from the admin console). Only dossiers of the administrator's agencies; an unknown or
 * out-of-scope dossier code answers 404. Audited.
 */
export async function replaySync(
  db: Kysely<Database>,
  actor: Actor,
  request: ReplayRequest,
  now: Date,
): Promise<{ dossiers: number; packets: number }> {
  const scope = adminScopeOf(actor);
  return db.transaction().execute(async (trx) => {
    let dossierIds: string[];
    let summary: string;
    let agencyId: string | null = null;
    if ("dossierCode" in request) {
      const dossier = await trx
        .selectFrom("dossiers")
        .select(["id", "agency_id", "code"])
        .where("code", "=", request.dossierCode.trim())
        .executeTakeFirst();
      if (!dossier || !inScope(scope, dossier.agency_id))
        throw new NotFoundError({ vi: "Không tìm thấy hồ sơ", en: "No such dossier" });
      dossierIds = [dossier.id];
      agencyId = dossier.agency_id;
      summary = `Đồng bộ lại hồ sơ ${dossier.code} lên Cổng DVCQG`;
    } else {
      const from = parseDay(request.fromDay, "fromDay");
      const to = parseDay(request.toDay, "toDay");
      const days = (to.getTime() - from.getTime()) / 86_400_000 + 1;
      if (days < 1 || days > MAX_REPLAY_DAYS)
        throw new ValidationError(
          [
            {
              field: "toDay",
              message: {
                vi: `Đến ngày phải không trước từ ngày, khoảng tối đa ${MAX_REPLAY_DAYS} ngày`,
                en: `The end must not be before the start, at most ${MAX_REPLAY_DAYS} days`,
              },
            },
          ],
          { vi: "Khoảng thời gian không hợp lệ", en: "The period is not valid" },
        );
      let query = trx
        .selectFrom("outbound_deliveries")
        .select("dossier_id")
        .distinct()
        .where("destination", "=", DVCQG_DESTINATION)
        .where("created_at", ">=", from)
        .where("created_at", "<", new Date(to.getTime() + 86_400_000))
        .where("dossier_id", "is not", null);
      if (!scope.all) {
        if (scope.agencyIds.length === 0) return { dossiers: 0, packets: 0 };
        query = query.where("agency_id", "in", scope.agencyIds);
      }
      dossierIds = (await query.execute()).map((row) => row.dossier_id as string);
      summary = `Đồng bộ lại các hồ sơ thay đổi từ ${request.fromDay} đến ${request.toDay} lên Cổng DVCQG`;
      agencyId = scope.all || scope.agencyIds.length !== 1 ? null : (scope.agencyIds[0] ?? null);
    }
    const packets = await requeueDeliveries(trx, { destination: DVCQG_DESTINATION, dossierIds }, now);
    if (dossierIds.length > 0)
      await trx
        .updateTable("dvcqg_sync_states")
        .set({ state: "pending", last_error: null, oldest_pending_at: now, updated_at: now })
        .where("dossier_id", "in", dossierIds)
        .where("state", "<>", "baseline")
        .execute();
    await recordAdminChange(trx, actor, now, {
      agencyId,
      action: "replay",
      entity: "dvcqg_sync",
      entityId: "dossierCode" in request ? request.dossierCode : `${request.fromDay}..${request.toDay}`,
      summary,
      before: null,
      after: { dossiers: dossierIds.length, packets },
    });
    return { dossiers: dossierIds.length, packets };
  });
}
