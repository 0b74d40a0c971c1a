import type { LocalDate } from "../calendar/types.ts";

/**
 * The province's civil date of an instant. Asia/Ho_Chi_Minh has been a fixed UTC+07:00 for every date a dossier can
 * have (calendar contract), so a fixed offset is exact and keeps the domain free of time-zone databases.
 */
const PROVINCE_OFFSET_MS = 7 * 60 * 60 * 1000;

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export function provinceCivilDate(at: Date): CivilDate {
  const shifted = new Date(at.getTime() + PROVINCE_OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** `YYYY-MM-DD` in the province. */
export function provinceLocalDate(at: Date): LocalDate {
  const { year, month, day } = provinceCivilDate(at);
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`;
}

/** Is `year-month-day` a real date of the Gregorian calendar? */
export function isRealCivilDate({ year, month, day }: CivilDate): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

export function pad2(value: number): string {
  return String(value).padStart(2, "0");
}
