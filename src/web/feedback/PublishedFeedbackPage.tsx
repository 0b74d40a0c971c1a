import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../api/client.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import type { PublishedItem } from "./feedbackApi.ts";
import { useFeedbackI18n } from "./feedbackI18n.ts";
import "./feedback.css";

/** The public page of answered feedback, published with the sender's consent and personal data removed. */
export default function PublishedFeedbackPage() {
  const { ft, dateTime } = useFeedbackI18n();
  usePageTitle(ft("published.title"));
  const query = useQuery({
    queryKey: ["feedback", "published"],
    queryFn: () => api.get<{ items: PublishedItem[] }>("/api/public/feedback/published"),
  });
  return (
    <>
      <h1>{ft("published.title")}</h1>
      <p className="lead">{ft("published.lead")}</p>
      <p>
        <Link to="/phan-anh">{ft("nav.send")}</Link>
      </p>
      {query.isPending ? <Loading /> : null}
      {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data?.items.length === 0 ? <p>{ft("published.none")}</p> : null}
      <ul className="feedback-list">
        {query.data?.items.map((item) => (
          <li key={item.code}>
            <h2>{item.title}</h2>
            <p>
              {item.code} · {dateTime(item.receivedAt)}
            </p>
            <p>{item.content}</p>
            <div className="feedback-answer">
              <strong>{ft("published.answer", { agency: item.agency ?? "" })}</strong>
              <p>{item.answer}</p>
              {item.signature ? (
                <p>{ft("published.by", { name: item.signature.name, title: item.signature.title })}</p>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
