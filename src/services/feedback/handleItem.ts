import type { Kysely, Selectable, Transaction } from "kysely";
import type {
  AnswerSignature,
  FeedbackItemsTable,
  QuestionComplexityColumn,
} from "../../db/feedbackTables.ts";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { anonymise } from "../../domain/feedback/anonymise.ts";
import { questionDueAt, type RerouteClock, rerouteClock } from "../../domain/feedback/deadlines.ts";
import { type Actor, hasRole } from "../accounts/actor.ts";
import { feedbackCalendar } from "./calendars.ts";
import { agencyCodeUnknown, feedbackNotFound, invalidInput, wrongState } from "./feedbackErrors.ts";
import { ANSWERING_ROLES, type FeedbackCategory, ROUTING_ROLES } from "./feedbackRoles.ts";

/**
 * What the service center and the agencies do with an item (issue #17): route (or re-route a misrouted one, the clock
 * recorded), return a misrouted item to the center, answer (published anonymised when the submitter agreed), refuse.
 * Each change is written with its event in one transaction, the row locked so two officers cannot both win.
 */

type Item = Selectable<FeedbackItemsTable>;

async function lockItem(trx: Transaction<Database>, id: string): Promise<Item> {
  const row = await trx
    .selectFrom("feedback_items")
    .selectAll()
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw feedbackNotFound();
  return row;
}

async function event(
  trx: Transaction<Database>,
  values: {
    id: string;
    type: string;
    at: Date;
    actor: Actor | null;
    from?: string | null;
    to?: string | null;
    payload?: Record<string, unknown>;
  },
) {
  await trx
    .insertInto("feedback_events")
    .values({
      feedback_id: values.id,
      type: values.type,
      at: values.at,
      actor_user_id: values.actor?.userId ?? null,
      from_agency_id: values.from ?? null,
      to_agency_id: values.to ?? null,
      payload: JSON.stringify(values.payload ?? {}),
    })
    .execute();
}

/** Agency officers reach only items routed to their agency; others do not learn it exists (404). */
function requireAnswering(actor: Actor, item: Item) {
  if (item.agency_id === null || !hasRole(actor, ANSWERING_ROLES, { agencyId: item.agency_id }))
    throw feedbackNotFound();
}

export interface RouteInput {
  actor: Actor;
  id: string;
  agencyCode: string;
  category: FeedbackCategory;
  complexity?: QuestionComplexityColumn | undefined;
  now: Date;
}

/**
 * The service center routes a received item, or re-routes one already at an agency (R-PAKN-3, R-QA-1): the working
 * hours it was held where it did not belong are recorded with the event. A question's answer time starts here.
 */
export async function routeItem(
  db: Kysely<Database>,
  input: RouteInput,
): Promise<{ status: "routed"; dueAt: Date | null; reroute: RerouteClock | null }> {
  if (!hasRole(input.actor, ROUTING_ROLES)) throw feedbackNotFound();
  return inTransaction(db, async (trx) => {
    const item = await lockItem(trx, input.id);
    const agency = await trx
      .selectFrom("agencies")
      .select("id")
      .where("code", "=", input.agencyCode)
      .executeTakeFirst();
    if (!agency) throw agencyCodeUnknown();
    if (item.status !== "received" && item.status !== "routed")
      throw wrongState({
        vi: "Mục này đã được trả lời hoặc từ chối, không thể chuyển",
        en: "This item is already answered or refused and cannot be routed",
      });
    if (item.status === "routed" && item.agency_id === agency.id)
      throw wrongState({ vi: "Mục này đã ở cơ quan này", en: "This item is already with this agency" });
    const calendar = await feedbackCalendar(trx, agency.id);
    const reroute =
      item.status === "routed" && item.routed_at
        ? rerouteClock(await feedbackCalendar(trx, item.agency_id), item.routed_at, input.now, item.kind)
        : null;
    const complexity = input.complexity ?? item.complexity;
    const dueAt = item.kind === "question" ? questionDueAt(calendar, input.now, complexity) : item.due_at;
    await trx
      .updateTable("feedback_items")
      .set({
        status: "routed",
        agency_id: agency.id,
        category: input.category,
        complexity,
        routed_at: input.now,
        due_at: dueAt,
        watch_level: null,
      })
      .where("id", "=", item.id)
      .execute();
    await event(trx, {
      id: item.id,
      type: reroute ? "rerouted" : "routed",
      at: input.now,
      actor: input.actor,
      from: item.agency_id,
      to: agency.id,
      payload: { category: input.category, complexity, ...(reroute ? { clock: reroute } : {}) },
    });
    return { status: "routed", dueAt, reroute };
  });
}

