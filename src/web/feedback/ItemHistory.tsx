import type { ItemDetail } from "./feedbackApi.ts";
import { useFeedbackI18n } from "./feedbackI18n.ts";

const KNOWN = new Set([
  "received",
  "routed",
  "rerouted",
  "returned",
  "answered",
  "published",
  "refused",
  "reaction",
  "faq",
  "dueSoon",
  "overdue",
  "escalated",
]);

/** The item's history: routing, re-routing with its clock, answers, warnings. */
export function ItemHistory({ item }: { item: ItemDetail }) {
  const { ft, dateTime } = useFeedbackI18n();
  return (
    <ol className="plain-list">
      {item.events
        .filter((event) => KNOWN.has(event.type))
        .map((event) => (
          <li key={`${event.type}-${event.at}`}>
            {dateTime(event.at)} —{" "}
            {ft(`event.${event.type}` as "event.received", {
              to: event.toAgency ?? "",
              from: event.fromAgency ?? "",
            })}
          </li>
        ))}
    </ol>
  );
}
