import type { Kysely } from "kysely";
import type { CatalogChangeKind, CatalogFieldChange } from "../../db/nationalPortalTables.ts";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { Actor } from "../accounts/actor.ts";
import { type AdminScope, inScope } from "../admin/adminScope.ts";
import { recordAdminChange } from "../admin/auditLog.ts";
import { loadWorkingCalendar } from "../calendar/loadCalendar.ts";
import { ConflictError, NotFoundError } from "../errors.ts";

export interface CatalogPullView {
  id: string;
  sourceUrl: string;
  startedAt: string;
  outcome: "succeeded" | "failed";
  error: string | null;
  received: number;
  added: number;
  changed: number;
  withdrawn: number;
  restored: number;
  rejected: { row: number; code: string | null; reasons: { vi: string; en: string }[] }[];
}

export interface CatalogDutyView {
  id: string;
  agency: { id: string; name: string } | null;
  dueAt: string;
  /** Working hours left until the due time on the province's calendar (negative once overdue). */
  remainingWorkingHours: number | null;
  closedAt: string | null;
  closedBy: string | null;
  note: string | null;
}

export interface CatalogChangeView {
  id: string;
  pullId: string;
  procedureCode: string;
  procedureName: string;
  kind: CatalogChangeKind;
  fields: CatalogFieldChange[];
  detectedAt: string;
  duties: CatalogDutyView[];
}

/** The last pulls of the national procedure database, newest first (R-SYNC-6); the catalog is the province's. */
export async function listCatalogPulls(db: Kysely<Database>, limit = 20): Promise<CatalogPullView[]> {
  const rows = await db
    .selectFrom("catalog_pulls")
    .selectAll()
    .orderBy("started_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    sourceUrl: row.source_url,
    startedAt: new Date(row.started_at).toISOString(),
    outcome: row.outcome,
    error: row.error,
    received: row.received,
    added: row.added,
    changed: row.changed,
    withdrawn: row.withdrawn,
    restored: row.restored,
    rejected: row.rejected,
  }));
}

/**
 * What the pulls changed, newest first, each with the duties it started (R-CAT-1): an agency administrator sees the
 * changes of procedures their agencies offer (and their own duties only); the system administrator everything,
 * including the province's duties for new procedures. `open` keeps the changes with a duty still open in scope.
 */
export async function listCatalogChanges(
  db: Kysely<Database>,
  scope: AdminScope,
  input: { now: Date; pullId?: string | undefined; open?: boolean | undefined; limit?: number },
): Promise<CatalogChangeView[]> {
  let query = db
    .selectFrom("catalog_changes as c")
    .selectAll("c")
    .orderBy("c.detected_at", "desc")
    .orderBy("c.procedure_code")
    .limit(input.limit ?? 200);
  if (input.pullId) query = query.where("c.pull_id", "=", input.pullId);
  if (!scope.all) {
    const agencyIds =
      scope.agencyIds.length > 0 ? [...scope.agencyIds] : ["00000000-0000-0000-0000-000000000000"];
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("catalog_duties as d")
          .select("d.id")
          .whereRef("d.change_id", "=", "c.id")
          .where("d.agency_id", "in", agencyIds),
      ),
    );
  }
  const changes = await query.execute();
  if (changes.length === 0) return [];
  const duties = await db
    .selectFrom("catalog_duties as d")
    .leftJoin("agencies as a", "a.id", "d.agency_id")
    .leftJoin("users as u", "u.id", "d.closed_by")
    .select([
      "d.id",
      "d.change_id",
      "d.agency_id",
      "a.name as agency_name",
      "d.due_at",
      "d.closed_at",
      "u.full_name as closed_by_name",
      "d.note",
    ])
    .where(
      "d.change_id",
      "in",
      changes.map((change) => change.id),
    )
    .orderBy("a.name")
    .execute();
  const calendar = await loadWorkingCalendar(db);
  const views = changes.map((change) => ({
    id: change.id,
    pullId: change.pull_id,
    procedureCode: change.procedure_code,
    procedureName: change.procedure_name,
    kind: change.kind,
    fields: change.changed_fields,
    detectedAt: new Date(change.detected_at).toISOString(),
    duties: duties
      .filter((duty) => duty.change_id === change.id && inScope(scope, duty.agency_id))
      .map(
        (duty): CatalogDutyView => ({
          id: duty.id,
          agency: duty.agency_id ? { id: duty.agency_id, name: duty.agency_name ?? "" } : null,
          dueAt: new Date(duty.due_at).toISOString(),
          remainingWorkingHours: duty.closed_at
            ? null
            : Math.round(calendar.workingHoursBetween(input.now, new Date(duty.due_at)) * 10) / 10,
          closedAt: duty.closed_at ? new Date(duty.closed_at).toISOString() : null,
          closedBy: duty.closed_by_name,
          note: duty.note,
        }),
      ),
  }));
  return input.open ? views.filter((view) => view.duties.some((duty) => duty.closedAt === null)) : views;
}

const noSuchDuty = () =>
  new NotFoundError({ vi: "Không tìm thấy nhiệm vụ cập nhật danh mục", en: "No such catalog update duty" });

/**
 * The agency has updated its offerings and workflows for a catalog change (R-CAT-1): the duty is closed with an
 * optional note, once, and the admin audit log says who closed it. 404 outside the administrator's scope (the
 * province's duties are the system administrator's); 409 when already closed.
 */
export async function closeCatalogDuty(
  db: Kysely<Database>,
  input: { actor: Actor; scope: AdminScope; dutyId: string; note?: string | undefined; now: Date },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const duty = await trx
      .selectFrom("catalog_duties as d")
      .innerJoin("catalog_changes as c", "c.id", "d.change_id")
      .select(["d.id", "d.agency_id", "d.closed_at", "c.procedure_code", "c.kind"])
      .where("d.id", "=", input.dutyId)
      .forUpdate()
      .executeTakeFirst();
    if (!duty || !inScope(input.scope, duty.agency_id)) throw noSuchDuty();
    if (duty.closed_at)
      throw new ConflictError("DUTY_ALREADY_CLOSED", {
        vi: "Nhiệm vụ này đã được đánh dấu hoàn thành",
        en: "This duty is already marked done",
      });
    const note = input.note?.trim() || null;
    await trx
      .updateTable("catalog_duties")
      .set({ closed_at: input.now, closed_by: input.actor.userId, note })
      .where("id", "=", duty.id)
      .execute();
    await recordAdminChange(trx, input.actor, input.now, {
      agencyId: duty.agency_id,
      action: "closeCatalogDuty",
      entity: "catalog_duty",
      entityId: duty.id,
      summary: `Đã cập nhật theo thay đổi danh mục thủ tục ${duty.procedure_code}`,
      before: { closed: false },
      after: { closed: true, note },
    });
  });
}
