import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toLocalDate } from "../../../src/domain/calendar/workingCalendar.ts";
import {
  immediateAppointment,
  isDecidableAtCounter,
  legalAppointment,
  legalTimeText,
  recogniseTimeLimitKind,
  sameDayAppointment,
  TIME_LIMIT_KINDS,
} from "../../../src/domain/catalog/timeLimit.ts";
import { processingDueAt } from "../../../src/domain/deadlines/processingDeadline.ts";
import { at, testCalendar } from "../deadlines/testCalendar.ts";

const calendar = testCalendar();

describe("same-day appointment (R-CAL-6)", () => {
  // 2025-07-17 is a Thursday, 07-18 a Friday, 07-19/20 the weekend; 2025-04-30 and 05-01 are holidays.
  it.each([
    ["before opening", "2025-07-17 06:30", "2025-07-17 17:00"],
    ["in the morning", "2025-07-17 09:00", "2025-07-17 17:00"],
    ["at lunch", "2025-07-17 12:00", "2025-07-17 17:00"],
    ["one minute before the cut-off", "2025-07-17 14:59", "2025-07-17 17:00"],
    ["at the cut-off", "2025-07-17 15:00", "2025-07-18 17:00"],
    ["after the cut-off", "2025-07-17 15:30", "2025-07-18 17:00"],
    ["after closing", "2025-07-17 18:00", "2025-07-18 17:00"],
    ["Friday after the cut-off → Monday", "2025-07-18 16:00", "2025-07-21 17:00"],
    ["Saturday → Monday", "2025-07-19 09:00", "2025-07-21 17:00"],
    ["Sunday → Monday", "2025-07-20 14:00", "2025-07-21 17:00"],
    ["before a holiday after the cut-off → past the holidays", "2025-04-29 15:10", "2025-05-02 17:00"],
    ["on a holiday → next working day", "2025-04-30 09:00", "2025-05-02 17:00"],
  ])("%s: %s → %s", (_name, received, due) => {
    expect(sameDayAppointment(calendar, at(received))).toEqual(at(due));
    expect(legalAppointment(calendar, at(received), { amount: 1, unit: "wd", kind: "same_day" })).toEqual(
      at(due),
    );
    expect(processingDueAt(calendar, at(received), { amount: 1, unit: "wd", kind: "same_day" })).toEqual(
      at(due),
    );
  });

  it("takes another cut-off when a procedure sets one", () => {
    expect(sameDayAppointment(calendar, at("2025-07-17 14:30"), "14:00")).toEqual(at("2025-07-18 17:00"));
    expect(
      legalAppointment(
        calendar,
        at("2025-07-17 14:30"),
        { amount: 1, unit: "wd", kind: "same_day" },
        { cutoff: "14:00" },
      ),
    ).toEqual(at("2025-07-18 17:00"));
  });
});

describe("immediate appointment (R-RECV-4): the end of the working day of reception", () => {
  it.each([
    ["in the morning", "2025-07-17 09:00", "2025-07-17 17:00"],
    ["after 15:00 still the same day (no cut-off)", "2025-07-17 16:30", "2025-07-17 17:00"],
    ["after closing → next working day", "2025-07-17 17:00", "2025-07-18 17:00"],
    ["Saturday → Monday", "2025-07-19 09:00", "2025-07-21 17:00"],
    ["holiday → next working day", "2025-05-01 08:00", "2025-05-02 17:00"],
  ])("%s: %s → %s", (_name, received, due) => {
    expect(immediateAppointment(calendar, at(received))).toEqual(at(due));
    expect(legalAppointment(calendar, at(received), { amount: 1, unit: "wd", kind: "immediate" })).toEqual(
      at(due),
    );
  });
});

describe("a plain duration is unchanged (R-CAL-5)", () => {
  it("adds the working time from the next working instant", () => {
    expect(legalAppointment(calendar, at("2025-07-18 16:30"), { amount: 3, unit: "wd" })).toEqual(
      at("2025-07-23 16:30"),
    );
    expect(legalAppointment(calendar, at("2025-07-18 16:30"), { amount: 3, unit: "wd", kind: null })).toEqual(
      at("2025-07-23 16:30"),
    );
    expect(
      legalAppointment(
        calendar,
        at("2025-07-17 09:00"),
        { amount: 2, unit: "d" },
        { moveCalendarDayDeadlineToWorkingDay: false },
      ),
    ).toEqual(at("2025-07-19 17:00"));
  });
});