/** An agency sends a misrouted item back to the service center, the time it held it recorded (R-QA-1: 4 wh). */
export async function returnItem(
  db: Kysely<Database>,
  input: { actor: Actor; id: string; reason: string; now: Date },
): Promise<{ status: "received"; reroute: RerouteClock }> {
  return inTransaction(db, async (trx) => {
    const item = await lockItem(trx, input.id);
    requireAnswering(input.actor, item);
    if (item.status !== "routed" || !item.routed_at)
      throw wrongState({
        vi: "Chỉ trả lại được mục đang chờ trả lời",
        en: "Only an item awaiting its answer can be returned",
      });
    const reroute = rerouteClock(
      await feedbackCalendar(trx, item.agency_id),
      item.routed_at,
      input.now,
      item.kind,
    );
    await trx
      .updateTable("feedback_items")
      .set({ status: "received", agency_id: null, watch_level: null })
      .where("id", "=", item.id)
      .execute();
    await event(trx, {
      id: item.id,
      type: "returned",
      at: input.now,
      actor: input.actor,
      from: item.agency_id,
      payload: { reason: input.reason.trim(), clock: reroute },
    });
    return { status: "received", reroute };
  });
}

export interface AnswerInput {
  actor: Actor;
  id: string;
  answer: string;
  signature: AnswerSignature;
  now: Date;
}

/**
 * The agency answers. With the submitter's consent the item and its answer are published at once with personal data
 * removed (issue #17; R-PAKN-3 asks publication within 2 wd of the answer): the submitter's name, any phone, ID
 * number and e-mail. The answering officer's name stays — R-QA-1 wants answers to name who is responsible.
 */
export async function answerItem(
  db: Kysely<Database>,
  input: AnswerInput,
): Promise<{ status: "answered" | "published"; answeredAt: Date; publishedAt: Date | null }> {
  const text = input.answer.trim();
  if (text.length < 10)
    throw invalidInput("answer", { vi: "Nội dung trả lời quá ngắn", en: "The answer is too short" });
  return inTransaction(db, async (trx) => {
    const item = await lockItem(trx, input.id);
    requireAnswering(input.actor, item);
    if (item.status !== "routed")
      throw wrongState({ vi: "Mục này không chờ trả lời", en: "This item is not awaiting an answer" });
    const publish = item.consent_publish;
    const names = [item.submitter_name];
    await trx
      .updateTable("feedback_items")
      .set({
        status: publish ? "published" : "answered",
        answer: text,
        answer_signature: JSON.stringify(input.signature),
        answered_at: input.now,
        answered_by: input.actor.userId,
        watch_level: null,
        ...(publish
          ? {
              published_at: input.now,
              published_title: anonymise(item.title, names),
              published_content: anonymise(item.content, names),
              published_answer: anonymise(text, names),
            }
          : {}),
      })
      .where("id", "=", item.id)
      .execute();
    await event(trx, {
      id: item.id,
      type: "answered",
      at: input.now,
      actor: input.actor,
      from: item.agency_id,
    });
    if (publish) await event(trx, { id: item.id, type: "published", at: input.now, actor: input.actor });
    return {
      status: publish ? "published" : "answered",
      answeredAt: input.now,
      publishedAt: publish ? input.now : null,
    };
  });
}

/** The agency or the center refuses an item outside the rules' scope (e.g. a complaint or denunciation, R-QA-1). */
export async function refuseItem(
  db: Kysely<Database>,
  input: { actor: Actor; id: string; reason: string; now: Date },
): Promise<{ status: "refused" }> {
  const reason = input.reason.trim();
  if (reason.length < 5) throw invalidInput("reason", { vi: "Cần nêu lý do", en: "A reason is required" });
  return inTransaction(db, async (trx) => {
    const item = await lockItem(trx, input.id);
    if (!hasRole(input.actor, ROUTING_ROLES)) requireAnswering(input.actor, item);
    if (item.status !== "received" && item.status !== "routed")
      throw wrongState({ vi: "Mục này đã được xử lý", en: "This item is already handled" });
    await trx
      .updateTable("feedback_items")
      .set({ status: "refused", refused_at: input.now, refusal_reason: reason, watch_level: null })
      .where("id", "=", item.id)
      .execute();
    await event(trx, {
      id: item.id,
      type: "refused",
      at: input.now,
      actor: input.actor,
      payload: { reason },
    });
    return { status: "refused" };
  });
}

/** The submitter likes or dislikes the published answer (R-PAKN-3); a dislike counts against 766 indicator 5.3. */
export async function reactToAnswer(
  db: Kysely<Database>,
  input: { actor: Actor; id: string; reaction: "like" | "dislike"; now: Date },
): Promise<{ reaction: "like" | "dislike" }> {
  return inTransaction(db, async (trx) => {
    const item = await lockItem(trx, input.id);
    if (item.submitter_user_id !== input.actor.userId) throw feedbackNotFound();
    if (item.answered_at === null)
      throw wrongState({ vi: "Chưa có trả lời để đánh giá", en: "There is no answer to rate yet" });
    await trx
      .updateTable("feedback_items")
      .set({ reaction: input.reaction })
      .where("id", "=", item.id)
      .execute();
    await event(trx, {
      id: item.id,
      type: "reaction",
      at: input.now,
      actor: input.actor,
      payload: { reaction: input.reaction },
    });
    return { reaction: input.reaction };
  });
}
