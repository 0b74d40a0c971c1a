import type { FaqEntry } from "./feedbackApi.ts";
import { useFeedbackI18n } from "./feedbackI18n.ts";

/** FAQ entries as question headings with their answers (headings so screen readers can jump between them). */
export function FaqList({ items, level = 2 }: { items: FaqEntry[]; level?: 2 | 3 }) {
  const { ft } = useFeedbackI18n();
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <ul className="feedback-list">
      {items.map((entry) => (
        <li key={entry.id}>
          <Heading>{entry.question}</Heading>
          {entry.procedure ? (
            <p>{ft("faq.procedure", { name: `${entry.procedure.code} ${entry.procedure.name}` })}</p>
          ) : null}
          <div className="feedback-answer">{entry.answer}</div>
        </li>
      ))}
    </ul>
  );
}
