import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createWorkingCalendar } from "../../../src/domain/calendar/workingCalendar.ts";
import {
  checkMaintenancePlan,
  earliestMaintenanceStart,
  maintenanceBannerShown,
  maintenancePhase,
} from "../../../src/domain/operations/maintenanceNotice.ts";
import { at, testCalendar } from "../deadlines/testCalendar.ts";

/** R-OPS-3: planned maintenance is announced at least 5 working days ahead, on the working calendar. */
const calendar = testCalendar();
const HOUR = 3_600_000;

describe("earliest maintenance start (R-OPS-3)", () => {
  it("is the same weekday and time a working week later for an announcement inside working hours", () => {
    expect(earliestMaintenanceStart(calendar, at("2025-07-14 10:00"))).toEqual(at("2025-07-21 10:00"));
    expect(earliestMaintenanceStart(calendar, at("2025-07-18 16:00"))).toEqual(at("2025-07-25 16:00"));
  });

  it("counts from the next working morning when announced at the weekend or at night", () => {
    const fromSaturday = earliestMaintenanceStart(calendar, at("2025-07-19 22:00"));
    const fromMondayMorning = earliestMaintenanceStart(calendar, at("2025-07-21 07:00"));
    expect(fromSaturday).toEqual(fromMondayMorning);
    expect(calendar.workingHoursBetween(at("2025-07-21 07:00"), fromSaturday)).toBe(40);
  });

  it("skips holidays: announced on 28/4/2025, the 30/4 and 1/5 holidays push the start two working days", () => {
    expect(earliestMaintenanceStart(calendar, at("2025-04-28 09:00"))).toEqual(at("2025-05-07 09:00"));
  });

  it("exhaustively over 2025 at every half hour: exactly 5 working days of notice, never less", () => {
    const start = at("2025-01-01 00:00").getTime();
    const end = at("2026-01-01 00:00").getTime();
    let previous = 0;
    for (let t = start; t < end; t += HOUR / 2) {
      const announcedAt = new Date(t);
      const earliest = earliestMaintenanceStart(calendar, announcedAt);
      expect(calendar.workingHoursBetween(announcedAt, earliest)).toBeCloseTo(40, 9);
      // A later announcement never allows an earlier start.
      expect(earliest.getTime()).toBeGreaterThanOrEqual(previous);
      previous = earliest.getTime();
      // At least five calendar days always pass (a working week has five working days at most).
      expect(earliest.getTime() - t).toBeGreaterThanOrEqual(4 * 24 * HOUR);
    }
  });
});

describe("checking a plan (R-OPS-3)", () => {
  const announcedAt = at("2025-07-14 10:00");

  it("accepts a start at the earliest instant and later, refuses one minute earlier with a Vietnamese message", () => {
    const earliest = at("2025-07-21 10:00");
    const ok = checkMaintenancePlan(calendar, {
      announcedAt,
      startsAt: earliest,
      endsAt: new Date(earliest.getTime() + 2 * HOUR),
    });
    expect(ok).toEqual({ ok: true, earliestStart: earliest });
    const early = checkMaintenancePlan(calendar, {
      announcedAt,
      startsAt: new Date(earliest.getTime() - 60_000),
      endsAt: new Date(earliest.getTime() + 2 * HOUR),
    });
    expect(early.ok).toBe(false);
    if (early.ok) return;
    expect(early.refusal.code).toBe("MAINTENANCE_NOTICE_TOO_SHORT");
    expect(early.refusal.message.vi).toContain("ít nhất 5 ngày làm việc");
    expect(early.refusal.message.vi).toContain("21/07/2025 10:00");
  });

  it("refuses a window that does not end after it starts", () => {
    const startsAt = at("2025-08-01 22:00");
    for (const endsAt of [startsAt, new Date(startsAt.getTime() - HOUR)]) {
      const outcome = checkMaintenancePlan(calendar, { announcedAt, startsAt, endsAt });
      expect(outcome.ok ? null : outcome.refusal.code).toBe("MAINTENANCE_WINDOW_INVALID");
    }
  });

  it("property: accepted exactly when the start is at or after the earliest start (computed holidays too)", () => {
    const computed = createWorkingCalendar();
    const base = at("2026-01-01 00:00").getTime();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 * 365 * 24 * 4 }),
        fc.integer({ min: 0, max: 30 * 24 * 4 }),
        (quarter, aheadQuarters) => {
          const announcedAt = new Date(base + quarter * 15 * 60_000);
          const startsAt = new Date(announcedAt.getTime() + aheadQuarters * 15 * 60_000);
          const outcome = checkMaintenancePlan(computed, {
            announcedAt,
            startsAt,
            endsAt: new Date(startsAt.getTime() + HOUR),
          });
          const wanted = computed.workingHoursBetween(announcedAt, startsAt) >= 40 - 1e-9;
          expect(outcome.ok).toBe(wanted);
        },
      ),
      { seed: 20261202, numRuns: 2000 },
    );
  });
});

describe("phase and banner", () => {
  const window = {
    announcedAt: at("2025-07-14 10:00"),
    startsAt: at("2025-07-26 22:00"),
    endsAt: at("2025-07-27 02:00"),
    cancelledAt: null,
  };

  it("shows the banner from the announcement until the end, not before nor after", () => {
    expect(maintenanceBannerShown(window, at("2025-07-14 09:59"))).toBe(false);
    expect(maintenanceBannerShown(window, at("2025-07-14 10:00"))).toBe(true);
    expect(maintenancePhase(window, at("2025-07-20 10:00"))).toBe("upcoming");
    expect(maintenancePhase(window, at("2025-07-26 22:00"))).toBe("active");
    expect(maintenanceBannerShown(window, at("2025-07-27 01:59"))).toBe(true);
    expect(maintenancePhase(window, at("2025-07-27 02:00"))).toBe("ended");
    expect(maintenanceBannerShown(window, at("2025-07-27 02:00"))).toBe(false);
  });

  it("a cancelled window shows nothing from its cancellation on", () => {
    const cancelled = { ...window, cancelledAt: at("2025-07-20 08:00") };
    expect(maintenanceBannerShown(cancelled, at("2025-07-20 07:59"))).toBe(true);
    expect(maintenancePhase(cancelled, at("2025-07-26 23:00"))).toBe("cancelled");
    expect(maintenanceBannerShown(cancelled, at("2025-07-26 23:00"))).toBe(false);
  });
});
