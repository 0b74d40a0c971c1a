import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { defaultRetentionYears } from "../../domain/archive/retention.ts";
import type { Actor } from "../accounts/actor.ts";
import { type AdminScope, requireSystemAdmin } from "../admin/adminScope.ts";
import { recordAdminChange } from "../admin/auditLog.ts";
import { NotFoundError } from "../errors.ts";

type Db = Kysely<Database> | Transaction<Database>;

export interface RetentionRow {
  procedureId: string;
  procedureCode: string;
  procedureName: string;
  fieldName: string;
  /** The default of the rules (null = permanent). */
  defaultYears: number | null;
  /** The administrator's setting, when there is one (undefined: the default applies). */
  configured: { years: number | null; updatedAt: string } | null;
  /** What applies now. */
  years: number | null;
}

/** Every procedure's retention (R-ARC-1): the default, the administrator's setting, the one in force. */
export async function listRetention(db: Db): Promise<RetentionRow[]> {
  const rows = await db
    .selectFrom("procedures as p")
    .innerJoin("fields as f", "f.id", "p.field_id")
    .leftJoin("archive_retention as r", "r.procedure_id", "p.id")
    .select(["p.id", "p.code", "p.name", "f.name as field_name", "r.years", "r.updated_at"])
    .orderBy("p.code")
    .execute();
  return rows.map((row) => {
    const defaultYears = defaultRetentionYears(row.field_name);
    const configured =
      row.updated_at === null
        ? null
        : { years: row.years, updatedAt: new Date(row.updated_at).toISOString() };
    return {
      procedureId: row.id,
      procedureCode: row.code,
      procedureName: row.name,
      fieldName: row.field_name,
      defaultYears,
      configured,
      years: configured ? configured.years : defaultYears,
    };
  });
}

/** The retention in force for one procedure. */
export async function retentionOf(db: Db, procedureId: string): Promise<number | null> {
  const row = await db
    .selectFrom("procedures as p")
    .innerJoin("fields as f", "f.id", "p.field_id")
    .leftJoin("archive_retention as r", "r.procedure_id", "p.id")
    .select(["f.name as field_name", "r.years", "r.updated_at"])
    .where("p.id", "=", procedureId)
    .executeTakeFirstOrThrow();
  return row.updated_at === null ? defaultRetentionYears(row.field_name) : row.years;
}

/**
 * The system administrator sets a procedure's retention (years, or null for permanent), or clears the setting
 * (`"default"`) so the rules' default applies again. Retention is the province's (procedures are), so agency
 * administrators read it but do not set it. Audited in the same transaction.
 */
export async function setRetention(
  db: Kysely<Database>,
  input: {
    actor: Actor;
    scope: AdminScope;
    procedureId: string;
    years: number | null | "default";
    now: Date;
  },
): Promise<RetentionRow> {
  requireSystemAdmin(input.scope);
  return inTransaction(db, async (trx) => {
    const before = (await listRetention(trx)).find((row) => row.procedureId === input.procedureId);
    if (!before) throw new NotFoundError({ vi: "Không tìm thấy thủ tục", en: "No such procedure" });
    if (input.years === "default")
      await trx.deleteFrom("archive_retention").where("procedure_id", "=", input.procedureId).execute();
    else
      await trx
        .insertInto("archive_retention")
        .values({
          procedure_id: input.procedureId,
          years: input.years,
          updated_by: input.actor.userId,
          updated_at: input.now,
        })
        .onConflict((conflict) =>
          conflict.column("procedure_id").doUpdateSet({
            years: input.years === "default" ? null : input.years,
            updated_by: input.actor.userId,
            updated_at: input.now,
          }),
        )
        .execute();
    const after = (await listRetention(trx)).find((row) => row.procedureId === input.procedureId)!;
    await recordAdminChange(trx, input.actor, input.now, {
      agencyId: null,
      action: "archive.retention.set",
      entity: "procedure",
      entityId: input.procedureId,
      summary: `Thời hạn lưu trữ ${before.procedureCode}: ${after.years ?? "vĩnh viễn"}`,
      before: { years: before.years },
      after: { years: after.years },
    });
    return after;
  });
}
