import type { Config } from "../../config.ts";
import { formatInstant, parseDuration } from "../../domain/calendar/workingCalendar.ts";
import { loadCalendarConfig, loadWorkingCalendar } from "../../services/calendar/loadCalendar.ts";
import { ValidationError } from "../../services/errors.ts";
import { openPreparedDatabase } from "../database.ts";

const INSTANT = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** An ISO 8601 instant; without a zone it is the province's wall-clock time (+07:00). */
export function parseInstantArgument(text: string): Date {
  const match = INSTANT.exec(text.trim());
  const invalid = () =>
    new ValidationError([
      {
        field: "from",
        message: {
          vi: `Thời điểm "${text}" không hợp lệ (ví dụ 2026-11-20T16:30 hoặc 2026-11-20T16:30:00+07:00)`,
          en: `Invalid instant "${text}" (e.g. 2026-11-20T16:30 or 2026-11-20T16:30:00+07:00)`,
        },
      },
    ]);
  if (!match) throw invalid();
  const [, date = "", hours = "00", minutes = "00", seconds = "00", zone = "+07:00"] = match;
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  // V8 rolls 30 February over to 2 March; a date that is not on the calendar is an error here.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) throw invalid();
  const instant = new Date(`${date}T${hours}:${minutes}:${seconds}${zone}`);
  if (Number.isNaN(instant.getTime())) throw invalid();
  return instant;
}

/** `onestop calendar due --from … --add 3wd [--agency …]`: prints the due instant (R-CAL-5). */
export async function calendarDue(
  config: Config,
  options: { from: string; add: string; agency?: string },
  print: (line: string) => void,
): Promise<void> {
  const from = parseInstantArgument(options.from);
  let duration: ReturnType<typeof parseDuration>;
  try {
    duration = parseDuration(options.add);
  } catch (error) {
    throw new ValidationError([
      {
        field: "add",
        message: {
          vi: (error as Error).message,
          en: `Invalid duration "${options.add}" (e.g. 3wd, 8wh, 10d)`,
        },
      },
    ]);
  }
  const database = await openPreparedDatabase(config, () => {});
  try {
    const calendar = await loadWorkingCalendar(
      database.db,
      options.agency ? { code: options.agency } : undefined,
    );
    print(formatInstant(calendar.add(from, duration)));
  } finally {
    await database.close();
  }
}

/** `onestop calendar holidays --year Y`: the year's days off and make-up working days, with their source. */
export async function calendarHolidays(
  config: Config,
  year: number,
  print: (line: string) => void,
): Promise<void> {
  if (!Number.isInteger(year) || year < 1900 || year > 2199) {
    throw new ValidationError([
      {
        field: "year",
        message: { vi: "Năm phải từ 1900 đến 2199", en: "The year must be within 1900–2199" },
      },
    ]);
  }
  const database = await openPreparedDatabase(config, () => {});
  try {
    const configData = await loadCalendarConfig(database.db);
    const calendar = await loadWorkingCalendar(database.db);
    const days = calendar.yearCalendar(year);
    const official = year in configData.years;
    print(
      official
        ? `Lịch năm ${year}: theo dữ liệu do quản trị viên nhập (thông báo của Chính phủ)`
        : `Lịch năm ${year}: tính theo Bộ luật Lao động 2019 Điều 112 (dự kiến; chưa có thông báo chính thức)`,
    );
    const rows = [
      ...days.holidays.map((day) => ({ ...day, kind: "Nghỉ   " })),
      ...days.makeupDays.map((day) => ({ ...day, kind: "Làm bù " })),
    ].sort((a, b) => a.date.localeCompare(b.date));
    for (const row of rows) print(`${row.date}  ${row.kind} ${row.name}`);
  } finally {
    await database.close();
  }
}
