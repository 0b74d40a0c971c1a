import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { ProcedureSnapshot } from "../../domain/catalog/catalogDiff.ts";
import type { MappedProcedure } from "../catalog/mapNationalProcedure.ts";

/** A procedure from the national database, in the shape a pull compares (R-CAT-1 fields). */
export function snapshotOfMapped(procedure: MappedProcedure): ProcedureSnapshot {
  return {
    name: procedure.name,
    fieldCode: procedure.fieldCode,
    levels: procedure.levels,
    decidingAgency: procedure.decidingAgency,
    steps: procedure.steps,
    methods: procedure.methods,
    timeLimit: {
      amount: procedure.timeLimit?.amount ?? null,
      unit: procedure.timeLimit?.unit ?? null,
      kind: procedure.timeLimitKind ?? null,
    },
    timeLimitText: procedure.timeLimitText,
    subjects: procedure.subjects,
    result: procedure.result,
    conditions: procedure.conditions,
    legalBasis: procedure.legalBasis,
    receptionChannels: procedure.receptionChannels,
    onlineLevel: procedure.onlineLevel,
    components: procedure.components.map((component) => ({
      code: component.code,
      name: component.name,
      originalCount: component.originalCount,
      copyCount: component.copyCount,
      required: component.required,
      formTemplate: component.formTemplate,
    })),
    fees: procedure.fees.map((fee) => ({
      code: fee.code,
      name: fee.name,
      amountVnd: fee.amountVnd,
      description: fee.description,
    })),
  };
}

export interface StoredProcedure {
  id: string;
  code: string;
  name: string;
  source: "national" | "local";
  withdrawnAt: Date | null;
  snapshot: ProcedureSnapshot;
}

/** Our catalog's procedures, each in the same shape as `snapshotOfMapped`, by national code. */
export async function storedProcedures(db: Kysely<Database>): Promise<Map<string, StoredProcedure>> {
  const [procedures, components, fees] = await Promise.all([
    db
      .selectFrom("procedures as p")
      .innerJoin("fields as f", "f.id", "p.field_id")
      .select([
        "p.id",
        "p.code",
        "p.name",
        "p.source",
        "p.withdrawn_at",
        "f.code as field_code",
        "p.levels",
        "p.deciding_agency",
        "p.steps",
        "p.methods",
        "p.time_limit_amount",
        "p.time_limit_unit",
        "p.time_limit_kind",
        "p.time_limit_text",
        "p.subjects",
        "p.result",
        "p.conditions",
        "p.legal_basis",
        "p.reception_channels",
        "p.online_level",
      ])
      .execute(),
    db
      .selectFrom("procedure_components")
      .select(["procedure_id", "code", "name", "original_count", "copy_count", "required", "form_template"])
      .orderBy("procedure_id")
      .orderBy("position")
      .execute(),
    db
      .selectFrom("procedure_fees")
      .select(["procedure_id", "code", "name", "amount_vnd", "description"])
      .orderBy("procedure_id")
      .orderBy("position")
      .execute(),
  ]);
  const byProcedure = <T extends { procedure_id: string }>(rows: T[]) => {
    const grouped = new Map<string, T[]>();
    for (const row of rows) grouped.set(row.procedure_id, [...(grouped.get(row.procedure_id) ?? []), row]);
    return grouped;
  };
  const componentsOf = byProcedure(components);
  const feesOf = byProcedure(fees);
  return new Map(
    procedures.map((row) => [
      row.code,
      {
        id: row.id,
        code: row.code,
        name: row.name,
        source: row.source,
        withdrawnAt: row.withdrawn_at,
        snapshot: {
          name: row.name,
          fieldCode: row.field_code,
          levels: row.levels,
          decidingAgency: row.deciding_agency,
          steps: row.steps,
          methods: row.methods,
          timeLimit: {
            amount: row.time_limit_amount === null ? null : Number(row.time_limit_amount),
            unit: row.time_limit_unit,
            kind: row.time_limit_kind ?? null,
          },
          timeLimitText: row.time_limit_text,
          subjects: row.subjects,
          result: row.result,
          conditions: row.conditions,
          legalBasis: row.legal_basis,
          receptionChannels: row.reception_channels,
          onlineLevel: row.online_level,
          components: (componentsOf.get(row.id) ?? []).map((component) => ({
            code: component.code,
            name: component.name,
            originalCount: component.original_count,
            copyCount: component.copy_count,
            required: component.required,
            formTemplate: component.form_template,
          })),
          fees: (feesOf.get(row.id) ?? []).map((fee) => ({
            code: fee.code,
            name: fee.name,
            amountVnd: Number(fee.amount_vnd),
            description: fee.description,
          })),
        },
      },
    ]),
  );
}
