import { describe, expect, it } from "vitest";
import {
  countFeedback,
  feedbackDueAt,
  judgeFeedback,
  questionDueAt,
  rerouteClock,
  watchLevelAt,
} from "../../../src/domain/feedback/index.ts";
import { at, testCalendar } from "../deadlines/testCalendar.ts";

const calendar = testCalendar();

describe("feedback and question deadlines on the working calendar (R-PAKN-2, R-QA-1)", () => {
  it("feedback: 10 working days from receipt, weekends and holidays skipped", () => {
    // Monday 14 July 2025 09:00 + 10 wd → Monday 28 July 09:00.
    expect(feedbackDueAt(calendar, at("2025-07-14 09:00"))).toEqual(at("2025-07-28 09:00"));
    // Received on Saturday: the clock starts Monday 07:00, so ten whole working days end Friday 1 August at closing.
    expect(feedbackDueAt(calendar, at("2025-07-19 10:00"))).toEqual(at("2025-08-01 17:00"));
    // Across 30/4 and 1/5 (holidays): Tuesday 29 April 10:00 → 15 May 10:00.
    expect(feedbackDueAt(calendar, at("2025-04-29 10:00"))).toEqual(at("2025-05-15 10:00"));
  });

  it("questions: 3, 5 or 10 working days after routing", () => {
    expect(questionDueAt(calendar, at("2025-07-17 14:00"))).toEqual(at("2025-07-22 14:00"));
    expect(questionDueAt(calendar, at("2025-07-17 14:00"), "interAgency")).toEqual(at("2025-07-24 14:00"));
    expect(questionDueAt(calendar, at("2025-07-17 14:00"), "special")).toEqual(at("2025-07-31 14:00"));
  });

  it("re-routing records the working hours held and whether they were within the rules' time", () => {
    // Feedback: 2 wd = 16 wh (R-PAKN-3). Friday 16:00 → Tuesday 16:30 is 1 + 8 + 7.5 wh.
    expect(rerouteClock(calendar, at("2025-07-18 16:00"), at("2025-07-22 16:30"), "feedback")).toEqual({
      heldWorkingHours: 16.5,
      allowedWorkingHours: 16,
      onTime: false,
    });
    expect(rerouteClock(calendar, at("2025-07-18 16:00"), at("2025-07-21 09:00"), "feedback").onTime).toBe(
      true,
    );
    // Questions: 4 wh (R-QA-1). 09:00 → 13:30 the same day is 2.5 wh (lunch not counted).
    expect(rerouteClock(calendar, at("2025-07-21 09:00"), at("2025-07-21 13:30"), "question")).toEqual({
      heldWorkingHours: 2.5,
      allowedWorkingHours: 4,
      onTime: true,
    });
    expect(rerouteClock(calendar, at("2025-07-21 09:00"), at("2025-07-21 15:30"), "question").onTime).toBe(
      false,
    );
  });

  it("warning levels: due soon within the lead, overdue from the deadline, escalated after it", () => {
    const due = at("2025-07-28 09:00");
    expect(watchLevelAt(calendar, at("2025-07-24 09:00"), due, 8, 8)).toBeNull();
    expect(watchLevelAt(calendar, at("2025-07-25 09:00"), due, 8, 8)).toBe("dueSoon");
    expect(watchLevelAt(calendar, at("2025-07-26 12:00"), due, 8, 8)).toBe("dueSoon");
    expect(watchLevelAt(calendar, due, due, 8, 8)).toBe("overdue");
    expect(watchLevelAt(calendar, at("2025-07-28 16:00"), due, 8, 8)).toBe("overdue");
    expect(watchLevelAt(calendar, at("2025-07-29 09:00"), due, 8, 8)).toBe("escalated");
  });
});

describe("counting feedback for the 766 indicators 5.2–5.3 and evaluation index 8 (R-PAKN-3, R-EVAL-2)", () => {
  const received = at("2025-07-14 09:00");
  const base = {
    startedAt: received,
    dueAt: feedbackDueAt(calendar, received),
    answeredAt: null,
    refusedAt: null,
    publishedAt: null,
    reaction: null,
    repeated: false,
  } as const;
  const end = at("2025-09-30 17:00");

  it("judges each item: legal deadline, portal tests, prolonged", () => {
    const onTime = { ...base, answeredAt: at("2025-07-25 10:00"), publishedAt: at("2025-07-28 10:00") };
    expect(judgeFeedback(calendar, onTime, end)).toEqual({
      legalOnTime: true,
      prolonged: false,
      late: false,
      portalOnTime: true,
    });
    // Answered on day 12: late by law (10 wd), still within the portal's 15 wd.
    const lateLegal = { ...base, answeredAt: at("2025-07-30 10:00") };
    expect(judgeFeedback(calendar, lateLegal, end)).toMatchObject({
      legalOnTime: false,
      late: true,
      portalOnTime: true,
    });
    // Published 3 wd after the answer: the portal's publication test fails.
    const latePublish = { ...onTime, publishedAt: at("2025-07-31 10:00") };
    expect(judgeFeedback(calendar, latePublish, end).portalOnTime).toBe(false);
    // Refused within 2 wd.
    expect(judgeFeedback(calendar, { ...base, refusedAt: at("2025-07-16 08:00") }, end).portalOnTime).toBe(
      true,
    );
    expect(judgeFeedback(calendar, { ...base, refusedAt: at("2025-07-17 08:00") }, end).portalOnTime).toBe(
      false,
    );
    // Still open: not judged before 15 wd, prolonged after the legal deadline.
    expect(judgeFeedback(calendar, base, at("2025-07-21 09:00"))).toEqual({
      legalOnTime: false,
      prolonged: false,
      late: false,
      portalOnTime: undefined,
    });
    expect(judgeFeedback(calendar, base, at("2025-07-29 09:00"))).toMatchObject({
      prolonged: true,
      late: true,
    });
    expect(judgeFeedback(calendar, base, end).portalOnTime).toBe(false);
  });

  it("counts 5.2, 5.3 and index 8's facts", () => {
    const items = [
      { ...base, answeredAt: at("2025-07-25 10:00") },
      { ...base, answeredAt: at("2025-07-25 10:00"), reaction: "dislike" as const },
      { ...base, answeredAt: at("2025-07-25 10:00"), repeated: true },
      { ...base, answeredAt: at("2025-07-30 10:00") },
      { ...base, startedAt: at("2025-09-29 09:00"), dueAt: feedbackDueAt(calendar, at("2025-09-29 09:00")) },
      base,
    ];
    const counts = countFeedback(items, () => calendar, end);
    // 5.2: five judged (the one received 29/9 is not yet), four on the portal's time.
    expect(counts.onTime).toEqual({ numerator: 4, denominator: 5 });
    // 5.3: six items; disliked, repeated, late, prolonged out.
    expect(counts.satisfaction).toEqual({ numerator: 2, denominator: 6 });
    expect(counts.handling).toEqual({ received: 5, handledOnTime: 3, prolonged: 1 });
    expect(counts.total).toBe(6);
  });
});
