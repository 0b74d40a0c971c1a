import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { disposalRefusal } from "../../domain/archive/retention.ts";
import type { Actor } from "../accounts/actor.ts";
import { type AdminScope, requireInScope } from "../admin/adminScope.ts";
import { recordAdminChange } from "../admin/auditLog.ts";
import { ConflictError, NotFoundError } from "../errors.ts";

const listNotFound = { vi: "Không tìm thấy danh mục hủy", en: "No such disposal list" };
const agencyNotFound = { vi: "Không tìm thấy cơ quan", en: "No such agency" };

export interface DisposalListView {
  id: string;
  agencyId: string;
  agencyName: string;
  status: "proposed" | "approved" | "executed";
  proposedAt: string;
  approvedAt: string | null;
  decisionRef: string | null;
  executedAt: string | null;
  items: {
    packageId: string;
    dossierCode: string;
    disposeAfter: string | null;
    outcome: "disposed" | "held" | null;
  }[];
}

async function candidates(
  trx: Transaction<Database>,
  packageIds: readonly string[] | null,
  agencyId: string,
) {
  return trx
    .selectFrom("archive_packages as p")
    .select(["p.id", "p.dossier_code", "p.status", "p.dispose_after"])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom("archive_holds as h")
            .select("h.id")
            .whereRef("h.dossier_id", "=", "p.dossier_id")
            .where("h.released_at", "is", null),
        )
        .as("on_hold"),
    )
    .where("p.agency_id", "=", agencyId)
    .$if(packageIds !== null, (query) =>
      query.where("p.id", "in", [...(packageIds ?? []), "00000000-0000-0000-0000-000000000000"]),
    )
    .orderBy("p.closed_at")
    .execute();
}

/**
 * R-ARC-1/2: an administrator proposes the agency's disposal list — every package whose retention has ended, not
 * permanent, not under a legal hold, not already disposed (domain disposalRefusal). Nothing is disposed yet. An
 * empty list is refused (409): there is nothing to approve.
 */
