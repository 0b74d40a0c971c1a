import { describe, expect, it } from "vitest";
import { abandonmentAt } from "../../../src/domain/deadlines/abandonment.ts";
import { DEFAULT_DEADLINE_POLICY, deadlinePolicyWith } from "../../../src/domain/deadlines/deadlinePolicy.ts";
import { isExtensionEarlyEnough } from "../../../src/domain/deadlines/extensionLead.ts";
import { isPaperTransferOnTime, paperTransferDueAt } from "../../../src/domain/deadlines/paperTransfer.ts";
import { processingDueAt } from "../../../src/domain/deadlines/processingDeadline.ts";
import { receptionDueAt } from "../../../src/domain/deadlines/receptionDeadline.ts";
import { appointmentAfterSupplement } from "../../../src/domain/deadlines/supplementDeadline.ts";
import { supplementWindowEndsAt } from "../../../src/domain/deadlines/supplementWindow.ts";
import { at, testCalendar } from "./testCalendar.ts";

// July 2025: Monday 14 … Friday 18, Saturday 12 and 19 off. 1–2 September 2025 are holidays.
const calendar = testCalendar();

describe("reception deadline (R-RECV-1)", () => {
  it("R-CAL-9 a / R-RECV-1: submitted Saturday 09:00 → due Monday 17:00", () => {
    expect(receptionDueAt(calendar, at("2025-07-12 09:00"))).toEqual(at("2025-07-14 17:00"));
  });

  it("R-RECV-1: submitted in working time → 8 working hours later", () => {
    expect(receptionDueAt(calendar, at("2025-07-14 09:00"))).toEqual(at("2025-07-15 09:00"));
  });

  it("R-RECV-1: submitted at lunch → counts from 13:30", () => {
    expect(receptionDueAt(calendar, at("2025-07-14 12:00"))).toEqual(at("2025-07-15 11:30"));
  });

  it("R-RECV-1: the number of hours is a parameter", () => {
    expect(receptionDueAt(calendar, at("2025-07-14 09:00"), 2)).toEqual(at("2025-07-14 11:00"));
  });
});

describe("processing deadline (R-CAL-7, R-CAL-5)", () => {
  it("R-CAL-9 b: accepted Friday 16:30 with 3 working days → Wednesday 16:30", () => {
    expect(processingDueAt(calendar, at("2025-07-18 16:30"), { amount: 3, unit: "wd" })).toEqual(
      at("2025-07-23 16:30"),
    );
  });

  it("R-CAL-9 d: accepted at 12:00 (lunch) → the clock starts at 13:30", () => {
    expect(processingDueAt(calendar, at("2025-07-14 12:00"), { amount: 1, unit: "wh" })).toEqual(
      at("2025-07-14 14:30"),
    );
  });

  it("R-CAL-2: holidays are skipped (1–2 September 2025)", () => {
    expect(processingDueAt(calendar, at("2025-08-29 16:00"), { amount: 1, unit: "wd" })).toEqual(
      at("2025-09-03 16:00"),
    );
  });

  // The calendar ends a calendar-day deadline at closing time of the N-th day (its R-CAL-5 [M] reading).
  it("R-CAL-5 [M]: a calendar-day deadline on a weekend moves to the next working day unless told not to", () => {
    expect(processingDueAt(calendar, at("2025-07-18 10:00"), { amount: 1, unit: "d" })).toEqual(
      at("2025-07-21 17:00"),
    );
    expect(processingDueAt(calendar, at("2025-07-18 10:00"), { amount: 1, unit: "d" }, false)).toEqual(
      at("2025-07-19 17:00"),
    );
  });
});

describe("appointment after a supplement (R-SUPP-1, R-SUPP-3)", () => {
  const legalTime = { amount: 3, unit: "wd" } as const;
  const previousDueAt = at("2025-07-17 09:00");

  it("R-SUPP-1: by default the legal time restarts from zero at the completion", () => {
    const change = appointmentAfterSupplement(calendar, {
      policy: DEFAULT_DEADLINE_POLICY,
      legalTime,
      previousDueAt,
      requestedAt: at("2025-07-15 09:00"),
      completedAt: at("2025-07-21 10:00"),
    });
    expect(change).toEqual({ previousDueAt, newDueAt: at("2025-07-24 10:00") });
  });

  it("R-SUPP-3: variant pause-and-extend moves the previous appointment by the working time waited", () => {
    const change = appointmentAfterSupplement(calendar, {
      policy: deadlinePolicyWith({ supplementClock: "pauseAndExtend" }),
      legalTime,
      previousDueAt,
      requestedAt: at("2025-07-15 09:00"),
      completedAt: at("2025-07-16 09:00"),
    });
    expect(change).toEqual({ previousDueAt, newDueAt: at("2025-07-18 09:00") });
  });

  it("R-SUPP-3: waiting only outside working time does not move the appointment", () => {
    const change = appointmentAfterSupplement(calendar, {
      policy: deadlinePolicyWith({ supplementClock: "pauseAndExtend" }),
      legalTime,
      previousDueAt,
      requestedAt: at("2025-07-12 09:00"),
      completedAt: at("2025-07-13 18:00"),
    });
    expect(change.newDueAt).toEqual(previousDueAt);
  });
});

