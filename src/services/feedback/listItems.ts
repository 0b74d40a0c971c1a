import type { Kysely } from "kysely";
import type { AnswerSignature, FeedbackKind, FeedbackStatus } from "../../db/feedbackTables.ts";
import type { Database } from "../../db/schema.ts";
import { type Actor, agencyIdsFor, hasRole } from "../accounts/actor.ts";
import { calendarCache } from "./calendars.ts";
import { feedbackNotFound } from "./feedbackErrors.ts";
import { ANSWERING_ROLES, ROUTING_ROLES } from "./feedbackRoles.ts";

/** The lists and the detail of feedback and questions, each limited to what its reader may see (issue #17). */

export interface ItemSummary {
  id: string;
  code: string;
  kind: FeedbackKind;
  status: FeedbackStatus;
  subject: string | null;
  title: string;
  category: string | null;
  agency: { code: string; name: string } | null;
  suggestedAgency: { code: string; name: string } | null;
  dossierCode: string | null;
  procedure: { code: string; name: string } | null;
  receivedAt: Date;
  routedAt: Date | null;
  dueAt: Date | null;
  answeredAt: Date | null;
  /** Working hours left before the deadline on the handling agency's calendar; negative once overdue. */
  workingHoursLeft: number | null;
  watchLevel: string | null;
  channel: string;
}

const LIMIT = 200;

