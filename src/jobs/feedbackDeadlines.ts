import type { Kysely } from "kysely";
import type { FeedbackWatchLevel } from "../db/feedbackTables.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { watchLevelAt } from "../domain/feedback/deadlines.ts";
import { calendarCache } from "../services/feedback/calendars.ts";

/**
 * The feedback and question deadline watch (issue #17), on the pattern of the dossier deadline watch
 * (deadlineWatch.ts): an open item routed to an agency is marked "due soon" a working day before its deadline
 * (R-PAKN-2: 10 wd, R-QA-1: 3/5/10 wd), "overdue" at it, and "escalated" a working day after it. Each level is written
 * once, with its event and a notification to the agency (and, for an escalation, to the service center) in one
 * transaction; the row is locked with SKIP LOCKED so several processes can run it.
 */

export interface FeedbackWatchOptions {
  /** Working hours before the deadline that count as "due soon". */
  dueSoonWorkingHours?: number;
  /** Working hours after the deadline when the item is escalated. */
  escalateAfterWorkingHours?: number;
  batchSize?: number;
}

const RANK: Record<FeedbackWatchLevel, number> = { dueSoon: 1, overdue: 2, escalated: 3 };

const TEXT: Record<FeedbackWatchLevel, (code: string, due: string) => string> = {
  dueSoon: (code, due) => `Phản ánh/câu hỏi ${code} sắp đến hạn trả lời (${due}).`,
  overdue: (code, due) => `Phản ánh/câu hỏi ${code} đã quá hạn trả lời (${due}).`,
  escalated: (code, due) => `Phản ánh/câu hỏi ${code} quá hạn trả lời từ ${due}, cần lãnh đạo chỉ đạo xử lý.`,
};

const localTime = (at: Date) =>
  new Intl.DateTimeFormat("vi-VN", {
    timeZone: "Asia/Ho_Chi_Minh",
    dateStyle: "short",
    timeStyle: "short",
  }).format(at);

export async function runFeedbackDeadlines(
  db: Kysely<Database>,
  now: Date,
  options: FeedbackWatchOptions = {},
): Promise<Record<FeedbackWatchLevel, number>> {
  const lead = options.dueSoonWorkingHours ?? 8;
  const escalateAfter = options.escalateAfterWorkingHours ?? 8;
  const counts: Record<FeedbackWatchLevel, number> = { dueSoon: 0, overdue: 0, escalated: 0 };
  const calendarOf = calendarCache(db);
  // The service center is the agency its monitors are granted in (DESIGN roles); escalations go to it too.
  const center = await db
    .selectFrom("role_grants as g")
    .innerJoin("agencies as a", "a.id", "g.agency_id")
    .select("a.email")
    .where("g.role", "=", "service_center_monitor")
    .executeTakeFirst();
  const candidates = await db
    .selectFrom("feedback_items")
    .select(["id", "agency_id", "due_at", "watch_level"])
    .where("status", "=", "routed")
    .where("due_at", "is not", null)
    .where((eb) => eb.or([eb("watch_level", "is", null), eb("watch_level", "!=", "escalated")]))
    .orderBy("due_at")
    .limit(options.batchSize ?? 200)
    .execute();
  for (const candidate of candidates) {
    const calendar = await calendarOf(candidate.agency_id);
    const level = watchLevelAt(calendar, now, candidate.due_at as Date, lead, escalateAfter);
    if (level === null) continue;
    if (candidate.watch_level && RANK[candidate.watch_level] >= RANK[level]) continue;
    const written = await inTransaction(db, async (trx) => {
      const row = await trx
        .selectFrom("feedback_items as f")
        .leftJoin("agencies as a", "a.id", "f.agency_id")
        .select(["f.id", "f.code", "f.status", "f.due_at", "f.watch_level", "f.agency_id", "a.email"])
        .where("f.id", "=", candidate.id)
        .forUpdate("f")
        .skipLocked()
        .executeTakeFirst();
      // Answered, re-routed or marked by another worker meanwhile: nothing to do.
      if (row?.status !== "routed" || row.due_at?.getTime() !== candidate.due_at?.getTime()) return false;
      if (row.watch_level && RANK[row.watch_level] >= RANK[level]) return false;
      await trx.updateTable("feedback_items").set({ watch_level: level }).where("id", "=", row.id).execute();
      await trx
        .insertInto("feedback_events")
        .values({
          feedback_id: row.id,
          type: level,
          at: now,
          actor_user_id: null,
          from_agency_id: null,
          to_agency_id: row.agency_id,
          payload: JSON.stringify({ dueAt: row.due_at }),
        })
        .execute();
      const body = TEXT[level](row.code, localTime(row.due_at as Date));
      const recipients = [row.email, level === "escalated" ? (center?.email ?? null) : null].filter(
        (address): address is string => Boolean(address),
      );
      for (const address of new Set(recipients))
        await trx
          .insertInto("notifications")
          .values({
            idempotency_key: `feedback-${level}-${row.id}-${address}`,
            kind: `feedback.${level}`,
            channel: "email",
            agency_id: row.agency_id,
            address,
            language: "vi",
            subject: body,
            body,
            status: "pending",
            available_at: now,
            created_at: now,
          })
          .onConflict((oc) => oc.column("idempotency_key").doNothing())
          .execute();
      return true;
    });
    if (written) counts[level] += 1;
  }
  return counts;
}
