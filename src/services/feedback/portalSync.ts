import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { feedbackDueAt } from "../../domain/feedback/deadlines.ts";
import type { FeedbackPortalPort } from "../../integrations/feedbackPortal/feedbackPortalPort.ts";
import { DeliveryFailure } from "../delivery/outboundQueue.ts";
import { feedbackCalendar } from "./calendars.ts";
import { importFaq } from "./faq.ts";

/**
 * Synchronisation with the national feedback system both ways (issue #17, R-PAKN-1): items received on our portal are
 * pushed, then their answers; items people sent at the national portal are pulled in for the service center to route.
 * Every write carries an idempotency key, so a lost acknowledgement resent gets the same national id. A failure is
 * recorded on the item and retried with a growing delay (30 s doubled, at most an hour); one failing item never
 * stops the others.
 */

export interface PortalSyncCounts {
  pushed: number;
  answersPushed: number;
  pulled: number;
  failed: number;
}

const BATCH = 20;
const backoffMs = (attempts: number) => Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));

async function recordFailure(db: Kysely<Database>, id: string, attempts: number, error: unknown, now: Date) {
  const message = error instanceof DeliveryFailure ? error.message : (error as Error).message;
  await db
    .updateTable("feedback_items")
    .set({
      sync_attempts: attempts + 1,
      sync_error: message.slice(0, 500),
      sync_next_at: new Date(now.getTime() + backoffMs(attempts + 1)),
    })
    .where("id", "=", id)
    .execute();
}

export async function syncFeedbackPortal(
  db: Kysely<Database>,
  port: FeedbackPortalPort,
  now: Date,
): Promise<PortalSyncCounts> {
  const counts: PortalSyncCounts = { pushed: 0, answersPushed: 0, pulled: 0, failed: 0 };
  const ready = db
    .selectFrom("feedback_items as f")
    .leftJoin("agencies as a", "a.id", "f.agency_id")
    .leftJoin("procedures as p", "p.id", "f.procedure_id")
    .leftJoin("dossiers as d", "d.id", "f.dossier_id")
    .select([
      "f.id",
      "f.code",
      "f.kind",
      "f.title",
      "f.content",
      "f.received_at",
      "f.national_id",
      "f.answer",
      "f.answered_at",
      "f.sync_attempts",
      "a.code as agency_code",
      "a.name as agency_name",
      "p.code as procedure_code",
      "d.code as dossier_code",
    ])
    .where((eb) => eb.or([eb("f.sync_next_at", "is", null), eb("f.sync_next_at", "<=", now)]));

  const toPush = await ready
    .where("f.channel", "=", "portal")
    .where("f.national_id", "is", null)
    .orderBy("f.received_at")
    .limit(BATCH)
    .execute();
  for (const item of toPush) {
    try {
      const { nationalId } = await port.push(
        {
          code: item.code,
          kind: item.kind,
          title: item.title,
          content: item.content,
          agencyCode: item.agency_code,
          procedureCode: item.procedure_code,
          dossierCode: item.dossier_code,
          receivedAt: item.received_at.toISOString(),
        },
        `feedback-${item.id}`,
      );
      await db
        .updateTable("feedback_items")
        .set({
          national_id: nationalId,
          pushed_at: now,
          sync_attempts: 0,
          sync_error: null,
          sync_next_at: null,
        })
        .where("id", "=", item.id)
        .execute();
      counts.pushed += 1;
    } catch (error) {
      await recordFailure(db, item.id, item.sync_attempts, error, now);
      counts.failed += 1;
    }
  }

  const answers = await ready
    .where("f.national_id", "is not", null)
    .where("f.answered_at", "is not", null)
    .where("f.answer_pushed_at", "is", null)
    .orderBy("f.answered_at")
    .limit(BATCH)
    .execute();
  for (const item of answers) {
    try {
      await port.pushAnswer(
        item.national_id as string,
        {
          text: item.answer ?? "",
          agency: item.agency_name,
          answeredAt: (item.answered_at as Date).toISOString(),
        },
        `feedback-answer-${item.id}`,
      );
      await db
        .updateTable("feedback_items")
        .set({ answer_pushed_at: now, sync_attempts: 0, sync_error: null, sync_next_at: null })
        .where("id", "=", item.id)
        .execute();
      counts.answersPushed += 1;
    } catch (error) {
      await recordFailure(db, item.id, item.sync_attempts, error, now);
      counts.failed += 1;
    }
  }

  counts.pulled = await pullFromPortal(db, port, now);
  return counts;
}

/** Items sent at the national portal since the newest one we hold, each once (its national id is unique here). */
async function pullFromPortal(db: Kysely<Database>, port: FeedbackPortalPort, now: Date): Promise<number> {
  const newest = await db
    .selectFrom("feedback_items")
    .select((eb) => eb.fn.max("received_at").as("at"))
    .where("channel", "=", "national_portal")
    .executeTakeFirst();
  const since = newest?.at ? new Date(newest.at as unknown as string).toISOString() : null;
  const items = await port.pull(since);
  const calendar = await feedbackCalendar(db, null);
  let pulled = 0;
  for (const item of items) {
    const dossier = item.dossierCode
      ? await db
          .selectFrom("dossiers")
          .select(["id", "procedure_id", "agency_id"])
          .where("code", "=", item.dossierCode)
          .executeTakeFirst()
      : undefined;
    const procedure = item.procedureCode
      ? await db
          .selectFrom("procedures")
          .select("id")
          .where("code", "=", item.procedureCode)
          .executeTakeFirst()
      : undefined;
    const receivedAt = new Date(item.receivedAt);
    const inserted = await db
      .insertInto("feedback_items")
      .values({
        code: item.nationalId,
        kind: item.kind,
        channel: "national_portal",
        subject: dossier ? "dossier" : procedure ? "procedure" : null,
        dossier_id: dossier?.id ?? null,
        procedure_id: procedure?.id ?? dossier?.procedure_id ?? null,
        subject_agency_id: dossier?.agency_id ?? null,
        title: item.title,
        content: item.content,
        submitter_name: item.submitterName,
        submitter_phone: item.phone,
        submitter_email: item.email,
        contact_verified: true,
        status: "received",
        received_at: receivedAt,
        due_at: item.kind === "feedback" ? feedbackDueAt(calendar, receivedAt) : null,
        national_id: item.nationalId,
        pushed_at: now,
        created_at: now,
      })
      .onConflict((oc) => oc.column("national_id").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) continue;
    await db
      .insertInto("feedback_events")
      .values({
        feedback_id: inserted.id,
        type: "received",
        at: now,
        actor_user_id: null,
        from_agency_id: null,
        to_agency_id: null,
        payload: JSON.stringify({ channel: "national_portal" }),
      })
      .execute();
    pulled += 1;
  }
  return pulled;
}

/** Imports the national portal's FAQ through the same port (S0 Đ16.2). */
export async function importPortalFaq(db: Kysely<Database>, port: FeedbackPortalPort, now: Date) {
  const entries = await port.faq();
  return importFaq(db, {
    entries: entries.map((entry) => ({
      nationalId: entry.nationalId,
      question: entry.question,
      answer: entry.answer,
      procedureCode: entry.procedureCode ?? undefined,
    })),
    source: "national",
    actor: null,
    now,
  });
}
