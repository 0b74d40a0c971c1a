import { type Kysely, sql } from "kysely";
import { idIsAnyOf } from "../../db/anyOf.ts";
import type { Database } from "../../db/schema.ts";
import type { WorkingCalendar } from "../../domain/calendar/types.ts";
import type { FeedbackHandlingFacts } from "../../domain/evaluation/agencyIndices.ts";
import { countFeedback, type FeedbackCounts, type JudgedFeedbackInput } from "../../domain/feedback/judge.ts";
import { calendarCache } from "./calendars.ts";

/**
 * Feedback's share of the counting (issue #17): the 766 indicators 5.1–5.4 (R-KPI-3, R-PAKN-3, R-EVAL-4) and
 * evaluation index 8 (R-EVAL-2) from the feedback received in a period — questions are not feedback and are left
 * out. An item counts for the agency it is routed to; items still waiting for routing count for the province only.
 */

interface Loaded extends JudgedFeedbackInput {
  agencyId: string | null;
  calendar: WorkingCalendar;
}

async function loadFeedback(
  db: Kysely<Database>,
  query: { agencyIds: readonly string[] | null; from: Date; to: Date },
): Promise<Loaded[]> {
  if (query.agencyIds !== null && query.agencyIds.length === 0) return [];
  let select = db
    .selectFrom("feedback_items")
    .select([
      "agency_id",
      "received_at",
      "due_at",
      "answered_at",
      "refused_at",
      "published_at",
      "reaction",
      "repeated",
    ])
    .where("kind", "=", "feedback")
    .where("received_at", ">=", query.from)
    .where("received_at", "<", query.to)
    .where("due_at", "is not", null);
  if (query.agencyIds !== null) select = select.where("agency_id", "in", query.agencyIds);
  const rows = await select.execute();
  const calendarOf = calendarCache(db);
  const loaded: Loaded[] = [];
  for (const row of rows)
    loaded.push({
      agencyId: row.agency_id,
      calendar: await calendarOf(row.agency_id),
      startedAt: row.received_at,
      dueAt: row.due_at as Date,
      answeredAt: row.answered_at,
      refusedAt: row.refused_at,
      publishedAt: row.published_at,
      reaction: row.reaction,
      repeated: row.repeated,
    });
  return loaded;
}

/** The end the counting judges at: the period's end, or now while the period runs. */
const judgedAt = (to: Date, now: Date) => (now.getTime() < to.getTime() ? now : to);

export async function feedbackCounts(
  db: Kysely<Database>,
  query: { agencyIds: readonly string[] | null; from: Date; to: Date; now: Date },
): Promise<FeedbackCounts> {
  const items = await loadFeedback(db, query);
  return countFeedback(items, (item) => (item as Loaded).calendar, judgedAt(query.to, query.now));
}

/** Index 8's facts per agency for the agencies evaluated (R-EVAL-2 item 8). */
export async function feedbackHandlingByAgency(
  db: Kysely<Database>,
  query: { agencyIds: readonly string[] | null; from: Date; to: Date; now: Date },
): Promise<Map<string, FeedbackHandlingFacts>> {
  const items = await loadFeedback(db, query);
  const byAgency = new Map<string, Loaded[]>();
  for (const item of items) {
    if (item.agencyId === null) continue;
    byAgency.set(item.agencyId, [...(byAgency.get(item.agencyId) ?? []), item]);
  }
  const at = judgedAt(query.to, query.now);
  return new Map(
    [...byAgency].map(([agencyId, list]) => [
      agencyId,
      countFeedback(list, (item) => (item as Loaded).calendar, at).handling,
    ]),
  );
}

/**
 * 5.4's second term (R-EVAL-4): of the given handled dossiers, those with feedback about them or a "dissatisfied"
 * rating.
 */
export async function dossiersWithFeedbackOrDislike(
  db: Kysely<Database>,
  dossierIds: readonly string[],
): Promise<number> {
  if (dossierIds.length === 0) return 0;
  const rows = await db
    .selectFrom("dossiers as d")
    .select("d.id")
    .where(idIsAnyOf("d.id", dossierIds))
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom("feedback_items as f")
            .select(sql`1`.as("one"))
            .whereRef("f.dossier_id", "=", "d.id")
            .where("f.kind", "=", "feedback"),
        ),
        eb.exists(
          eb
            .selectFrom("evaluation_ratings as r")
            .select(sql`1`.as("one"))
            .whereRef("r.dossier_id", "=", "d.id")
            .where("r.satisfaction", "=", "dissatisfied"),
        ),
      ]),
    )
    .execute();
  return rows.length;
}
