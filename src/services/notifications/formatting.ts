import type { NotificationLanguage } from "../../db/notificationTables.ts";

const PROVINCE_ZONE = "Asia/Ho_Chi_Minh";

const parts = new Intl.DateTimeFormat("en-GB", {
  timeZone: PROVINCE_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** "09:00 ngày 24/11/2026" / "09:00 on 24/11/2026": the province's wall clock, as appointments are printed on slips. */
export function formatInstant(iso: string, language: NotificationLanguage): string {
  const values = Object.fromEntries(
    parts.formatToParts(new Date(iso)).map((part) => [part.type, part.value]),
  );
  const date = `${values.day}/${values.month}/${values.year}`;
  const time = `${values.hour}:${values.minute}`;
  return language === "vi" ? `${time} ngày ${date}` : `${time} on ${date}`;
}

/** 1500000 → "1.500.000 đồng" (the Vietnamese grouping, whatever the recipient's language). */
export function formatDong(amount: number, language: NotificationLanguage): string {
  const grouped = Math.round(amount)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return language === "vi" ? `${grouped} đồng` : `VND ${grouped}`;
}