export async function proposeDisposalList(
  db: Kysely<Database>,
  input: { actor: Actor; scope: AdminScope; agencyId: string; now: Date },
): Promise<DisposalListView> {
  requireInScope(input.scope, input.agencyId, agencyNotFound);
  const id = await inTransaction(db, async (trx) => {
    const rows = await candidates(trx, null, input.agencyId);
    const due = rows.filter(
      (row) =>
        disposalRefusal(
          {
            status: row.status,
            disposeAfter: row.dispose_after === null ? null : new Date(row.dispose_after),
            onHold: Boolean(row.on_hold),
          },
          input.now,
        ) === undefined,
    );
    if (due.length === 0)
      throw new ConflictError("NOTHING_TO_DISPOSE", {
        vi: "Không có hồ sơ lưu trữ nào hết thời hạn bảo quản",
        en: "No archived dossier has reached the end of its retention",
      });
    const list = await trx
      .insertInto("archive_disposal_lists")
      .values({
        agency_id: input.agencyId,
        status: "proposed",
        proposed_by: input.actor.userId,
        proposed_at: input.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("archive_disposal_items")
      .values(due.map((row) => ({ list_id: list.id, package_id: row.id, outcome: null })))
      .execute();
    await recordAdminChange(trx, input.actor, input.now, {
      agencyId: input.agencyId,
      action: "archive.disposal.propose",
      entity: "archive_disposal_list",
      entityId: list.id,
      summary: `Đề xuất danh mục hủy ${due.length} hồ sơ lưu trữ hết thời hạn`,
      before: null,
      after: { dossiers: due.map((row) => row.dossier_code) },
    });
    return list.id;
  });
  return getDisposalList(db, input.scope, id);
}

/**
 * Another administrator approves the list, citing the decision (four eyes: the proposer may not approve their own
 * list). Still nothing is disposed until it is executed.
 */
export async function approveDisposalList(
  db: Kysely<Database>,
  input: { actor: Actor; scope: AdminScope; listId: string; decisionRef: string; now: Date },
): Promise<DisposalListView> {
  await inTransaction(db, async (trx) => {
    const list = await lockList(trx, input.scope, input.listId);
    if (list.status !== "proposed")
      throw new ConflictError("LIST_NOT_PROPOSED", {
        vi: "Danh mục hủy không ở trạng thái chờ phê duyệt",
        en: "The disposal list is not awaiting approval",
      });
    if (list.proposed_by === input.actor.userId)
      throw new ConflictError("SAME_PERSON", {
        vi: "Người đề xuất không được tự phê duyệt danh mục hủy",
        en: "The person who proposed the list may not approve it",
      });
    await trx
      .updateTable("archive_disposal_lists")
      .set({
        status: "approved",
        approved_by: input.actor.userId,
        approved_at: input.now,
        decision_ref: input.decisionRef,
      })
      .where("id", "=", list.id)
      .execute();
    await recordAdminChange(trx, input.actor, input.now, {
      agencyId: list.agency_id,
      action: "archive.disposal.approve",
      entity: "archive_disposal_list",
      entityId: list.id,
      summary: `Phê duyệt danh mục hủy theo ${input.decisionRef}`,
      before: { status: "proposed" },
      after: { status: "approved", decisionRef: input.decisionRef },
    });
  });
  return getDisposalList(db, input.scope, input.listId);
}

/**
 * Executes an approved list: each package is checked again now — a hold placed since the approval wins, and the
 * package stays (`held`) — and the others are marked disposed with the time. The package rows, their checksums and
 * this list remain as the audit record: disposal is never a silent deletion.
 */
export async function executeDisposalList(
  db: Kysely<Database>,
  input: { actor: Actor; scope: AdminScope; listId: string; now: Date },
): Promise<DisposalListView> {
  await inTransaction(db, async (trx) => {
    const list = await lockList(trx, input.scope, input.listId);
    if (list.status !== "approved")
      throw new ConflictError("LIST_NOT_APPROVED", {
        vi: "Danh mục hủy chưa được phê duyệt",
        en: "The disposal list is not approved",
      });
    const items = await trx
      .selectFrom("archive_disposal_items")
      .select("package_id")
      .where("list_id", "=", list.id)
      .execute();
    const rows = await candidates(
      trx,
      items.map((item) => item.package_id),
      list.agency_id,
    );
    const outcome: Record<string, "disposed" | "held"> = {};
    for (const row of rows) {
      const refusal = disposalRefusal(
        {
          status: row.status,
          disposeAfter: row.dispose_after === null ? null : new Date(row.dispose_after),
          onHold: Boolean(row.on_hold),
        },
        input.now,
      );
      outcome[row.id] = refusal === undefined ? "disposed" : "held";
      await trx
        .updateTable("archive_disposal_items")
        .set({ outcome: outcome[row.id]! })
        .where("list_id", "=", list.id)
        .where("package_id", "=", row.id)
        .execute();
      if (refusal === undefined)
        await trx
          .updateTable("archive_packages")
          .set({ status: "disposed", disposed_at: input.now })
          .where("id", "=", row.id)
          .execute();
    }
    await trx
      .updateTable("archive_disposal_lists")
      .set({ status: "executed", executed_at: input.now })
      .where("id", "=", list.id)
      .execute();
    const disposed = rows.filter((row) => outcome[row.id] === "disposed").map((row) => row.dossier_code);
    const held = rows.filter((row) => outcome[row.id] === "held").map((row) => row.dossier_code);
    await recordAdminChange(trx, input.actor, input.now, {
      agencyId: list.agency_id,
      action: "archive.disposal.execute",
      entity: "archive_disposal_list",
      entityId: list.id,
      summary: `Thực hiện hủy ${disposed.length} hồ sơ lưu trữ; giữ lại ${held.length}`,
      before: { status: "approved" },
      after: { disposed, held },
    });
  });
  return getDisposalList(db, input.scope, input.listId);
}

async function lockList(trx: Transaction<Database>, scope: AdminScope, id: string) {
  const list = await trx
    .selectFrom("archive_disposal_lists")
    .selectAll()
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
  if (!list) throw new NotFoundError(listNotFound);
  requireInScope(scope, list.agency_id, listNotFound);
  return list;
}

export async function listDisposalLists(
  db: Kysely<Database>,
  scope: AdminScope,
): Promise<DisposalListView[]> {
  const lists = await db
    .selectFrom("archive_disposal_lists")
    .select("id")
    .$if(!scope.all, (query) =>
      query.where("agency_id", "in", [
        ...(scope.all ? [] : scope.agencyIds),
        "00000000-0000-0000-0000-000000000000",
      ]),
    )
    .orderBy("proposed_at", "desc")
    .execute();
  return Promise.all(lists.map((list) => getDisposalList(db, scope, list.id)));
}

export async function getDisposalList(
  db: Kysely<Database>,
  scope: AdminScope,
  id: string,
): Promise<DisposalListView> {
  const list = await db
    .selectFrom("archive_disposal_lists as l")
    .innerJoin("agencies as a", "a.id", "l.agency_id")
    .selectAll("l")
    .select("a.name as agency_name")
    .where("l.id", "=", id)
    .executeTakeFirst();
  if (!list) throw new NotFoundError(listNotFound);
  requireInScope(scope, list.agency_id, listNotFound);
  const items = await db
    .selectFrom("archive_disposal_items as i")
    .innerJoin("archive_packages as p", "p.id", "i.package_id")
    .select(["i.package_id", "p.dossier_code", "p.dispose_after", "i.outcome"])
    .where("i.list_id", "=", id)
    .orderBy("p.dossier_code")
    .execute();
  const iso = (value: Date | null) => (value === null ? null : new Date(value).toISOString());
  return {
    id: list.id,
    agencyId: list.agency_id,
    agencyName: list.agency_name,
    status: list.status,
    proposedAt: iso(list.proposed_at)!,
    approvedAt: iso(list.approved_at),
    decisionRef: list.decision_ref,
    executedAt: iso(list.executed_at),
    items: items.map((item) => ({
      packageId: item.package_id,
      dossierCode: item.dossier_code,
      disposeAfter: iso(item.dispose_after),
      outcome: item.outcome,
    })),
  };
}
