import { type Kysely, sql } from "kysely";
import type { CatalogChangeKind, CatalogFieldChange } from "../../db/nationalPortalTables.ts";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { diffProcedure } from "../../domain/catalog/catalogDiff.ts";
import { loadWorkingCalendar } from "../calendar/loadCalendar.ts";
import {
  checkProcedureRows,
  parseImportFile,
  type RejectedRow,
  upsertProcedure,
} from "../catalog/importProcedures.ts";
import { snapshotOfMapped, storedProcedures } from "./procedureSnapshots.ts";

/** Where the national procedure database's API is (DVCQG_CATALOG_URL) and how to call it. */
export interface CatalogSource {
  url: string;
  /** Sent as `Authorization: Bearer …` when set. */
  token?: string | undefined;
  timeoutMs: number;
}

export interface CatalogPullReport {
  pullId: string;
  outcome: "succeeded" | "failed";
  error: string | null;
  received: number;
  added: string[];
  changed: string[];
  withdrawn: string[];
  restored: string[];
  rejected: RejectedRow[];
}

/** R-CAT-1: the province updates its offerings within 5 working days of a catalog change. */
export const CATALOG_DUTY = { amount: 5, unit: "wd" } as const;

/** The rows the national database serves (an array, or `{ data | items | result: [...] }` like an export file). */
export async function fetchCatalogRows(source: CatalogSource): Promise<unknown[]> {
  let response: Response;
  try {
    response = await fetch(source.url, {
      headers: {
        accept: "application/json",
        ...(source.token ? { authorization: `Bearer ${source.token}` } : {}),
      },
      signal: AbortSignal.timeout(source.timeoutMs),
    });
  } catch (error) {
    const name = (error as Error).name;
    throw new Error(
      name === "TimeoutError" || name === "AbortError"
        ? `CSDL quốc gia về TTHC không trả lời trong ${source.timeoutMs} ms`
        : `Không kết nối được CSDL quốc gia về TTHC: ${(error as Error).message}`,
    );
  }
  if (!response.ok) throw new Error(`CSDL quốc gia về TTHC trả lỗi HTTP ${response.status}`);
  try {
    return parseImportFile(await response.text());
  } catch (error) {
    throw new Error(`Dữ liệu CSDL quốc gia về TTHC không đọc được: ${(error as Error).message}`);
  }
}

const codeOf = (row: unknown) =>
  row && typeof row === "object" && typeof (row as { MaTTHC?: unknown }).MaTTHC === "string"
    ? (row as { MaTTHC: string }).MaTTHC
    : undefined;

