import { describe, expect, it } from "vitest";
import { clockMark, incidentDueTimes, isPastTarget } from "../../../src/domain/operations/incidentClocks.ts";
import {
  allowedNextStatuses,
  checkTicketTransition,
  DEFAULT_SUPPORT_TARGETS,
  isFirstResponse,
  isResolution,
  supportDueTimes,
  TICKET_STATUSES,
} from "../../../src/domain/operations/supportTickets.ts";
import { at, testCalendar } from "../deadlines/testCalendar.ts";

const calendar = testCalendar();
const HOUR = 3_600_000;

describe("incident clocks (R-OPS-2)", () => {
  it("answers within 4 clock hours and fixes within 8 working hours", () => {
    const due = incidentDueTimes(calendar, at("2025-07-18 15:00"));
    expect(due.responseDueAt).toEqual(at("2025-07-18 19:00"));
    // Friday 15:00 + 2 h to closing, then Monday 07:00 + 4.5 h morning + 1.5 h afternoon.
    expect(due.fixDueAt).toEqual(at("2025-07-21 15:00"));
  });

  it("exhaustively over 2025 at every 20 minutes: 4 h reply, exactly 8 working hours to fix", () => {
    const start = at("2025-01-01 00:00").getTime();
    const end = at("2026-01-01 00:00").getTime();
    for (let t = start; t < end; t += HOUR / 3) {
      const startedAt = new Date(t);
      const due = incidentDueTimes(calendar, startedAt);
      expect(due.responseDueAt.getTime() - t).toBe(4 * HOUR);
      expect(calendar.workingHoursBetween(startedAt, due.fixDueAt)).toBeCloseTo(8, 9);
      expect(due.fixDueAt.getTime()).toBeGreaterThan(t);
    }
  });

  it("marks each clock on time, late, running or overdue", () => {
    const dueAt = at("2025-07-18 19:00");
    expect(clockMark({ dueAt, doneAt: at("2025-07-18 19:00") }, at("2025-07-19 09:00"))).toBe("onTime");
    expect(clockMark({ dueAt, doneAt: at("2025-07-18 19:01") }, at("2025-07-19 09:00"))).toBe("late");
    expect(clockMark({ dueAt, doneAt: null }, at("2025-07-18 19:00"))).toBe("running");
    expect(clockMark({ dueAt, doneAt: null }, at("2025-07-18 19:01"))).toBe("overdue");
    expect(["onTime", "late", "running", "overdue"].map((m) => isPastTarget(m as never))).toEqual([
      false,
      true,
      false,
      true,
    ]);
  });
});

describe("support tickets (R-OPS-4)", () => {
  it("counts the targets in working hours from the next working instant", () => {
    const saturday = supportDueTimes(calendar, at("2025-07-19 10:00"));
    expect(saturday.responseDueAt).toEqual(at("2025-07-21 11:00"));
    expect(saturday.resolutionDueAt).toEqual(at("2025-07-21 17:00"));
    const custom = supportDueTimes(calendar, at("2025-07-21 09:00"), {
      responseWorkingHours: 1,
      resolutionWorkingHours: 16,
    });
    expect(custom.responseDueAt).toEqual(at("2025-07-21 10:00"));
    expect(custom.resolutionDueAt).toEqual(at("2025-07-23 09:00"));
  });

  it("exhaustively over 2025 at every 20 minutes: the targets are exact working-hour spans", () => {
    const start = at("2025-01-01 00:00").getTime();
    const end = at("2026-01-01 00:00").getTime();
    for (let t = start; t < end; t += HOUR / 3) {
      const due = supportDueTimes(calendar, new Date(t));
      expect(calendar.workingHoursBetween(new Date(t), due.responseDueAt)).toBeCloseTo(
        DEFAULT_SUPPORT_TARGETS.responseWorkingHours,
        9,
      );
      expect(calendar.workingHoursBetween(new Date(t), due.resolutionDueAt)).toBeCloseTo(
        DEFAULT_SUPPORT_TARGETS.resolutionWorkingHours,
        9,
      );
    }
  });

  it("every pair of statuses: allowed exactly as the table says; closed is final; nothing stays put", () => {
    for (const from of TICKET_STATUSES)
      for (const to of TICKET_STATUSES) {
        const outcome = checkTicketTransition(from, to);
        expect(outcome.ok).toBe(allowedNextStatuses(from).includes(to));
        if (from === to || from === "closed") expect(outcome.ok).toBe(false);
        if (!outcome.ok) expect(outcome.refusal.code).toBe("TICKET_TRANSITION_NOT_ALLOWED");
        expect(isFirstResponse(from, to)).toBe(from === "new" && to !== "new");
      }
    expect(TICKET_STATUSES.filter(isResolution)).toEqual(["resolved", "closed"]);
  });
});
