import { Tag } from "antd";
import type { FeedbackStatus } from "./feedbackApi.ts";
import { useFeedbackI18n } from "./feedbackI18n.ts";

const COLOR: Record<FeedbackStatus, string> = {
  received: "default",
  routed: "processing",
  answered: "success",
  published: "success",
  refused: "error",
};

export function StatusTag({ status }: { status: FeedbackStatus }) {
  const { ft } = useFeedbackI18n();
  return <Tag color={COLOR[status]}>{ft(`status.${status}`)}</Tag>;
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