async function recordFailure(db: Kysely<Database>, source: CatalogSource, startedAt: Date, error: string) {
  const { id } = await db
    .insertInto("catalog_pulls")
    .values({
      source_url: source.url,
      started_at: startedAt,
      finished_at: startedAt,
      outcome: "failed",
      rejected: "[]",
      error,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * One pull of the national procedure database (issue #13, R-SYNC-6): the catalog is read from `DVCQG_CATALOG_URL`,
 * every row checked by the same code as `import-procedures`, and in one transaction (serialized between processes by
 * an advisory lock) each procedure is compared with ours field by field: new ones are added, changed ones updated,
 * national ones no longer served are flagged withdrawn (never deleted: old dossiers keep them; no new dossier takes
 * them), withdrawn ones served again are restored. Each change is recorded with its fields before and after, and
 * starts the 5-working-day duty (R-CAT-1) of every agency offering the procedure (the province's own duty for a new
 * one). A row that fails the checks is reported and never counts as withdrawn; an answer without a single valid
 * procedure, or no answer, changes nothing and is recorded as a failed pull.
 */
export async function pullCatalog(
  db: Kysely<Database>,
  input: { source: CatalogSource; now: Date; rows?: unknown[] },
): Promise<CatalogPullReport> {
  const startedAt = input.now;
  const failed = async (error: string): Promise<CatalogPullReport> => ({
    pullId: await recordFailure(db, input.source, startedAt, error),
    outcome: "failed",
    error,
    received: 0,
    added: [],
    changed: [],
    withdrawn: [],
    restored: [],
    rejected: [],
  });
  let rows: unknown[];
  try {
    rows = input.rows ?? (await fetchCatalogRows(input.source));
  } catch (error) {
    return failed((error as Error).message);
  }
  const { accepted, rejected } = await checkProcedureRows(db, rows);
  if (accepted.length === 0)
    return failed(`Không có thủ tục hợp lệ nào trong ${rows.length} dòng nhận được; danh mục giữ nguyên`);
  const served = new Set(rows.map(codeOf).filter((code): code is string => code !== undefined));

  return inTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('catalog-pull'))`.execute(trx);
    const before = await storedProcedures(trx);
    const calendar = await loadWorkingCalendar(trx);
    const dueAt = calendar.add(input.now, CATALOG_DUTY);
    const pull = await trx
      .insertInto("catalog_pulls")
      .values({
        source_url: input.source.url,
        started_at: startedAt,
        finished_at: input.now,
        outcome: "succeeded",
        received: rows.length,
        rejected: JSON.stringify(rejected),
        error: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const report: CatalogPullReport = {
      pullId: pull.id,
      outcome: "succeeded",
      error: null,
      received: rows.length,
      added: [],
      changed: [],
      withdrawn: [],
      restored: [],
      rejected,
    };

    const record = async (
      procedure: { id: string; code: string; name: string },
      kind: CatalogChangeKind,
      fields: CatalogFieldChange[],
    ) => {
      const change = await trx
        .insertInto("catalog_changes")
        .values({
          pull_id: pull.id,
          procedure_id: procedure.id,
          procedure_code: procedure.code,
          procedure_name: procedure.name,
          kind,
          changed_fields: JSON.stringify(fields),
          detected_at: input.now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const offeredBy = await trx
        .selectFrom("procedure_offerings")
        .select("agency_id")
        .distinct()
        .where("procedure_id", "=", procedure.id)
        .execute();
      const agencies = offeredBy.length > 0 ? offeredBy.map((row) => row.agency_id) : [null];
      await trx
        .insertInto("catalog_duties")
        .values(
          agencies.map((agencyId) => ({
            change_id: change.id,
            agency_id: agencyId,
            created_at: input.now,
            due_at: dueAt,
          })),
        )
        .execute();
      (kind === "added"
        ? report.added
        : kind === "changed"
          ? report.changed
          : kind === "withdrawn"
            ? report.withdrawn
            : report.restored
      ).push(procedure.code);
    };

    for (const procedure of accepted) {
      const previous = before.get(procedure.code);
      const fields = previous ? diffProcedure(previous.snapshot, snapshotOfMapped(procedure)) : [];
      const restoring = previous?.withdrawnAt != null;
      if (previous && fields.length === 0 && !restoring) continue;
      await upsertProcedure(trx, procedure);
      const stored = await trx
        .updateTable("procedures")
        .set({ withdrawn_at: null })
        .where("code", "=", procedure.code)
        .returning(["id", "code", "name"])
        .executeTakeFirstOrThrow();
      await record(stored, previous ? (restoring ? "restored" : "changed") : "added", fields);
    }
    for (const previous of before.values()) {
      if (previous.source !== "national" || previous.withdrawnAt !== null || served.has(previous.code))
        continue;
      await trx
        .updateTable("procedures")
        .set({ withdrawn_at: input.now })
        .where("id", "=", previous.id)
        .execute();
      await record(previous, "withdrawn", []);
    }
    await trx
      .updateTable("catalog_pulls")
      .set({
        added: report.added.length,
        changed: report.changed.length,
        withdrawn: report.withdrawn.length,
        restored: report.restored.length,
      })
      .where("id", "=", pull.id)
      .execute();
    return report;
  });
}

/**
 * The scheduled pull (issue #13): pulls when the last successful one is older than `intervalHours`, and retries a
 * failed one after `retryMinutes`; otherwise does nothing. Several processes may call it: the pull's own lock keeps
 * their changes from being recorded twice.
 */
export async function pullCatalogIfDue(
  db: Kysely<Database>,
  input: { source: CatalogSource; now: Date; intervalHours: number; retryMinutes?: number },
): Promise<CatalogPullReport | undefined> {
  const last = await db
    .selectFrom("catalog_pulls")
    .select(["started_at", "outcome"])
    .orderBy("started_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (last) {
    const age = input.now.getTime() - new Date(last.started_at).getTime();
    const wait =
      last.outcome === "succeeded" ? input.intervalHours * 3_600_000 : (input.retryMinutes ?? 15) * 60_000;
    if (age < wait) return undefined;
  }
  return pullCatalog(db, { source: input.source, now: input.now });
}
