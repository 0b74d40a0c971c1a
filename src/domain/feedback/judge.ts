import type { WorkingCalendar } from "../calendar/types.ts";
import type { FeedbackHandlingFacts } from "../evaluation/agencyIndices.ts";
import type { KpiMeasure } from "../kpi/scoring.ts";
import {
  FEEDBACK_PORTAL_ANSWER_WORKING_DAYS,
  FEEDBACK_PUBLISH_WORKING_DAYS,
  FEEDBACK_REFUSE_WORKING_DAYS,
} from "./deadlines.ts";

/** What the counting needs of one feedback item. */
export interface JudgedFeedbackInput {
  /** Received, or forwarded to the agency that handles it (R-PAKN-3 counts from receipt/forwarding). */
  startedAt: Date;
  /** The legal answer deadline (R-PAKN-2, 10 wd). */
  dueAt: Date;
  answeredAt: Date | null;
  refusedAt: Date | null;
  publishedAt: Date | null;
  /** The submitter's reaction to the published answer (R-PAKN-3 "like/dislike"). */
  reaction: "like" | "dislike" | null;
  /** The same person sent the same matter again: the first answer did not settle it. */
  repeated: boolean;
}

export interface FeedbackVerdict {
  /** Answered or refused by the legal deadline (R-PAKN-2). */
  legalOnTime: boolean;
  /** Still unanswered past the legal deadline at `at` (R-EVAL-2 item 8 "prolonged"). */
  prolonged: boolean;
  /** Closed after the deadline, or prolonged. */
  late: boolean;
  /** The portal's on-time tests (R-PAKN-3); undefined while none of them can be judged yet. */
  portalOnTime: boolean | undefined;
}

const notAfter = (instant: Date | null, limit: Date) =>
  instant !== null && instant.getTime() <= limit.getTime();

/** One item judged at `at` (the period's end, or now for the running period). */
export function judgeFeedback(
  calendar: WorkingCalendar,
  item: JudgedFeedbackInput,
  at: Date,
): FeedbackVerdict {
  const closedAt = item.refusedAt ?? item.answeredAt;
  const legalOnTime = notAfter(closedAt, item.dueAt);
  const prolonged = closedAt === null && at.getTime() > item.dueAt.getTime();
  const late = closedAt === null ? prolonged : !legalOnTime;
  const start = calendar.normalizeStart(item.startedAt);
  let portalOnTime: boolean | undefined;
  if (item.refusedAt !== null) {
    portalOnTime = notAfter(
      item.refusedAt,
      calendar.add(start, { amount: FEEDBACK_REFUSE_WORKING_DAYS, unit: "wd" }),
    );
  } else {
    const answerLimit = calendar.add(start, { amount: FEEDBACK_PORTAL_ANSWER_WORKING_DAYS, unit: "wd" });
    if (item.answeredAt === null) {
      portalOnTime = at.getTime() > answerLimit.getTime() ? false : undefined;
    } else if (!notAfter(item.answeredAt, answerLimit)) {
      portalOnTime = false;
    } else if (item.publishedAt !== null) {
      const publishLimit = calendar.add(calendar.normalizeStart(item.answeredAt), {
        amount: FEEDBACK_PUBLISH_WORKING_DAYS,
        unit: "wd",
      });
      portalOnTime = notAfter(item.publishedAt, publishLimit);
    } else {
      portalOnTime = true;
    }
  }
  return { legalOnTime, prolonged, late, portalOnTime };
}

export interface FeedbackCounts {
  /** 5.2 (R-PAKN-3): items judged on time / items that can be judged. */
  onTime: KpiMeasure;
  /** 5.3: (total − disliked − late − repeated) / total, an item counted once whatever it has of the three. */
  satisfaction: KpiMeasure;
  /** R-EVAL-2 item 8: items closed or past their deadline, those answered by it, and those prolonged. */
  handling: FeedbackHandlingFacts;
  /** 5.1 (information only): items in the period. */
  total: number;
}

/** The counts of the 766 indicators 5.1–5.3 and evaluation index 8 over the items received in a period. */
export function countFeedback(
  items: readonly JudgedFeedbackInput[],
  calendarOf: (item: JudgedFeedbackInput) => WorkingCalendar,
  at: Date,
): FeedbackCounts {
  let judged = 0;
  let portalOnTime = 0;
  let satisfied = 0;
  let handlingReceived = 0;
  let handledOnTime = 0;
  let prolonged = 0;
  for (const item of items) {
    const verdict = judgeFeedback(calendarOf(item), item, at);
    if (verdict.portalOnTime !== undefined) {
      judged += 1;
      if (verdict.portalOnTime) portalOnTime += 1;
    }
    if (!verdict.late && item.reaction !== "dislike" && !item.repeated) satisfied += 1;
    const closed = item.answeredAt !== null || item.refusedAt !== null;
    if (closed || verdict.prolonged) {
      handlingReceived += 1;
      if (verdict.legalOnTime) handledOnTime += 1;
      if (verdict.prolonged) prolonged += 1;
    }
  }
  return {
    onTime: { numerator: portalOnTime, denominator: judged },
    satisfaction: { numerator: satisfied, denominator: items.length },
    handling: { received: handlingReceived, handledOnTime, prolonged },
    total: items.length,
  };
}
