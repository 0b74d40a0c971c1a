import { type Kysely, sql } from "kysely";
import type { Channel, Database, OnlineLevel, ProcedureLevel } from "../../db/schema.ts";
import { searchWords } from "../../domain/catalog/foldVietnamese.ts";

export interface ProcedureSearch {
  /** Free text; Vietnamese diacritics and case do not matter (`cap giay phep xay dung`). */
  q?: string | undefined;
  /** Only procedures this agency offers (agency identifier code). */
  agency?: string | undefined;
  level?: ProcedureLevel | undefined;
  sector?: string | undefined;
  field?: string | undefined;
  onlineLevel?: OnlineLevel | undefined;
  subject?: "citizen" | "business" | undefined;
  page: number;
  pageSize: number;
}

export interface ProcedureSummary {
  code: string;
  name: string;
  field: { code: string; name: string };
  sector: { code: string; name: string };
  levels: ProcedureLevel[];
  onlineLevel: OnlineLevel;
  receptionChannels: Channel[];
  timeLimitText: string;
  subjectKinds: string[];
}

export interface ProcedurePage {
  items: ProcedureSummary[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * Catalog search (issue #2 §5). Every query word must appear in the folded text (diacritics, `đ` and case folded),
 * or, failing that, the whole query must be trigram-similar enough to tolerate a typo. Ranked by trigram
 * similarity to the name, then name.
 */
export async function searchProcedures(
  db: Kysely<Database>,
  search: ProcedureSearch,
): Promise<ProcedurePage> {
  const words = searchWords(search.q ?? "");
  const folded = words.join(" ");

  let query = db
    .selectFrom("procedures as p")
    .innerJoin("fields as f", "f.id", "p.field_id")
    .innerJoin("sectors as s", "s.id", "f.sector_id");

  if (search.agency) {
    const agency = search.agency;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("procedure_offerings as o")
          .innerJoin("agencies as a", "a.id", "o.agency_id")
          .select(sql`1`.as("one"))
          .whereRef("o.procedure_id", "=", "p.id")
          .where("o.enabled", "=", true)
          .where("a.code", "=", agency),
      ),
    );
  }
  if (search.level) query = query.where(sql<boolean>`${search.level} = any(p.levels)`);
  if (search.sector) query = query.where("s.code", "=", search.sector);
  if (search.field) query = query.where("f.code", "=", search.field);
  if (search.onlineLevel) query = query.where("p.online_level", "=", search.onlineLevel);
  if (search.subject) query = query.where(sql<boolean>`${search.subject} = any(p.subject_kinds)`);

  const countOf = async (candidate: typeof query) =>
    Number(
      (await candidate.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow()).total,
    );
  let total: number;
  if (words.length > 0) {
    // Every word must appear; only when no procedure has them all does typo tolerance step in (word_similarity
    // ≥ 0.6 between the query and part of the text), so "dang ky khai sinh" never drifts to "khai tử".
    const exact = query.where((eb) =>
      eb.and(words.map((word) => eb("p.search_text", "like", `%${escapeLike(word)}%`))),
    );
    total = await countOf(exact);
    if (total > 0) {
      query = exact;
    } else {
      query = query.where(sql<boolean>`word_similarity(${folded}, p.search_text) >= 0.6`);
      total = await countOf(query);
    }
  } else {
    total = await countOf(query);
  }

  // Without words there is nothing to rank by: a bare constant here would read as `ORDER BY 0`, a column position.
  const rank = sql<number>`similarity(${folded}, p.search_text) + word_similarity(${folded}, p.search_text)`;
  const ranked = words.length > 0 ? query.orderBy(rank, "desc") : query;
  const rows = await ranked
    .select([
      "p.code",
      "p.name",
      "p.levels",
      "p.online_level",
      "p.reception_channels",
      "p.time_limit_text",
      "p.subject_kinds",
      "f.code as field_code",
      "f.name as field_name",
      "s.code as sector_code",
      "s.name as sector_name",
    ])
    .orderBy("p.name")
    .orderBy("p.code")
    .limit(search.pageSize)
    .offset((search.page - 1) * search.pageSize)
    .execute();

  return {
    total: Number(total),
    page: search.page,
    pageSize: search.pageSize,
    items: rows.map((row) => ({
      code: row.code,
      name: row.name,
      field: { code: row.field_code, name: row.field_name },
      sector: { code: row.sector_code, name: row.sector_name },
      levels: row.levels,
      onlineLevel: row.online_level,
      receptionChannels: row.reception_channels,
      timeLimitText: row.time_limit_text,
      subjectKinds: row.subject_kinds,
    })),
  };
}

function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}
