import type { Level, OnlineLevel, TimeLimit } from "../api/types.ts";
import type { Translate } from "../i18n/i18n.tsx";

export function levelText(t: Translate, level: Level | string): string {
  return level === "central" || level === "province" || level === "district" || level === "commune"
    ? t(`level.${level}`)
    : level;
}

export function onlineText(t: Translate, level: OnlineLevel): string {
  return t(`online.${level}`);
}

export function timeLimitText(t: Translate, limit: TimeLimit | null): string | null {
  return limit ? t(`unit.${limit.unit}`, { n: limit.amount }) : null;
}

/** The CSS tone of a public status (R-STATUS-1): attention when the applicant must act, done, or closed. */
export function statusTone(status: number): string {
  if (status === 5 || status === 6) return "status status--attention";
  if (status === 9 || status === 10) return "status status--done";
  if (status === 3 || status === 7 || status === 8) return "status status--closed";
  return "status";
}