describe("properties", () => {
  const instants = fc
    .date({
      min: new Date("2025-01-02T00:00:00+07:00"),
      max: new Date("2025-12-20T00:00:00+07:00"),
      noInvalidDate: true,
    })
    .map((d) => new Date(Math.floor(d.getTime() / 60_000) * 60_000));

  it("the same-day appointment is a closing time (17:00) of a working day, the reception's day or the next one", () => {
    fc.assert(
      fc.property(instants, (received) => {
        const due = sameDayAppointment(calendar, received);
        expect(due.getTime()).toBeGreaterThan(received.getTime());
        expect(calendar.isWorkingDay(toLocalDate(due))).toBe(true);
        expect(due.toISOString().slice(11, 16)).toBe("10:00"); // 17:00 at UTC+7
        // Never later than the next working day's end: the rule is one working day at most.
        const next = calendar.add(calendar.startOfNextWorkingDay(received), { amount: 0, unit: "d" });
        expect(due.getTime()).toBeLessThanOrEqual(next.getTime());
      }),
    );
  });

  it("received before 15:00 on a working day, it is due that very day; otherwise not that day", () => {
    fc.assert(
      fc.property(instants, (received) => {
        const due = sameDayAppointment(calendar, received);
        const local = new Date(received.getTime() + 7 * 3_600_000).toISOString().slice(11, 16);
        const sameDay = calendar.isWorkingDay(toLocalDate(received)) && local < "15:00";
        expect(toLocalDate(due) === toLocalDate(received)).toBe(sameDay);
      }),
    );
  });

  it("immediate is never later than same-day, and both are monotonic in the reception instant", () => {
    fc.assert(
      fc.property(instants, instants, (a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(immediateAppointment(calendar, a).getTime()).toBeLessThanOrEqual(
          sameDayAppointment(calendar, a).getTime(),
        );
        expect(sameDayAppointment(calendar, early).getTime()).toBeLessThanOrEqual(
          sameDayAppointment(calendar, late).getTime(),
        );
        expect(immediateAppointment(calendar, early).getTime()).toBeLessThanOrEqual(
          immediateAppointment(calendar, late).getTime(),
        );
      }),
    );
  });
});

describe("recognising the kinds in the catalog's text (import)", () => {
  it.each([
    ["Trong ngày; sau 15 giờ thì ngày làm việc tiếp theo", "same_day"],
    [
      "Trong ngày cơ quan tiếp nhận yêu cầu hoặc ngày làm việc tiếp theo nếu tiếp nhận sau 15 giờ",
      "same_day",
    ],
    ["TRONG NGAY, SAU 15H THI NGAY LAM VIEC TIEP THEO", "same_day"],
    ["Trong ngày làm việc; trường hợp nhận yêu cầu sau 15:00 thì ngày làm việc tiếp theo", "same_day"],
    ["Trong ngày", "same_day"],
    ["trong ngày làm việc", "same_day"],
    ["Ngay khi nhận đủ hồ sơ", "immediate"],
    ["Ngay sau khi nhận đủ hồ sơ hợp lệ", "immediate"],
    ["Giải quyết ngay", "immediate"],
    ["03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", null],
    ["Ngày làm việc", null],
    ["Ngày", null],
    ["Giờ làm việc", null],
    ["", null],
    [null, null],
    [undefined, null],
  ] as const)("%s → %s", (text, kind) => {
    expect(recogniseTimeLimitKind(text)).toBe(kind);
  });
});

describe("what the counter decides on the spot (R-RECV-4)", () => {
  it("same-day and immediate only", () => {
    expect(TIME_LIMIT_KINDS.map(isDecidableAtCounter)).toEqual([true, true]);
    expect(isDecidableAtCounter(null)).toBe(false);
    expect(isDecidableAtCounter(undefined)).toBe(false);
  });
});

describe("legalTimeText (R-FORM-1)", () => {
  it.each([
    [
      { amount: 1, unit: "wd", kind: "same_day" },
      "Trong ngày; nhận sau 15 giờ thì trong ngày làm việc tiếp theo",
      "The same day; if received after 15:00, the next working day",
    ],
    [
      { amount: 1, unit: "wd", kind: "immediate" },
      "Giải quyết ngay khi nhận đủ hồ sơ",
      "At once, when the dossier is complete",
    ],
    [{ amount: 1, unit: "wd" }, "1 ngày làm việc", "1 working day"],
    [{ amount: 3, unit: "wd", kind: null }, "3 ngày làm việc", "3 working days"],
    [{ amount: 4, unit: "wh" }, "4 giờ làm việc", "4 working hours"],
    [{ amount: 15, unit: "d" }, "15 ngày", "15 days"],
  ] as const)("%j", (legalTime, vi, en) => {
    expect(legalTimeText(legalTime)).toEqual({ vi, en });
  });
});
