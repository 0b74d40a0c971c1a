import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { validatorFor } from "../validation/ajv.ts";
import { describeErrors, type LocalizedText } from "../validation/messages.ts";
import { type MappedProcedure, mapNationalProcedure, procedureSearchText } from "./mapNationalProcedure.ts";
import { NationalProcedure } from "./nationalProcedureSchema.ts";

export interface RejectedRow {
  /** Position in the file, from 1. */
  row: number;
  code: string | null;
  reasons: LocalizedText[];
}

export interface ImportReport {
  created: string[];
  updated: string[];
  rejected: RejectedRow[];
}

/** The file itself cannot be read as an export: nothing is imported. */
export class ImportFileError extends Error {
  constructor(readonly text: LocalizedText) {
    super(text.vi);
    this.name = "ImportFileError";
  }
}

/** Reads an export: a JSON array of procedures, or an object wrapping one in `data`, `items` or `result`. */
export function parseImportFile(content: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    throw new ImportFileError({
      vi: `Tệp không phải JSON hợp lệ: ${(error as Error).message}`,
      en: `The file is not valid JSON: ${(error as Error).message}`,
    });
  }
  if (Array.isArray(parsed)) return parsed;
  if (parsed && typeof parsed === "object") {
    for (const key of ["data", "items", "result"]) {
      const inner = (parsed as Record<string, unknown>)[key];
      if (Array.isArray(inner)) return inner;
    }
  }
  throw new ImportFileError({
    vi: "Tệp phải chứa một danh sách thủ tục (mảng JSON, hoặc đối tượng có trường data/items/result là mảng)",
    en: "The file must hold a list of procedures (a JSON array, or an object whose data/items/result is an array)",
  });
}

/**
 * Upserts procedures by national code (R-CODE-4, R-SYNC-6). Every row is checked first; the good ones are then
 * written in one transaction, so a bad row never stops a good one and a failure changes nothing.
 */
export async function importProcedures(
  db: Kysely<Database>,
  rows: readonly unknown[],
): Promise<ImportReport> {
  const { accepted, rejected } = await checkProcedureRows(db, rows);
  const report: ImportReport = { created: [], updated: [], rejected };
  if (accepted.length === 0) return report;

  await inTransaction(db, async (trx) => {
    const existing = new Set(
      (
        await trx
          .selectFrom("procedures")
          .select("code")
          .where(
            "code",
            "in",
            accepted.map((p) => p.code),
          )
          .execute()
      ).map((p) => p.code),
    );
    for (const procedure of accepted) {
      await upsertProcedure(trx, procedure);
      (existing.has(procedure.code) ? report.updated : report.created).push(procedure.code);
    }
  });
  return report;
}

/**
 * Checks every row of an export (schema, repeated codes, mapping, known or creatable field) without writing: the
 * accepted procedures in our catalog's shape and the rejected rows with their reasons. Shared by the file import and
 * the scheduled pull from the national procedure database (issue #13, R-SYNC-6).
 */
export async function checkProcedureRows(
  db: Kysely<Database>,
  rows: readonly unknown[],
): Promise<{ accepted: MappedProcedure[]; rejected: RejectedRow[] }> {
  const validate = validatorFor<NationalProcedure>(NationalProcedure);
  const rejected: RejectedRow[] = [];
  const accepted: MappedProcedure[] = [];
  const seenCodes = new Set<string>();

  const knownFields = new Map(
    (await db.selectFrom("fields").select(["code", "name"]).execute()).map((field) => [
      field.code,
      field.name,
    ]),
  );
  const newFieldSectors = new Map<string, string>();
  const knownSectors = new Set((await db.selectFrom("sectors").select("code").execute()).map((s) => s.code));

  rows.forEach((row, index) => {
    const code =
      row && typeof row === "object" && typeof (row as { MaTTHC?: unknown }).MaTTHC === "string"
        ? (row as { MaTTHC: string }).MaTTHC
        : null;
    const reject = (reasons: LocalizedText[]) => rejected.push({ row: index + 1, code, reasons });

    if (!validate(row)) {
      reject(
        describeErrors(validate.errors).map((error) => ({
          vi: `${error.field || "dòng"}: ${error.message.vi}`,
          en: `${error.field || "row"}: ${error.message.en}`,
        })),
      );
      return;
    }
    if (seenCodes.has(row.MaTTHC)) {
      reject([
        {
          vi: `Mã thủ tục ${row.MaTTHC} lặp lại trong tệp`,
          en: `Procedure code ${row.MaTTHC} repeats in the file`,
        },
      ]);
      return;
    }
    const mapped = mapNationalProcedure(row);
    if (!mapped.ok) {
      reject(mapped.reasons);
      return;
    }
    const procedure = mapped.procedure;
    if (!knownFields.has(procedure.fieldCode) && !newFieldSectors.has(procedure.fieldCode)) {
      const canCreate =
        procedure.fieldName &&
        procedure.sectorCode &&
        (knownSectors.has(procedure.sectorCode) || procedure.sectorName);
      if (!canCreate) {
        reject([
          {
            vi: `Lĩnh vực ${procedure.fieldCode} chưa có trong danh mục; cần TenLinhVuc và MaNganh (kèm TenNganh nếu ngành mới)`,
            en: `Field ${procedure.fieldCode} is not in the catalog; TenLinhVuc and MaNganh (with TenNganh for a new sector) are needed`,
          },
        ]);
        return;
      }
      newFieldSectors.set(procedure.fieldCode, procedure.sectorCode!);
      if (procedure.sectorName) knownSectors.add(procedure.sectorCode!);
    }
    seenCodes.add(row.MaTTHC);
    accepted.push(procedure);
  });
  return { accepted, rejected };
}

