/**
 * Vietnamese lunar calendar (âm lịch), computed astronomically (R-CAL-3, R-CAL-8).
 *
 * This is Hồ Ngọc Đức's published algorithm: mean new moons corrected by the main periodic terms (Meeus,
 * "Astronomical Algorithms", ch. 49) and the sun's apparent longitude (ch. 25), with day boundaries taken in
 * the local zone. Vietnam has used UTC+7 for its calendar since 1968 (North) / 1975 (whole country); China
 * uses UTC+8. A new moon that falls between 23:00 and 24:00 Vietnamese time therefore starts a month one day
 * earlier in Vietnam, and occasionally moves a major solar term into another month, which changes the month
 * numbering or the leap month (e.g. Tết 1985: 21 January in Vietnam, 20 February in China).
 *
 * R-CAL-8 [M]: the yearly Government notice is the truth; this conversion only pre-fills the calendar.
 * Accuracy was checked against published Tết dates for 1900–2199's well-known years (see the tests); the
 * formulas keep working outside that range but drift slowly (ΔT is approximated).
 */

/** A lunar date. `year` is the lunar year that starts at its Tết (month 1, day 1). */
export interface LunarDate {
  day: number;
  month: number;
  year: number;
  /** True for the intercalary (nhuận) month that repeats `month`. */
  leap: boolean;
}

/** Vietnam's civil zone, in hours east of UTC (R-CAL-8). */
export const VIETNAM_TIME_ZONE = 7;

const SYNODIC_MONTH = 29.530588853;
/** Julian day of the new moon of 1900-01-01 (the reference of k = 0). */
const NEW_MOON_EPOCH = 2415021.076998695;
/** Julian day number of 1970-01-01, the epoch of our day indices. */
const JDN_UNIX_EPOCH = 2440588;
const DEG = Math.PI / 180;

/** Julian day of the k-th new moon after the one of 1900-01-01 (Meeus ch. 49, low-precision terms). */
function newMoon(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * DEG);
  const m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;
  const mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;
  const f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;
  let c1 = (0.1734 - 0.000393 * t) * Math.sin(m * DEG) + 0.0021 * Math.sin(2 * DEG * m);
  c1 = c1 - 0.4068 * Math.sin(mpr * DEG) + 0.0161 * Math.sin(DEG * 2 * mpr);
  c1 = c1 - 0.0004 * Math.sin(DEG * 3 * mpr);
  c1 = c1 + 0.0104 * Math.sin(DEG * 2 * f) - 0.0051 * Math.sin(DEG * (m + mpr));
  c1 = c1 - 0.0074 * Math.sin(DEG * (m - mpr)) + 0.0004 * Math.sin(DEG * (2 * f + m));
  c1 = c1 - 0.0004 * Math.sin(DEG * (2 * f - m)) - 0.0006 * Math.sin(DEG * (2 * f + mpr));
  c1 = c1 + 0.001 * Math.sin(DEG * (2 * f - mpr)) + 0.0005 * Math.sin(DEG * (2 * mpr + m));
  // ΔT (TT − UT) in days: two polynomial fits, one for before 1900-ish (t < -11 centuries is far earlier).
  const deltaT =
    t < -11
      ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
      : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return jd1 + c1 - deltaT;
}

/** The sun's apparent longitude in radians, in [0, 2π), at Julian day `jd` (Meeus ch. 25, low precision). */
function sunLongitude(jd: number): number {
  const t = (jd - 2451545.0) / 36525;
  const t2 = t * t;
  const m = 357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
  const l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  let dl = (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(DEG * m);
  dl = dl + (0.019993 - 0.000101 * t) * Math.sin(DEG * 2 * m) + 0.00029 * Math.sin(DEG * 3 * m);
  const l = (l0 + dl) * DEG;
  return l - 2 * Math.PI * Math.floor(l / (2 * Math.PI));
}

/** Julian day number of the civil day (in zone `tz`) on which the k-th new moon falls. */
function newMoonDay(k: number, tz: number): number {
  return Math.floor(newMoon(k) + 0.5 + tz / 24);
}

/** Which of the 12 30° sectors (major solar terms) the sun is in at the start of civil day `jdn`. */
function sunSector(jdn: number, tz: number): number {
  return Math.floor((sunLongitude(jdn - 0.5 - tz / 24) / Math.PI) * 6);
}

/** First day (JDN) of the lunar month 11 — the month containing the winter solstice — of solar year `y`. */
function lunarMonth11(y: number, tz: number): number {
  const off = jdnFromCivil(y, 12, 31) - 2415021;
  const k = Math.floor(off / SYNODIC_MONTH);
  const nm = newMoonDay(k, tz);
  // Month 11 must contain the solstice (sun longitude 270°, sector 9); if this new moon is already past it,
  // the previous one starts month 11.
  return sunSector(nm, tz) >= 9 ? newMoonDay(k - 1, tz) : nm;
}

/**
 * In a 13-month year starting at month 11 `a11`, the 1-based offset of the leap month: the first month with
 * no major solar term (its start and the next month's start fall in the same sector).
 */
function leapMonthOffset(a11: number, tz: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i, tz), tz);
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i, tz), tz);
  } while (arc !== last && i < 14);
  return i - 1;
}

/** Julian day number of a proleptic Gregorian date (all dates handled here are after 1582). */
export function jdnFromCivil(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return (
    day +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045
  );
}

