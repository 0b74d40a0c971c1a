import type { OnlineLevel } from "../api/types.ts";
import { useI18n } from "../i18n/i18n.tsx";

export function OnlineBadge({ level }: { level: OnlineLevel }) {
  const { t } = useI18n();
  return <span className={`badge badge--${level}`}>{t(`online.${level}`)}</span>;
}