function baseQuery(db: Kysely<Database>) {
  return db
    .selectFrom("feedback_items as f")
    .leftJoin("agencies as a", "a.id", "f.agency_id")
    .leftJoin("agencies as s", "s.id", "f.subject_agency_id")
    .leftJoin("dossiers as d", "d.id", "f.dossier_id")
    .leftJoin("procedures as p", "p.id", "f.procedure_id")
    .select([
      "f.id",
      "f.code",
      "f.kind",
      "f.status",
      "f.subject",
      "f.title",
      "f.category",
      "f.received_at",
      "f.routed_at",
      "f.due_at",
      "f.answered_at",
      "f.watch_level",
      "f.channel",
      "f.agency_id",
      "a.code as agency_code",
      "a.name as agency_name",
      "s.code as subject_agency_code",
      "s.name as subject_agency_name",
      "d.code as dossier_code",
      "p.code as procedure_code",
      "p.name as procedure_name",
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>["execute"]>>[number];

async function summaries(db: Kysely<Database>, rows: Row[], now: Date): Promise<ItemSummary[]> {
  const calendarOf = calendarCache(db);
  const result: ItemSummary[] = [];
  for (const row of rows) {
    const open = row.status === "received" || row.status === "routed";
    const left =
      open && row.due_at
        ? Math.round((await calendarOf(row.agency_id)).workingHoursBetween(now, row.due_at) * 10) / 10
        : null;
    result.push({
      id: row.id,
      code: row.code,
      kind: row.kind,
      status: row.status,
      subject: row.subject,
      title: row.title,
      category: row.category,
      agency: row.agency_code && row.agency_name ? { code: row.agency_code, name: row.agency_name } : null,
      suggestedAgency:
        row.subject_agency_code && row.subject_agency_name
          ? { code: row.subject_agency_code, name: row.subject_agency_name }
          : null,
      dossierCode: row.dossier_code,
      procedure:
        row.procedure_code && row.procedure_name
          ? { code: row.procedure_code, name: row.procedure_name }
          : null,
      receivedAt: row.received_at,
      routedAt: row.routed_at,
      dueAt: row.due_at,
      answeredAt: row.answered_at,
      workingHoursLeft: left,
      watchLevel: row.watch_level,
      channel: row.channel,
    });
  }
  return result;
}

/** The submitter's own items, newest first. */
export async function myItems(db: Kysely<Database>, actor: Actor, now: Date): Promise<ItemSummary[]> {
  const rows = await baseQuery(db)
    .where("f.submitter_user_id", "=", actor.userId)
    .orderBy("f.received_at", "desc")
    .limit(LIMIT)
    .execute();
  return summaries(db, rows, now);
}

/** The agency's inbox: items routed to the agencies where the officer answers, the nearest deadline first. */
export async function agencyInbox(
  db: Kysely<Database>,
  actor: Actor,
  input: { now: Date; kind?: FeedbackKind | undefined },
): Promise<ItemSummary[]> {
  const agencies = agencyIdsFor(actor, ANSWERING_ROLES);
  if (agencies.length === 0) return [];
  let query = baseQuery(db).where("f.agency_id", "in", agencies).where("f.status", "=", "routed");
  if (input.kind) query = query.where("f.kind", "=", input.kind);
  const rows = await query.orderBy("f.due_at", "asc").limit(LIMIT).execute();
  return summaries(db, rows, input.now);
}

/** The service center's console: every item, waiting ones first, filtered by status and kind. */
export async function routingConsole(
  db: Kysely<Database>,
  input: { now: Date; status?: FeedbackStatus | undefined; kind?: FeedbackKind | undefined },
): Promise<ItemSummary[]> {
  let query = baseQuery(db);
  if (input.status) query = query.where("f.status", "=", input.status);
  if (input.kind) query = query.where("f.kind", "=", input.kind);
  const rows = await query.orderBy("f.received_at", "desc").limit(LIMIT).execute();
  return summaries(db, rows, input.now);
}

export interface ItemDetail extends ItemSummary {
  content: string;
  officerName: string | null;
  submitter: { name: string; phone: string | null; email: string | null; identity: string | null };
  consentPublish: boolean;
  answer: string | null;
  signature: AnswerSignature | null;
  refusalReason: string | null;
  publishedAt: Date | null;
  reaction: string | null;
  faqId: string | null;
  attachments: { id: string; fileName: string; mediaType: string; sizeBytes: number }[];
  events: {
    type: string;
    at: Date;
    fromAgency: string | null;
    toAgency: string | null;
    payload: Record<string, unknown>;
  }[];
}

/**
 * One item with its history, for its submitter, the agency it is routed to, or the service center. Anyone else gets
 * 404 as for an unknown item, so codes cannot be probed.
 */
export async function itemDetail(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
  now: Date,
): Promise<ItemDetail> {
  const row = await baseQuery(db).where("f.id", "=", id).executeTakeFirst();
  if (!row) throw feedbackNotFound();
  const full = await db
    .selectFrom("feedback_items")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  const own = full.submitter_user_id === actor.userId;
  const center = hasRole(actor, ROUTING_ROLES);
  const agency = full.agency_id !== null && hasRole(actor, ANSWERING_ROLES, { agencyId: full.agency_id });
  if (!own && !center && !agency) throw feedbackNotFound();
  const [summary] = await summaries(db, [row], now);
  const attachments = await db
    .selectFrom("feedback_attachments")
    .select(["id", "file_name", "media_type", "size_bytes"])
    .where("feedback_id", "=", id)
    .execute();
  const events = await db
    .selectFrom("feedback_events as e")
    .leftJoin("agencies as fa", "fa.id", "e.from_agency_id")
    .leftJoin("agencies as ta", "ta.id", "e.to_agency_id")
    .select(["e.type", "e.at", "e.payload", "fa.name as from_name", "ta.name as to_name"])
    .where("e.feedback_id", "=", id)
    .orderBy("e.id")
    .execute();
  const faq = await db
    .selectFrom("faq_entries")
    .select("id")
    .where("source_item_id", "=", id)
    .executeTakeFirst();
  return {
    ...(summary as ItemSummary),
    content: full.content,
    officerName: full.officer_name,
    submitter: {
      name: full.submitter_name,
      phone: full.submitter_phone,
      email: full.submitter_email,
      identity: full.submitter_identity,
    },
    consentPublish: full.consent_publish,
    answer: full.answer,
    signature: (full.answer_signature as AnswerSignature | null) ?? null,
    refusalReason: full.refusal_reason,
    publishedAt: full.published_at,
    reaction: full.reaction,
    faqId: faq?.id ?? null,
    attachments: attachments.map((a) => ({
      id: a.id,
      fileName: a.file_name,
      mediaType: a.media_type,
      sizeBytes: a.size_bytes,
    })),
    events: events.map((e) => ({
      type: e.type,
      at: e.at,
      fromAgency: e.from_name,
      toAgency: e.to_name,
      payload: e.payload as Record<string, unknown>,
    })),
  };
}

export interface PublishedItem {
  code: string;
  kind: FeedbackKind;
  title: string;
  content: string;
  answer: string;
  agency: string | null;
  signature: AnswerSignature | null;
  receivedAt: Date;
  publishedAt: Date;
}

/** The public page: published items with personal data already removed at publication, newest first. */
export async function publishedItems(
  db: Kysely<Database>,
  input: { limit?: number },
): Promise<PublishedItem[]> {
  const rows = await db
    .selectFrom("feedback_items as f")
    .leftJoin("agencies as a", "a.id", "f.agency_id")
    .select([
      "f.code",
      "f.kind",
      "f.published_title",
      "f.published_content",
      "f.published_answer",
      "f.answer_signature",
      "f.received_at",
      "f.published_at",
      "a.name as agency_name",
    ])
    .where("f.published_at", "is not", null)
    .orderBy("f.published_at", "desc")
    .limit(input.limit ?? 50)
    .execute();
  return rows.map((row) => ({
    code: row.code,
    kind: row.kind,
    title: row.published_title ?? "",
    content: row.published_content ?? "",
    answer: row.published_answer ?? "",
    agency: row.agency_name,
    signature: (row.answer_signature as AnswerSignature | null) ?? null,
    receivedAt: row.received_at,
    publishedAt: row.published_at as Date,
  }));
}
