import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { Actor } from "../accounts/actor.ts";
import { type AdminScope, requireInScope } from "../admin/adminScope.ts";
import { recordAdminChange } from "../admin/auditLog.ts";
import { ConflictError, NotFoundError } from "../errors.ts";

const dossierNotFound = { vi: "Không tìm thấy hồ sơ", en: "No such dossier" };
const holdNotFound = { vi: "Không tìm thấy lệnh tạm giữ", en: "No such legal hold" };

export interface HoldView {
  id: string;
  dossierId: string;
  dossierCode: string;
  agencyName: string;
  reason: string;
  placedAt: string;
  releasedAt: string | null;
}

/**
 * A legal hold (R-ARC-1, R-ARC-2): a dossier under inspection, complaint or litigation is kept whatever its
 * retention; disposal skips it while the hold stands. Placed by an administrator of the deciding agency, by dossier
 * code; one standing hold per dossier.
 */
export async function placeHold(
  db: Kysely<Database>,
  input: { actor: Actor; scope: AdminScope; dossierCode: string; reason: string; now: Date },
): Promise<HoldView> {
  const id = await inTransaction(db, async (trx) => {
    const dossier = await trx
      .selectFrom("dossiers")
      .select(["id", "code", "deciding_agency_id"])
      .where("code", "=", input.dossierCode.trim())
      .executeTakeFirst();
    if (!dossier) throw new NotFoundError(dossierNotFound);
    requireInScope(input.scope, dossier.deciding_agency_id, dossierNotFound);
    const standing = await trx
      .selectFrom("archive_holds")
      .select("id")
      .where("dossier_id", "=", dossier.id)
      .where("released_at", "is", null)
      .executeTakeFirst();
    if (standing)
      throw new ConflictError("HOLD_EXISTS", {
        vi: "Hồ sơ đang có lệnh tạm giữ",
        en: "The dossier is already on hold",
      });
    const hold = await trx
      .insertInto("archive_holds")
      .values({
        dossier_id: dossier.id,
        agency_id: dossier.deciding_agency_id,
        reason: input.reason,
        placed_by: input.actor.userId,
        placed_at: input.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAdminChange(trx, input.actor, input.now, {
      agencyId: dossier.deciding_agency_id,
      action: "archive.hold.place",
      entity: "dossier",
      entityId: dossier.id,
      summary: `Tạm giữ hồ sơ ${dossier.code}: ${input.reason}`,
      before: null,
      after: { reason: input.reason },
    });
    return hold.id;
  });
  return (await listHolds(db, input.scope, { includeReleased: true })).find((hold) => hold.id === id)!;
}

export async function releaseHold(
  db: Kysely<Database>,
  input: { actor: Actor; scope: AdminScope; holdId: string; now: Date },
): Promise<HoldView> {
  await inTransaction(db, async (trx) => {
    const hold = await trx
      .selectFrom("archive_holds")
      .selectAll()
      .where("id", "=", input.holdId)
      .forUpdate()
      .executeTakeFirst();
    if (!hold) throw new NotFoundError(holdNotFound);
    requireInScope(input.scope, hold.agency_id, holdNotFound);
    if (hold.released_at !== null)
      throw new ConflictError("HOLD_RELEASED", {
        vi: "Lệnh tạm giữ đã được gỡ",
        en: "The hold was already released",
      });
    await trx
      .updateTable("archive_holds")
      .set({ released_at: input.now, released_by: input.actor.userId })
      .where("id", "=", hold.id)
      .execute();
    await recordAdminChange(trx, input.actor, input.now, {
      agencyId: hold.agency_id,
      action: "archive.hold.release",
      entity: "dossier",
      entityId: hold.dossier_id,
      summary: "Gỡ lệnh tạm giữ hồ sơ",
      before: { reason: hold.reason },
      after: null,
    });
  });
  return (await listHolds(db, input.scope, { includeReleased: true })).find(
    (hold) => hold.id === input.holdId,
  )!;
}

export async function listHolds(
  db: Kysely<Database>,
  scope: AdminScope,
  { includeReleased = false }: { includeReleased?: boolean } = {},
): Promise<HoldView[]> {
  const rows = await db
    .selectFrom("archive_holds as h")
    .innerJoin("dossiers as d", "d.id", "h.dossier_id")
    .innerJoin("agencies as a", "a.id", "h.agency_id")
    .select(["h.id", "h.dossier_id", "d.code", "a.name", "h.reason", "h.placed_at", "h.released_at"])
    .$if(!includeReleased, (query) => query.where("h.released_at", "is", null))
    .$if(!scope.all, (query) =>
      query.where("h.agency_id", "in", [
        ...(scope.all ? [] : scope.agencyIds),
        "00000000-0000-0000-0000-000000000000",
      ]),
    )
    .orderBy("h.placed_at", "desc")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    dossierId: row.dossier_id,
    dossierCode: row.code,
    agencyName: row.name,
    reason: row.reason,
    placedAt: new Date(row.placed_at).toISOString(),
    releasedAt: row.released_at === null ? null : new Date(row.released_at).toISOString(),
  }));
}
