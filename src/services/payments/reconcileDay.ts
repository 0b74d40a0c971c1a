import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { reconcile, type StatementLine } from "../../domain/fees/reconcile.ts";
import type { PaymentPlatform } from "../../integrations/payment/paymentPlatform.ts";
import { type Actor, agencyIdsFor, hasRole } from "../accounts/actor.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ZONE_OFFSET_MS = 7 * 3_600_000;

/** The Vietnam calendar day before `now` (the statement the daily job fetches). */
export function previousVietnamDay(now: Date): string {
  return new Date(now.getTime() + ZONE_OFFSET_MS - 86_400_000).toISOString().slice(0, 10);
}

/** The instants bounding a Vietnam calendar day. */
export function vietnamDayBounds(day: string): { from: Date; to: Date } {
  const from = new Date(`${day}T00:00:00+07:00`);
  return { from, to: new Date(from.getTime() + 86_400_000) };
}

/** Splits one CSV line (RFC 4180 quotes). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let current = "";
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index]!;
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        current += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      fields.push(current);
      current = "";
    } else current += char;
  }
  fields.push(current);
  return fields;
}

/** The platform's statement CSV (header NgayGiaoDich, MaGiaoDich, MaYeuCauThanhToan, MaHoSo, SoTien, …). */
export function parseStatement(csv: string): StatementLine[] {
  const lines = csv.split(/\r?\n/).filter((line) => line.trim() !== "");
  if (lines.length === 0) return [];
  const header = csvFields(lines[0]!);
  const column = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`statement without column ${name}`);
    return index;
  };
  const [at, id, request, dossier, amount] = [
    column("NgayGiaoDich"),
    column("MaGiaoDich"),
    column("MaYeuCauThanhToan"),
    column("MaHoSo"),
    column("SoTien"),
  ];
  return lines.slice(1).map((line) => {
    const fields = csvFields(line);
    const value = Number(fields[amount]);
    if (!Number.isSafeInteger(value)) throw new Error(`statement line with a bad amount: ${line}`);
    return {
      transactionId: fields[id]!,
      paymentRequestId: fields[request]!,
      dossierCode: fields[dossier]!,
      amount: value,
      paidAt: new Date(fields[at]!),
    };
  });
}

/**
 * Daily reconciliation (R-FEE-2): the platform's statement of one day against the online payments OneStop recorded
 * paid that day (accepted or held: money the platform took). Every difference is kept until an officer resolves it;
 * running a day again refreshes the differences still open and keeps the resolved ones.
 */
export async function reconcileDay(
  db: Kysely<Database>,
  platform: PaymentPlatform,
  input: { day: string; now: Date },
) {
  if (!DAY.test(input.day))
    throw new ValidationError([
      { field: "day", message: { vi: "Ngày phải có dạng YYYY-MM-DD", en: "The day must be YYYY-MM-DD" } },
    ]);
  const statement = parseStatement(await platform.fetchStatement(input.day));
  const { from, to } = vietnamDayBounds(input.day);
  return inTransaction(db, async (trx) => {
    const recorded = await trx
      .selectFrom("payment_transactions")
      .select(["transaction_id", "amount", "agency_id"])
      .where("method", "in", ["onlineNational", "onlineProvincial"])
      .where("outcome", "in", ["accepted", "held", "rejected"])
      .where("paid_at", ">=", from)
      .where("paid_at", "<", to)
      .execute();
    const outcome = reconcile(
      statement,
      recorded.map((row) => ({ transactionId: row.transaction_id, amount: Number(row.amount) })),
    );
    const values = {
      fetched_at: input.now,
      statement_lines: statement.length,
      statement_total: outcome.statementTotal,
      recorded_total: outcome.recordedTotal,
      matched: outcome.matched,
    };
    await trx
      .insertInto("reconciliation_days")
      .values({ day: input.day, ...values })
      .onConflict((oc) => oc.column("day").doUpdateSet(values))
      .execute();
    await trx
      .deleteFrom("reconciliation_differences")
      .where("day", "=", input.day)
      .where("resolved_at", "is", null)
      .execute();
    const agencyOf = new Map(recorded.map((row) => [row.transaction_id, row.agency_id]));
    const requests = statement
      .filter((line) => /^[0-9a-f-]{36}$/i.test(line.paymentRequestId))
      .map((line) => line.paymentRequestId);
    const requestAgency = new Map(
      requests.length === 0
        ? []
        : (
            await trx
              .selectFrom("payment_requests")
              .select(["id", "agency_id"])
              .where("id", "in", requests)
              .execute()
          ).map((row) => [row.id, row.agency_id]),
    );
    const codeOf = new Map(statement.map((line) => [line.transactionId, line]));
    for (const difference of outcome.differences) {
      const line = codeOf.get(difference.transactionId);
      await trx
        .insertInto("reconciliation_differences")
        .values({
          day: input.day,
          kind: difference.kind,
          transaction_id: difference.transactionId,
          agency_id:
            agencyOf.get(difference.transactionId) ??
            (line ? (requestAgency.get(line.paymentRequestId) ?? null) : null),
          dossier_code: line?.dossierCode ?? null,
          statement_amount: difference.statementAmount,
          recorded_amount: difference.recordedAmount,
        })
        .onConflict((oc) => oc.columns(["day", "transaction_id"]).doNothing())
        .execute();
    }
    return { day: input.day, ...outcome, statementLines: statement.length };
  });
}

