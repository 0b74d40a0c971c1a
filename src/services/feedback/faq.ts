import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { foldVietnamese, searchWords } from "../../domain/catalog/foldVietnamese.ts";
import { anonymise } from "../../domain/feedback/anonymise.ts";
import type { Actor } from "../accounts/actor.ts";
import { feedbackNotFound, invalidInput, procedureCodeUnknown, wrongState } from "./feedbackErrors.ts";

/**
 * The FAQ (R-QA-1, S0 Đ16.2): good answers to questions, and the national portal's FAQ, per sector and procedure,
 * searched without diacritics with the catalog's folding (issue #2), so "thu tuc khai sinh" finds "thủ tục khai sinh".
 */

export interface FaqEntry {
  id: string;
  question: string;
  answer: string;
  source: "question" | "national" | "import";
  procedure: { code: string; name: string } | null;
  sector: { code: string; name: string } | null;
  field: { code: string; name: string } | null;
  agency: string | null;
  createdAt: Date;
}

const escapeLike = (word: string) => word.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Turns an answered question into an FAQ entry, the asker's personal data removed (issue #17). */
export async function promoteToFaq(
  db: Kysely<Database>,
  input: { actor: Actor; id: string; question?: string | undefined; answer?: string | undefined; now: Date },
): Promise<{ id: string }> {
  return inTransaction(db, async (trx) => {
    const item = await trx
      .selectFrom("feedback_items as f")
      .leftJoin("procedures as p", "p.id", "f.procedure_id")
      .select([
        "f.id",
        "f.kind",
        "f.status",
        "f.title",
        "f.content",
        "f.answer",
        "f.submitter_name",
        "f.procedure_id",
        "f.agency_id",
        "p.field_id",
      ])
      .where("f.id", "=", input.id)
      .forUpdate("f")
      .executeTakeFirst();
    if (!item) throw feedbackNotFound();
    if (item.kind !== "question" || item.answer === null)
      throw wrongState({
        vi: "Chỉ câu hỏi đã được trả lời mới đưa vào hỏi đáp thường gặp",
        en: "Only an answered question can become an FAQ entry",
      });
    const exists = await trx
      .selectFrom("faq_entries")
      .select("id")
      .where("source_item_id", "=", item.id)
      .executeTakeFirst();
    if (exists)
      throw wrongState({ vi: "Câu hỏi này đã có trong hỏi đáp", en: "This question is already in the FAQ" });
    const names = [item.submitter_name];
    const joined = /[.?!:]$/.test(item.title)
      ? `${item.title} ${item.content}`
      : `${item.title}. ${item.content}`;
    const question = anonymise(input.question?.trim() || joined, names);
    const answer = anonymise(input.answer?.trim() || item.answer, names);
    const row = await trx
      .insertInto("faq_entries")
      .values({
        procedure_id: item.procedure_id,
        field_id: item.field_id,
        agency_id: item.agency_id,
        question,
        answer,
        source: "question",
        source_item_id: item.id,
        search_text: foldVietnamese(`${question} ${answer}`),
        created_by: input.actor.userId,
        created_at: input.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("feedback_events")
      .values({
        feedback_id: item.id,
        type: "faq",
        at: input.now,
        actor_user_id: input.actor.userId,
        from_agency_id: null,
        to_agency_id: null,
        payload: JSON.stringify({ faqId: row.id }),
      })
      .execute();
    return { id: row.id };
  });
}

export interface FaqImportEntry {
  nationalId: string;
  question: string;
  answer: string;
  procedureCode?: string | undefined;
}

/**
 * Imports the national portal's FAQ (S0 Đ16.2), from its API or a JSON file: new entries added, known ones (by their
 * national id) updated, so importing twice changes nothing. An unknown procedure code is refused with its position.
 */
export async function importFaq(
  db: Kysely<Database>,
  input: {
    entries: readonly FaqImportEntry[];
    source: "national" | "import";
    actor: Actor | null;
    now: Date;
  },
): Promise<{ added: number; updated: number }> {
  return inTransaction(db, async (trx) => {
    let added = 0;
    let updated = 0;
    for (const [index, entry] of input.entries.entries()) {
      let procedure: { id: string; field_id: string } | undefined;
      if (entry.procedureCode) {
        procedure = await trx
          .selectFrom("procedures")
          .select(["id", "field_id"])
          .where("code", "=", entry.procedureCode)
          .executeTakeFirst();
        if (!procedure) throw procedureCodeUnknown(`entries.${index}.procedureCode`);
      }
      if (!entry.question.trim() || !entry.answer.trim())
        throw invalidInput(`entries.${index}`, {
          vi: "Câu hỏi và câu trả lời không được để trống",
          en: "The question and the answer must not be empty",
        });
      const values = {
        procedure_id: procedure?.id ?? null,
        field_id: procedure?.field_id ?? null,
        question: entry.question.trim(),
        answer: entry.answer.trim(),
        search_text: foldVietnamese(`${entry.question} ${entry.answer}`),
      };
      const existing = await trx
        .selectFrom("faq_entries")
        .select("id")
        .where("national_id", "=", entry.nationalId)
        .executeTakeFirst();
      if (existing) {
        await trx.updateTable("faq_entries").set(values).where("id", "=", existing.id).execute();
        updated += 1;
      } else {
        await trx
          .insertInto("faq_entries")
          .values({
            ...values,
            agency_id: null,
            source: input.source,
            source_item_id: null,
            national_id: entry.nationalId,
            created_by: input.actor?.userId ?? null,
            created_at: input.now,
          })
          .execute();
        added += 1;
      }
    }
    return { added, updated };
  });
}

/** FAQ entries matching every word of `q` (folded), for one procedure or sector when given; newest first. */
export async function searchFaq(
  db: Kysely<Database>,
  input: {
    q?: string | undefined;
    procedureCode?: string | undefined;
    sectorCode?: string | undefined;
    limit?: number;
  },
): Promise<FaqEntry[]> {
  let query = db
    .selectFrom("faq_entries as q")
    .leftJoin("procedures as p", "p.id", "q.procedure_id")
    .leftJoin("fields as fl", "fl.id", "q.field_id")
    .leftJoin("sectors as s", "s.id", "fl.sector_id")
    .leftJoin("agencies as a", "a.id", "q.agency_id")
    .select([
      "q.id",
      "q.question",
      "q.answer",
      "q.source",
      "q.created_at",
      "p.code as procedure_code",
      "p.name as procedure_name",
      "fl.code as field_code",
      "fl.name as field_name",
      "s.code as sector_code",
      "s.name as sector_name",
      "a.name as agency_name",
    ]);
  const words = searchWords(input.q ?? "");
  if (words.length > 0)
    query = query.where((eb) =>
      eb.and(words.map((word) => eb("q.search_text", "like", `%${escapeLike(word)}%`))),
    );
  if (input.procedureCode) query = query.where("p.code", "=", input.procedureCode);
  if (input.sectorCode) query = query.where("s.code", "=", input.sectorCode);
  const rows = await query
    .orderBy("q.created_at", "desc")
    .limit(input.limit ?? 50)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    question: row.question,
    answer: row.answer,
    source: row.source,
    procedure:
      row.procedure_code && row.procedure_name
        ? { code: row.procedure_code, name: row.procedure_name }
        : null,
    sector: row.sector_code && row.sector_name ? { code: row.sector_code, name: row.sector_name } : null,
    field: row.field_code && row.field_name ? { code: row.field_code, name: row.field_name } : null,
    agency: row.agency_name,
    createdAt: row.created_at,
  }));
}
