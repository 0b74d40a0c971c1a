import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { FileStorage } from "../../integrations/storage/fileStorage.ts";
import type { Actor } from "../accounts/actor.ts";
import { type AdminScope, requireInScope } from "../admin/adminScope.ts";
import { recordAdminChange } from "../admin/auditLog.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { verifyBagTar } from "./bagTar.ts";
import { packageDossier } from "./packageDossier.ts";

const agencyNotFound = { vi: "Không tìm thấy cơ quan", en: "No such agency" };
const batchNotFound = () =>
  new NotFoundError({ vi: "Không tìm thấy đợt giao nộp", en: "No such hand-over batch" });

/** The month's bounds in the province's time (UTC+7, no daylight saving). */
export function monthBounds(month: string): { from: Date; to: Date } {
  const [year, monthIndex] = month.split("-").map(Number) as [number, number];
  const from = new Date(Date.UTC(year, monthIndex - 1, 1) - 7 * 3_600_000);
  const to = new Date(Date.UTC(year, monthIndex, 1) - 7 * 3_600_000);
  return { from, to };
}

export interface BatchView {
  id: string;
  agencyId: string;
  agencyName: string;
  month: string;
  status: "prepared" | "handed_over";
  preparedAt: string;
  handedOverAt: string | null;
  receivedBy: string | null;
  packages: number;
  record: Record<string, unknown>;
}

/**
 * R-ARC-2 (TT 13/2023/TT-BNV Điều 5, 9 k2): the deciding agency's closed dossiers of one month become packages, each
 * verified against its manifests, and one hand-over batch lists them (the hand-over record: dossier codes, package
 * checksums, sizes, the verification). A package that fails verification stops the batch (409): nothing broken is
 * handed over. One batch per agency and month.
 */
