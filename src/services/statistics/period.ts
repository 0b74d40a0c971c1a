import { ValidationError } from "../errors.ts";

/**
 * A reporting period in the province's time (Asia/Ho_Chi_Minh, UTC+7 all year): `from` inclusive, `to` exclusive.
 * Day, week (Monday first), month, quarter and year contain the given date; custom runs from one date to another,
 * both included.
 */
export type PeriodKind = "day" | "week" | "month" | "quarter" | "year" | "custom";

export interface Period {
  kind: PeriodKind;
  from: Date;
  to: Date;
}

const OFFSET_MS = 7 * 3_600_000;
const MAX_CUSTOM_DAYS = 3 * 366;

/** Midnight in Hà Nội of a calendar date (year, month 1–12, day; out-of-range parts roll over). */
export function localMidnight(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day) - OFFSET_MS);
}

/** The calendar date (in Hà Nội) of an instant. */
export function localDate(at: Date): { year: number; month: number; day: number; weekday: number } {
  const shifted = new Date(at.getTime() + OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    weekday: shifted.getUTCDay(),
  };
}

function parseDate(text: string, field: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (!match || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day)
    throw new ValidationError([
      { field, message: { vi: "Ngày không hợp lệ (YYYY-MM-DD)", en: "Not a valid date (YYYY-MM-DD)" } },
    ]);
  return { year, month, day };
}

/** A month written `YYYY-MM` as its period. */
export function monthPeriod(month: string, field = "month"): Period {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const monthNumber = match ? Number(match[2]) : 0;
  if (!match || monthNumber < 1 || monthNumber > 12)
    throw new ValidationError([
      { field, message: { vi: "Tháng không hợp lệ (YYYY-MM)", en: "Not a valid month (YYYY-MM)" } },
    ]);
  const year = Number(match[1]);
  return {
    kind: "month",
    from: localMidnight(year, monthNumber, 1),
    to: localMidnight(year, monthNumber + 1, 1),
  };
}

export function resolvePeriod(
  input: { kind: PeriodKind; date?: string; from?: string; to?: string },
  now: Date,
): Period {
  if (input.kind === "custom") {
    if (!input.from || !input.to)
      throw new ValidationError([
        {
          field: input.from ? "to" : "from",
          message: { vi: "Cần nhập ngày bắt đầu và ngày kết thúc", en: "Both dates are required" },
        },
      ]);
    const from = parseDate(input.from, "from");
    const to = parseDate(input.to, "to");
    const start = localMidnight(from.year, from.month, from.day);
    const end = localMidnight(to.year, to.month, to.day + 1);
    if (end <= start)
      throw new ValidationError([
        {
          field: "to",
          message: { vi: "Ngày kết thúc trước ngày bắt đầu", en: "The end is before the start" },
        },
      ]);
    if ((end.getTime() - start.getTime()) / 86_400_000 > MAX_CUSTOM_DAYS)
      throw new ValidationError([
        { field: "to", message: { vi: "Khoảng thời gian tối đa 3 năm", en: "At most three years" } },
      ]);
    return { kind: "custom", from: start, to: end };
  }
  const { year, month, day, weekday } = input.date
    ? { ...parseDate(input.date, "date"), weekday: -1 }
    : localDate(now);
  switch (input.kind) {
    case "day":
      return { kind: "day", from: localMidnight(year, month, day), to: localMidnight(year, month, day + 1) };
    case "week": {
      const dow = weekday >= 0 ? weekday : new Date(Date.UTC(year, month - 1, day)).getUTCDay();
      const monday = day - ((dow + 6) % 7);
      return {
        kind: "week",
        from: localMidnight(year, month, monday),
        to: localMidnight(year, month, monday + 7),
      };
    }
    case "month":
      return { kind: "month", from: localMidnight(year, month, 1), to: localMidnight(year, month + 1, 1) };
    case "quarter": {
      const first = Math.floor((month - 1) / 3) * 3 + 1;
      return { kind: "quarter", from: localMidnight(year, first, 1), to: localMidnight(year, first + 3, 1) };
    }
    case "year":
      return { kind: "year", from: localMidnight(year, 1, 1), to: localMidnight(year + 1, 1, 1) };
  }
}
