import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { agencyFilter } from "./scopeFilter.ts";

/** The seven parts of a published procedure (766 indicator 1.3). */
export const PROCEDURE_PARTS = [
  "name",
  "sequence",
  "method",
  "components",
  "time",
  "subjects",
  "agency",
] as const;
export type ProcedurePart = (typeof PROCEDURE_PARTS)[number];

export interface ProcedureCompleteness {
  id: string;
  code: string;
  name: string;
  missing: ProcedurePart[];
}

/** The procedures the scope's agencies offer, each with the parts it lacks (empty when all seven are public). */
export async function procedureCompleteness(
  db: Kysely<Database>,
  agencyIds: readonly string[] | null,
): Promise<ProcedureCompleteness[]> {
  const rows = await db
    .selectFrom("procedures as p")
    .select(["p.id", "p.code", "p.name", "p.steps", "p.methods", "p.time_limit_amount", "p.time_limit_text"])
    .select(["p.subjects", "p.deciding_agency"])
    .select((eb) =>
      eb
        .selectFrom("procedure_components as c")
        .select((c) => c.fn.countAll<number>().as("n"))
        .whereRef("c.procedure_id", "=", "p.id")
        .as("components"),
    )
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("procedure_offerings as o")
          .select("o.id")
          .whereRef("o.procedure_id", "=", "p.id")
          .where("o.enabled", "=", true)
          .where(agencyFilter("o.agency_id", agencyIds)),
      ),
    )
    .orderBy("p.code")
    .execute();
  return rows.map((row) => {
    const missing: ProcedurePart[] = [];
    if (row.name.trim() === "") missing.push("name");
    if (!Array.isArray(row.steps) || row.steps.length === 0) missing.push("sequence");
    if (!Array.isArray(row.methods) || row.methods.length === 0) missing.push("method");
    if (Number(row.components ?? 0) === 0) missing.push("components");
    if (row.time_limit_amount === null && row.time_limit_text.trim() === "") missing.push("time");
    if (row.subjects.length === 0) missing.push("subjects");
    if (row.deciding_agency.trim() === "") missing.push("agency");
    return { id: row.id, code: row.code, name: row.name, missing };
  });
}