export async function prepareBatch(
  db: Kysely<Database>,
  storage: FileStorage,
  input: { actor: Actor; scope: AdminScope; agencyId: string; month: string; now: Date },
): Promise<BatchView> {
  requireInScope(input.scope, input.agencyId, agencyNotFound);
  const agency = await db
    .selectFrom("agencies")
    .select(["id", "code", "name"])
    .where("id", "=", input.agencyId)
    .executeTakeFirst();
  if (!agency) throw new NotFoundError(agencyNotFound);
  const { from, to } = monthBounds(input.month);
  if (to.getTime() > input.now.getTime())
    throw new ConflictError("MONTH_NOT_OVER", {
      vi: "Chỉ giao nộp được tháng đã kết thúc",
      en: "Only a month that has ended can be handed over",
    });
  const id = await inTransaction(db, async (trx) => {
    const existing = await trx
      .selectFrom("archive_batches")
      .select("id")
      .where("agency_id", "=", agency.id)
      .where("month", "=", input.month)
      .executeTakeFirst();
    if (existing)
      throw new ConflictError("BATCH_EXISTS", {
        vi: "Đợt giao nộp của cơ quan cho tháng này đã được lập",
        en: "This agency's batch for this month already exists",
      });
    const dossiers = await trx
      .selectFrom("dossiers")
      .select("id")
      .where("deciding_agency_id", "=", agency.id)
      .where("closed_at", ">=", from)
      .where("closed_at", "<", to)
      .orderBy("closed_at")
      .orderBy("code")
      .execute();
    const packages = [];
    for (const dossier of dossiers) {
      const archived = await packageDossier(trx, storage, { dossierId: dossier.id, now: input.now });
      const content = await storage.get(archived.storageKey);
      const problems = content ? await verifyBagTar(content) : ["package missing from the file store"];
      if (problems.length > 0)
        throw new ConflictError("PACKAGE_BROKEN", {
          vi: `Hồ sơ lưu trữ ${archived.dossierCode} không toàn vẹn: ${problems.join("; ")}`,
          en: `The package of ${archived.dossierCode} is broken: ${problems.join("; ")}`,
        });
      packages.push(archived);
    }
    const record = {
      agency: { code: agency.code, name: agency.name },
      month: input.month,
      preparedAt: input.now.toISOString(),
      preparedBy: input.actor.fullName,
      format: "BagIt 1.0 (RFC 8493), tar",
      verified: true,
      packages: packages.map((item) => ({
        dossierCode: item.dossierCode,
        sha256: item.sha256,
        sizeBytes: item.sizeBytes,
        payloadFiles: item.payloadFiles,
        disposeAfter: item.disposeAfter?.toISOString() ?? null,
      })),
    };
    const batch = await trx
      .insertInto("archive_batches")
      .values({
        agency_id: agency.id,
        month: input.month,
        status: "prepared",
        prepared_by: input.actor.userId,
        prepared_at: input.now,
        record: JSON.stringify(record),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (packages.length > 0)
      await trx
        .updateTable("archive_packages")
        .set({ batch_id: batch.id })
        .where(
          "id",
          "in",
          packages.map((item) => item.id),
        )
        .execute();
    await recordAdminChange(trx, input.actor, input.now, {
      agencyId: agency.id,
      action: "archive.batch.prepare",
      entity: "archive_batch",
      entityId: batch.id,
      summary: `Lập đợt giao nộp lưu trữ ${input.month}: ${packages.length} hồ sơ`,
      before: null,
      after: { month: input.month, packages: packages.length },
    });
    return batch.id;
  });
  return getBatch(db, input.scope, id);
}

/** The archive received the batch: who received it and when (the hand-over record is complete). */
export async function handOverBatch(
  db: Kysely<Database>,
  input: { actor: Actor; scope: AdminScope; batchId: string; receivedBy: string; now: Date },
): Promise<BatchView> {
  await inTransaction(db, async (trx) => {
    const batch = await trx
      .selectFrom("archive_batches")
      .selectAll()
      .where("id", "=", input.batchId)
      .forUpdate()
      .executeTakeFirst();
    if (!batch) throw batchNotFound();
    requireInScope(input.scope, batch.agency_id, {
      vi: "Không tìm thấy đợt giao nộp",
      en: "No such hand-over batch",
    });
    if (batch.status === "handed_over")
      throw new ConflictError("BATCH_HANDED_OVER", {
        vi: "Đợt này đã được giao nộp",
        en: "This batch was already handed over",
      });
    await trx
      .updateTable("archive_batches")
      .set({
        status: "handed_over",
        handed_over_by: input.actor.userId,
        handed_over_at: input.now,
        received_by: input.receivedBy,
        record: JSON.stringify({
          ...batch.record,
          handedOverAt: input.now.toISOString(),
          handedOverBy: input.actor.fullName,
          receivedBy: input.receivedBy,
        }),
      })
      .where("id", "=", batch.id)
      .execute();
    await trx
      .updateTable("archive_packages")
      .set({ status: "handed_over" })
      .where("batch_id", "=", batch.id)
      .where("status", "=", "packaged")
      .execute();
    await recordAdminChange(trx, input.actor, input.now, {
      agencyId: batch.agency_id,
      action: "archive.batch.handover",
      entity: "archive_batch",
      entityId: batch.id,
      summary: `Giao nộp lưu trữ ${batch.month} cho ${input.receivedBy}`,
      before: { status: batch.status },
      after: { status: "handed_over", receivedBy: input.receivedBy },
    });
  });
  return getBatch(db, input.scope, input.batchId);
}

export async function listBatches(db: Kysely<Database>, scope: AdminScope): Promise<BatchView[]> {
  const rows = await batchQuery(db, scope).orderBy("b.month", "desc").orderBy("a.name").execute();
  return rows.map(viewOf);
}

export async function getBatch(db: Kysely<Database>, scope: AdminScope, id: string): Promise<BatchView> {
  const row = await batchQuery(db, scope).where("b.id", "=", id).executeTakeFirst();
  if (!row) throw batchNotFound();
  return viewOf(row);
}

function batchQuery(db: Kysely<Database>, scope: AdminScope) {
  return db
    .selectFrom("archive_batches as b")
    .innerJoin("agencies as a", "a.id", "b.agency_id")
    .selectAll("b")
    .select("a.name as agency_name")
    .select((eb) =>
      eb
        .selectFrom("archive_packages as p")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("p.batch_id", "=", "b.id")
        .as("packages"),
    )
    .$if(!scope.all, (query) =>
      query.where(
        "b.agency_id",
        "in",
        scope.all ? [] : [...scope.agencyIds, "00000000-0000-0000-0000-000000000000"],
      ),
    );
}

function viewOf(row: {
  id: string;
  agency_id: string;
  agency_name: string;
  month: string;
  status: "prepared" | "handed_over";
  prepared_at: Date;
  handed_over_at: Date | null;
  received_by: string | null;
  packages: string | number | null;
  record: Record<string, unknown>;
}): BatchView {
  return {
    id: row.id,
    agencyId: row.agency_id,
    agencyName: row.agency_name,
    month: row.month,
    status: row.status,
    preparedAt: new Date(row.prepared_at).toISOString(),
    handedOverAt: row.handed_over_at === null ? null : new Date(row.handed_over_at).toISOString(),
    receivedBy: row.received_by,
    packages: Number(row.packages ?? 0),
    record: row.record,
  };
}
