import type { FeedbackStatus } from "./feedbackApi.ts";
import { useFeedbackI18n } from "./feedbackI18n.ts";

/** The status as a plain badge: our own colours, checked for contrast, and no enter animation for axe to catch. */
export function StatusTag({ status }: { status: FeedbackStatus }) {
  const { ft } = useFeedbackI18n();
  return <span className={`feedback-status feedback-status--${status}`}>{ft(`status.${status}`)}</span>;
}

/** Working hours left before the answer is due, or how late it is. */
export function TimeLeft({ hours }: { hours: number | null }) {
  const { ft, number } = useFeedbackI18n();
  if (hours === null) return null;
  return hours < 0 ? (
    <span className="feedback-overdue">{ft("left.overdue", { hours: number(-hours, 1) })}</span>
  ) : (
    <span>{ft("left.hours", { hours: number(hours, 1) })}</span>
  );
}
