import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";

export interface SectorNode {
  code: string;
  name: string;
  procedureCount: number;
  fields: { code: string; name: string; procedureCount: number }[];
}

/** Sectors with their fields and how many procedures each holds, by name. */
export async function listSectors(db: Kysely<Database>): Promise<SectorNode[]> {
  const rows = await db
    .selectFrom("sectors as s")
    .leftJoin("fields as f", "f.sector_id", "s.id")
    .select([
      "s.code as sector_code",
      "s.name as sector_name",
      "f.code as field_code",
      "f.name as field_name",
      sql<number>`(select count(*) from procedures p where p.field_id = f.id)`.as("count"),
    ])
    .orderBy("s.name")
    .orderBy("f.name")
    .execute();
  const sectors = new Map<string, SectorNode>();
  for (const row of rows) {
    let sector = sectors.get(row.sector_code);
    if (!sector) {
      sector = { code: row.sector_code, name: row.sector_name, procedureCount: 0, fields: [] };
      sectors.set(row.sector_code, sector);
    }
    if (row.field_code && row.field_name) {
      const count = Number(row.count);
      sector.fields.push({ code: row.field_code, name: row.field_name, procedureCount: count });
      sector.procedureCount += count;
    }
  }
  return [...sectors.values()];
}