describe("supplement window, abandonment, extension lead, paper transfer", () => {
  it("R-SUPP-1: the agency may ask for a supplement until 3 working days after reception", () => {
    expect(supplementWindowEndsAt(calendar, at("2025-07-14 09:00"))).toEqual(at("2025-07-17 09:00"));
    expect(supplementWindowEndsAt(calendar, at("2025-07-14 09:00"), { amount: 5, unit: "wd" })).toEqual(
      at("2025-07-21 09:00"),
    );
  });

  it("R-SUPP-4 [M]: an incomplete dossier is closable 15 working days after the notice by default", () => {
    expect(abandonmentAt(calendar, at("2025-07-14 09:00"))).toEqual(at("2025-08-04 09:00"));
    expect(abandonmentAt(calendar, at("2025-07-14 09:00"), 1)).toEqual(at("2025-07-15 09:00"));
  });

  it("R-LATE-1: an extension needs at least 1 working day (8 wh) before the due instant", () => {
    const dueAt = at("2025-07-23 16:30");
    expect(isExtensionEarlyEnough(calendar, at("2025-07-22 16:30"), dueAt)).toBe(true);
    expect(isExtensionEarlyEnough(calendar, at("2025-07-22 16:31"), dueAt)).toBe(false);
    // After closing the evening before: only 7.5 working hours remain (stricter reading of "1 working day").
    expect(isExtensionEarlyEnough(calendar, at("2025-07-22 17:30"), dueAt)).toBe(false);
    expect(isExtensionEarlyEnough(calendar, at("2025-07-22 17:30"), dueAt, 4)).toBe(true);
  });

  it("R-XFER-1 / R-CAL-9 c: paper received Thursday 15:30 must reach the agency at the start of Friday", () => {
    expect(paperTransferDueAt(calendar, at("2025-07-17 15:30"))).toEqual(at("2025-07-18 07:00"));
  });

  it("R-XFER-1: paper received before 15:00 moves the same working day; on a weekend, the next working day", () => {
    expect(paperTransferDueAt(calendar, at("2025-07-17 14:59"))).toEqual(at("2025-07-17 14:59"));
    expect(paperTransferDueAt(calendar, at("2025-07-19 09:00"))).toEqual(at("2025-07-21 07:00"));
    expect(paperTransferDueAt(calendar, at("2025-07-17 14:00"), "14:00")).toEqual(at("2025-07-18 07:00"));
  });

  it("R-XFER-1: paper received before 15:00 is on time any time that working day, late the day after", () => {
    const received = at("2025-07-17 10:00");
    const dueAt = paperTransferDueAt(calendar, received);
    expect(isPaperTransferOnTime(dueAt, at("2025-07-17 10:30"), received)).toBe(true);
    expect(isPaperTransferOnTime(dueAt, at("2025-07-17 16:59"), received)).toBe(true);
    expect(isPaperTransferOnTime(dueAt, at("2025-07-18 07:00"), received)).toBe(false);
  });

  it("R-XFER-1, issue #12 §5: paper received after 15:00 is on time only if it reaches the agency by the start of the next working day", () => {
    const received = at("2025-07-17 15:30");
    const dueAt = paperTransferDueAt(calendar, received);
    expect(isPaperTransferOnTime(dueAt, at("2025-07-17 16:00"), received)).toBe(true);
    expect(isPaperTransferOnTime(dueAt, at("2025-07-18 07:00"), received)).toBe(true);
    expect(isPaperTransferOnTime(dueAt, at("2025-07-18 07:01"), received)).toBe(false);
    expect(isPaperTransferOnTime(dueAt, at("2025-07-18 16:59"), received)).toBe(false);
    // Received on Saturday: due at the start of Monday.
    const saturday = at("2025-07-19 09:00");
    const monday = paperTransferDueAt(calendar, saturday);
    expect(isPaperTransferOnTime(monday, at("2025-07-21 07:00"), saturday)).toBe(true);
    expect(isPaperTransferOnTime(monday, at("2025-07-21 09:00"), saturday)).toBe(false);
  });

  it("R-LAW-2: the policy defaults are the regulation's and can be overridden", () => {
    expect(DEFAULT_DEADLINE_POLICY).toMatchObject({
      receptionWorkingHours: 8,
      supplementWindow: { amount: 3, unit: "wd" },
      supplementClock: "restart",
      abandonmentWorkingDays: 15,
      extensionMinimumLeadWorkingHours: 8,
      transferCutoff: "15:00",
      moveCalendarDayDeadlineToWorkingDay: true,
    });
    expect(deadlinePolicyWith({ abandonmentWorkingDays: 30 }).abandonmentWorkingDays).toBe(30);
    expect(deadlinePolicyWith().supplementClock).toBe("restart");
  });
});