async function upsertSectorAndField(trx: Transaction<Database>, procedure: MappedProcedure) {
  if (procedure.sectorCode && procedure.sectorName) {
    await trx
      .insertInto("sectors")
      .values({ code: procedure.sectorCode, name: procedure.sectorName })
      .onConflict((oc) => oc.column("code").doUpdateSet({ name: procedure.sectorName! }))
      .execute();
  }
  const existingField = await trx
    .selectFrom("fields")
    .innerJoin("sectors", "sectors.id", "fields.sector_id")
    .select(["fields.id", "fields.name", "sectors.name as sectorName"])
    .where("fields.code", "=", procedure.fieldCode)
    .executeTakeFirst();
  if (existingField && !(procedure.fieldName && procedure.fieldName !== existingField.name))
    return existingField;

  const sector = await trx
    .selectFrom("sectors")
    .select(["id", "name"])
    .where("code", "=", procedure.sectorCode ?? "")
    .executeTakeFirst();
  if (existingField) {
    await trx
      .updateTable("fields")
      .set({ name: procedure.fieldName! })
      .where("id", "=", existingField.id)
      .execute();
    return { ...existingField, name: procedure.fieldName! };
  }
  const field = await trx
    .insertInto("fields")
    .values({ sector_id: sector!.id, code: procedure.fieldCode, name: procedure.fieldName! })
    .returning(["id", "name"])
    .executeTakeFirstOrThrow();
  return { ...field, sectorName: sector!.name };
}

/** Writes one checked procedure with its field, components and fees (upsert by national code). */
export async function upsertProcedure(trx: Transaction<Database>, procedure: MappedProcedure): Promise<void> {
  const field = await upsertSectorAndField(trx, procedure);
  const values = {
    name: procedure.name,
    field_id: field.id,
    levels: procedure.levels,
    deciding_agency: procedure.decidingAgency,
    steps: JSON.stringify(procedure.steps),
    methods: JSON.stringify(procedure.methods),
    time_limit_amount: procedure.timeLimit?.amount ?? null,
    time_limit_unit: procedure.timeLimit?.unit ?? null,
    time_limit_kind: procedure.timeLimitKind,
    time_limit_text: procedure.timeLimitText,
    subjects: procedure.subjects,
    subject_kinds: procedure.subjectKinds,
    result: procedure.result,
    conditions: procedure.conditions,
    legal_basis: JSON.stringify(procedure.legalBasis),
    reception_channels: procedure.receptionChannels,
    online_level: procedure.onlineLevel,
    search_text: procedureSearchText(procedure, field.name, field.sectorName),
    source: "national" as const,
  };
  const { id } = await trx
    .insertInto("procedures")
    .values({ code: procedure.code, ...values })
    .onConflict((oc) => oc.column("code").doUpdateSet({ ...values, updated_at: new Date() }))
    .returning("id")
    .executeTakeFirstOrThrow();

  // Components and fees belong to the procedure; they are matched by position so their ids stay stable.
  for (const [position, component] of procedure.components.entries()) {
    const row = {
      code: component.code,
      name: component.name,
      original_count: component.originalCount,
      copy_count: component.copyCount,
      required: component.required,
      form_template: component.formTemplate,
    };
    await trx
      .insertInto("procedure_components")
      .values({ procedure_id: id, position, ...row })
      .onConflict((oc) => oc.columns(["procedure_id", "position"]).doUpdateSet(row))
      .execute();
  }
  await trx
    .deleteFrom("procedure_components")
    .where("procedure_id", "=", id)
    .where("position", ">=", procedure.components.length)
    .execute();

  for (const [position, fee] of procedure.fees.entries()) {
    const row = { code: fee.code, name: fee.name, amount_vnd: fee.amountVnd, description: fee.description };
    await trx
      .insertInto("procedure_fees")
      .values({ procedure_id: id, position, ...row })
      .onConflict((oc) => oc.columns(["procedure_id", "position"]).doUpdateSet(row))
      .execute();
  }
  await trx
    .deleteFrom("procedure_fees")
    .where("procedure_id", "=", id)
    .where("position", ">=", procedure.fees.length)
    .execute();
}
