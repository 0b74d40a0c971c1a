import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { commonDeclarationSourceSchema } from "../../domain/eform/commonDeclarationSources.ts";

/**
 * The e-form whose declared sources apply to an offering: its published schema, or the common declaration the portal
 * shows when none is published. Undefined when the offering does not exist.
 */
export async function offeringSourceSchema(
  db: Kysely<Database>,
  procedureCode: string,
  agencyCode: string,
): Promise<{ schema: Record<string, unknown>; procedureName: string } | undefined> {
  const row = await db
    .selectFrom("procedure_offerings as o")
    .innerJoin("procedures as p", "p.id", "o.procedure_id")
    .innerJoin("agencies as a", "a.id", "o.agency_id")
    .select(["o.form_schema", "p.name"])
    .where("p.code", "=", procedureCode)
    .where("a.code", "=", agencyCode)
    .executeTakeFirst();
  if (!row) return undefined;
  return { schema: row.form_schema ?? commonDeclarationSourceSchema(), procedureName: row.name };
}