/** Proleptic Gregorian date of a Julian day number. */
export function civilFromJdn(jdn: number): { year: number; month: number; day: number } {
  const a = jdn + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((b * 146097) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    day: e - Math.floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * Math.floor(m / 10),
    year: b * 100 + d - 4800 + Math.floor(m / 10),
  };
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DD` of a Julian day number. */
export function localDateFromJdn(jdn: number): string {
  const { year, month, day } = civilFromJdn(jdn);
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Julian day number of an ISO `YYYY-MM-DD` date; RangeError when malformed or not a real date. */
export function jdnFromLocalDate(date: string): number {
  const match = ISO_DATE.exec(date);
  if (match === null) throw new RangeError(`Ngày không hợp lệ (cần YYYY-MM-DD): "${date}"`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const jdn = jdnFromCivil(year, month, day);
  const back = civilFromJdn(jdn);
  if (back.month !== month || back.day !== day) throw new RangeError(`Ngày không tồn tại: "${date}"`);
  return jdn;
}

/** Days since 1970-01-01 of a Julian day number, and back: the calendar's day index. */
export const dayIndexFromJdn = (jdn: number): number => jdn - JDN_UNIX_EPOCH;
export const jdnFromDayIndex = (day: number): number => day + JDN_UNIX_EPOCH;

/** Converts a solar (Gregorian) date to the lunar date at zone `tz` (default Vietnam, UTC+7; R-CAL-8). */
export function solarToLunar(date: string, tz: number = VIETNAM_TIME_ZONE): LunarDate {
  const dayNumber = jdnFromLocalDate(date);
  const yy = civilFromJdn(dayNumber).year;
  // The month holding the day starts at the last true new moon on or before it. The mean-month estimate can be
  // off by one in either direction (the true new moon wanders ±14 h around the mean, e.g. 2062-04-09), so walk
  // from the estimate instead of trusting it: Hồ Ngọc Đức's single step back left day 0 there.
  let k = Math.floor((dayNumber - NEW_MOON_EPOCH) / SYNODIC_MONTH) + 1;
  while (newMoonDay(k, tz) > dayNumber) k--;
  while (newMoonDay(k + 1, tz) <= dayNumber) k++;
  const monthStart = newMoonDay(k, tz);
  let a11 = lunarMonth11(yy, tz);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = yy;
    a11 = lunarMonth11(yy - 1, tz);
  } else {
    lunarYear = yy + 1;
    b11 = lunarMonth11(yy + 1, tz);
  }
  const day = dayNumber - monthStart + 1;
  const diff = Math.floor((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  // A year from month 11 to the next month 11 that spans 13 new moons has a leap month.
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, tz);
    if (diff >= leapDiff) {
      month = diff + 10;
      if (diff === leapDiff) leap = true;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) lunarYear -= 1;
  return { day, month, year: lunarYear, leap };
}

/**
 * Converts a lunar date at zone `tz` to the solar date (`YYYY-MM-DD`). RangeError when the lunar date does
 * not exist (a leap month in a year without that leap month, day 30 of a 29-day month, fields out of range).
 */
export function lunarToSolar(lunar: LunarDate, tz: number = VIETNAM_TIME_ZONE): string {
  const { day, month, year, leap } = lunar;
  if (
    !Number.isInteger(day) ||
    !Number.isInteger(month) ||
    !Number.isInteger(year) ||
    day < 1 ||
    day > 30 ||
    month < 1 ||
    month > 12
  ) {
    throw new RangeError(`Ngày âm lịch không hợp lệ: ${day}/${month}${leap ? " nhuận" : ""}/${year}`);
  }
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = lunarMonth11(year - 1, tz);
    b11 = lunarMonth11(year, tz);
  } else {
    a11 = lunarMonth11(year, tz);
    b11 = lunarMonth11(year + 1, tz);
  }
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, tz);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) {
      throw new RangeError(`Năm âm lịch ${year} không có tháng ${month} nhuận`);
    }
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    throw new RangeError(`Năm âm lịch ${year} không có tháng nhuận`);
  }
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  const monthStart = newMoonDay(k + off, tz);
  const solar = localDateFromJdn(monthStart + day - 1);
  // Day 30 of a 29-day month would silently become day 1 of the next month: refuse it instead.
  if (day === 30 && solarToLunar(solar, tz).day !== 30) {
    throw new RangeError(`Tháng ${month}${leap ? " nhuận" : ""}/${year} âm lịch chỉ có 29 ngày`);
  }
  return solar;
}

/** The leap month (1–12) of a lunar year, or null when the year has 12 months. */
export function leapMonthOf(lunarYear: number, tz: number = VIETNAM_TIME_ZONE): number | null {
  // The leap month of lunar year Y lies between month 11 of Y−1 and month 11 of Y, or is month 11/12 of Y.
  for (const [from, to] of [
    [lunarYear - 1, lunarYear],
    [lunarYear, lunarYear + 1],
  ] as const) {
    const a11 = lunarMonth11(from, tz);
    const b11 = lunarMonth11(to, tz);
    if (b11 - a11 <= 365) continue;
    let leapMonth = leapMonthOffset(a11, tz) - 2;
    if (leapMonth < 0) leapMonth += 12;
    // In the first span, months 11–12 belong to year Y−1; in the second only months 11–12 belong to Y.
    const belongsToYear = from === lunarYear - 1 ? leapMonth < 11 : leapMonth >= 11;
    if (belongsToYear) return leapMonth;
  }
  return null;
}

/** Solar date of Tết Nguyên đán (lunar 1/1) of the lunar year that starts in solar year `year`. */
export function lunarNewYear(year: number, tz: number = VIETNAM_TIME_ZONE): string {
  return lunarToSolar({ day: 1, month: 1, year, leap: false }, tz);
}
