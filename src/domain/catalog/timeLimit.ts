import type { Duration, WorkingCalendar } from "../calendar/types.ts";
import { foldVietnamese } from "./foldVietnamese.ts";

/**
 * The kinds of legal time a procedure can have besides a plain duration (R-CAL-6, R-RECV-4):
 * - `same_day`: "trong ngày; sau 15 giờ thì ngày làm việc tiếp theo" — the result is due the working day of
 *   reception, or the next working day when received at or after the cut-off (15:00). Modelled as a rule on the
 *   reception instant, never as +24 h (R-CAL-6).
 * - `immediate`: "ngay khi nhận đủ hồ sơ" — decided at once, at the counter. The appointment is the end of the
 *   working day of reception (its closing time): "at once" cannot be a later instant than the reception itself, and
 *   an appointment equal to the reception instant would make every result returned a minute later late. No 15:00
 *   cut-off applies: the law gives none for immediate results.
 * A dossier keeps the duration too (`amount`/`unit`, 1 working day for both kinds in the demo and the import): it
 * sizes the workflow and the static checks; the appointment itself comes from the kind.
 */
export type TimeLimitKind = "same_day" | "immediate";

export const TIME_LIMIT_KINDS: ReadonlyArray<TimeLimitKind> = Object.freeze(["same_day", "immediate"]);

/** The cut-off after which a same-day procedure moves to the next working day (R-CAL-6, S2 Đ11.2). */
export const SAME_DAY_CUTOFF = "15:00";

/** The nominal duration stored beside a kind: one working day, what "the same day at the latest" spans. */
export const NOMINAL_KIND_DURATION: Readonly<Duration> = Object.freeze({ amount: 1, unit: "wd" });

/** A dossier's or a procedure's legal time: a duration, and the kind when it is not a plain duration. */
export interface LegalTime extends Duration {
  kind?: TimeLimitKind | null | undefined;
}

/** The closing time of the working day a normalized working instant falls on. */
function closingOfWorkingDay(calendar: WorkingCalendar, workingInstant: Date): Date {
  // 0 calendar days from a working instant is that day's last closing time (WorkingCalendar.add, R-CAL-5).
  return calendar.add(workingInstant, { amount: 0, unit: "d" });
}

/**
 * Same-day appointment (R-CAL-6): received before the cut-off on a working day → that day's closing time; at or
 * after it, or on a non-working day → the next working day's closing time.
 */
export function sameDayAppointment(
  calendar: WorkingCalendar,
  receivedAt: Date,
  cutoff: string = SAME_DAY_CUTOFF,
): Date {
  return closingOfWorkingDay(calendar, calendar.applyCutoff(receivedAt, cutoff));
}

/**
 * Immediate appointment (R-RECV-4): the closing time of the working day the reception falls in (after closing or on
 * a non-working day: the next working day's, as any clock start, R-CAL-5).
 */
export function immediateAppointment(calendar: WorkingCalendar, receivedAt: Date): Date {
  return closingOfWorkingDay(calendar, calendar.normalizeStart(receivedAt));
}

/**
 * The appointment of a dossier whose clock starts at `startAt` (acceptance, R-CAL-7, or a restart after a
 * supplement, R-SUPP-1): by the kind when there is one, else the duration on the working calendar (R-CAL-5).
 */
export function legalAppointment(
  calendar: WorkingCalendar,
  startAt: Date,
  legalTime: LegalTime,
  options: { moveCalendarDayDeadlineToWorkingDay?: boolean; cutoff?: string } = {},
): Date {
  if (legalTime.kind === "same_day") return sameDayAppointment(calendar, startAt, options.cutoff);
  if (legalTime.kind === "immediate") return immediateAppointment(calendar, startAt);
  const move = options.moveCalendarDayDeadlineToWorkingDay;
  return calendar.add(
    calendar.normalizeStart(startAt),
    { amount: legalTime.amount, unit: legalTime.unit },
    move === undefined ? undefined : { moveCalendarDayDeadlineToWorkingDay: move },
  );
}

/** Can this kind be decided and returned at the counter on the spot (2 → 9 → 10, R-RECV-4, R-STATUS-5)? */
export function isDecidableAtCounter(kind: TimeLimitKind | null | undefined): boolean {
  return kind === "same_day" || kind === "immediate";
}

const SAME_DAY = /\btrong ngay\b.*\bsau 15( gio| ?h\b| 00\b)/;
const IMMEDIATE =
  /\bngay (sau )?khi (nhan|tiep nhan) (du |duoc |day du )?(ho so|yeu cau)|\b(giai quyet|tra ket qua) ngay\b/;

/**
 * Recognises a time-limit kind in the catalog's time text (`DonVi` or `MoTa` of an imported procedure, R-CAL-6): diacritics, case
 * and punctuation do not matter ("Ngay" alone is not recognised: folded, it is the unit "Ngày"). Null: the text states no such kind (a plain duration, or nothing known).
 */
export function recogniseTimeLimitKind(text: string | null | undefined): TimeLimitKind | null {
  if (!text) return null;
  const folded = foldVietnamese(text);
  if (SAME_DAY.test(folded)) return "same_day";
  if (IMMEDIATE.test(folded)) return "immediate";
  // A unit that is itself "trong ngày" (the same working day) without naming the cut-off: the cut-off is the law's
  // default for same-day procedures (R-CAL-6, S2 Đ11.2).
  if (/^(trong ngay|ngay trong ngay|trong ngay lam viec)$/.test(folded)) return "same_day";
  return null;
}

const UNIT_TEXT = {
  wh: { vi: "giờ làm việc", en: "working hour" },
  wd: { vi: "ngày làm việc", en: "working day" },
  d: { vi: "ngày", en: "day" },
} as const;

/** How a legal time reads on the forms and pages (R-FORM-1 "thời gian giải quyết"), in Vietnamese and English. */
export function legalTimeText(legalTime: LegalTime): { vi: string; en: string } {
  if (legalTime.kind === "same_day")
    return {
      vi: "Trong ngày; nhận sau 15 giờ thì trong ngày làm việc tiếp theo",
      en: "The same day; if received after 15:00, the next working day",
    };
  if (legalTime.kind === "immediate")
    return { vi: "Giải quyết ngay khi nhận đủ hồ sơ", en: "At once, when the dossier is complete" };
  const unit = UNIT_TEXT[legalTime.unit];
  return {
    vi: `${legalTime.amount} ${unit.vi}`,
    en: `${legalTime.amount} ${unit.en}${legalTime.amount === 1 ? "" : "s"}`,
  };
}
