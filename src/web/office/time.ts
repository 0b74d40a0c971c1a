import { useEffect, useState } from "react";
import type { OfficeTranslate } from "./officeI18n.ts";

/** The current time, refreshed every `everyMs` (the countdowns tick by the minute). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Working hours left (from the server, on the agency's calendar): "Còn 6,5 giờ làm việc" / "Quá hạn 2 giờ…". */
export function workingHoursText(
  ot: OfficeTranslate,
  lang: "vi" | "en",
  hours: number | null,
  overdue: boolean,
) {
  if (hours === null) return ot("left.none");
  const number = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 1 });
  const abs = Math.abs(hours);
  // A working day is 8 working hours (R-CAL); up to one day the hours are clearer.
  const days = Math.floor(abs / 8);
  const rest = Math.round((abs - days * 8) * 10) / 10;
  const text =
    abs > 8 && rest > 0
      ? ot("left.days", { d: days, h: number.format(rest) })
      : abs > 8
        ? ot("left.daysOnly", { d: days })
        : ot("left.hours", { n: number.format(abs) });
  return overdue || hours < 0 ? ot("left.overdue", { hours: text }) : ot("left.remaining", { hours: text });
}

/** Calendar time to an instant, ticking: "còn 1 ngày 3 giờ 12 phút" / "đã quá hạn 2 giờ 5 phút". */
export function clockText(ot: OfficeTranslate, lang: "vi" | "en", iso: string, now: number) {
  const ms = new Date(iso).getTime() - now;
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts =
    lang === "vi"
      ? [d ? `${d} ngày` : "", h ? `${h} giờ` : "", `${m} phút`]
      : [d ? `${d} d` : "", h ? `${h} h` : "", `${m} min`];
  const time = parts.filter(Boolean).join(" ");
  return ms < 0 ? ot("left.clockOver", { time }) : ot("left.clock", { time });
}