const RECONCILER_ROLES = ["counter_officer", "agency_leader"] as const;

/** The differences an officer sees: those of their agencies, and the unattributed ones for the province's officers. */
export async function listDifferences(
  db: Kysely<Database>,
  actor: Actor,
  filter: { from: string; to: string },
) {
  const all = hasRole(actor, ["system_admin", "service_center_monitor"]);
  const agencies = agencyIdsFor(actor, [...RECONCILER_ROLES]);
  if (!all && agencies.length === 0) return [];
  let query = db
    .selectFrom("reconciliation_differences")
    .leftJoin("users", "users.id", "reconciliation_differences.resolved_by")
    .select([
      "reconciliation_differences.id",
      "reconciliation_differences.day",
      "reconciliation_differences.kind",
      "reconciliation_differences.transaction_id",
      "reconciliation_differences.dossier_code",
      "reconciliation_differences.statement_amount",
      "reconciliation_differences.recorded_amount",
      "reconciliation_differences.resolution",
      "reconciliation_differences.resolved_at",
      "users.full_name as resolved_by_name",
    ])
    .where("reconciliation_differences.day", ">=", filter.from)
    .where("reconciliation_differences.day", "<=", filter.to)
    .orderBy("reconciliation_differences.day")
    .orderBy("reconciliation_differences.transaction_id");
  if (!all) query = query.where("reconciliation_differences.agency_id", "in", agencies);
  return (await query.execute()).map((row) => ({
    id: row.id,
    day: row.day,
    kind: row.kind,
    transactionId: row.transaction_id,
    dossierCode: row.dossier_code,
    statementAmount: row.statement_amount === null ? null : Number(row.statement_amount),
    recordedAmount: row.recorded_amount === null ? null : Number(row.recorded_amount),
    resolution: row.resolution,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    resolvedBy: row.resolved_by_name ?? null,
  }));
}

/** An officer resolves one difference with a reason (R-FEE-2: investigated, nothing closes silently). */
export async function resolveDifference(
  db: Kysely<Database>,
  input: { id: string; actor: Actor; reason: string; now: Date },
) {
  const row = await db
    .selectFrom("reconciliation_differences")
    .select(["id", "agency_id", "resolved_at"])
    .where("id", "=", input.id)
    .executeTakeFirst();
  const allowed =
    row &&
    (hasRole(input.actor, ["system_admin", "service_center_monitor"]) ||
      (row.agency_id !== null && hasRole(input.actor, [...RECONCILER_ROLES], { agencyId: row.agency_id })));
  if (!row || !allowed)
    throw new NotFoundError({
      vi: "Không tìm thấy chênh lệch đối soát",
      en: "No such reconciliation difference",
    });
  const done = await db
    .updateTable("reconciliation_differences")
    .set({ resolved_by: input.actor.userId, resolved_at: input.now, resolution: input.reason })
    .where("id", "=", row.id)
    .where("resolved_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  if (!done)
    throw new ConflictError("ALREADY_RESOLVED", {
      vi: "Chênh lệch này đã được xử lý",
      en: "This difference has already been resolved",
    });
}
