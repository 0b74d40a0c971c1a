import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../api/client.ts";
import { ErrorAlert, Loading, RequireSession } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import type { ItemDetail, ItemSummary } from "./feedbackApi.ts";
import { useFeedbackI18n } from "./feedbackI18n.ts";
import { ItemHistory } from "./ItemHistory.tsx";
import { StatusTag } from "./StatusTag.tsx";
import "./feedback.css";

/** "Phản ánh của tôi": the signed-in person's feedback and questions, each with its answer and history. */
export default function MyFeedbackPage() {
  const { ft } = useFeedbackI18n();
  usePageTitle(ft("mine.title"));
  return <RequireSession>{() => <MyFeedback />}</RequireSession>;
}

function MyFeedback() {
  const { ft, dateTime } = useFeedbackI18n();
  const [open, setOpen] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ["feedback", "mine"],
    queryFn: () => api.get<{ items: ItemSummary[] }>("/api/citizen/feedback"),
  });
  return (
    <>
      <h1>{ft("mine.title")}</h1>
      <p>
        <Link to="/phan-anh">{ft("nav.send")}</Link> · <Link to="/hoi-dap">{ft("nav.faq")}</Link>
      </p>
      {query.isPending ? <Loading /> : null}
      {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data?.items.length === 0 ? <p>{ft("mine.none")}</p> : null}
      <ul className="feedback-list">
        {query.data?.items.map((item) => (
          <li key={item.id}>
            <h2>{item.title}</h2>
            <p>
              {ft(`kind.${item.kind}`)} {item.code} · {dateTime(item.receivedAt)}{" "}
              <StatusTag status={item.status} />
            </p>
            {item.dueAt && (item.status === "received" || item.status === "routed") ? (
              <p>
                {ft("col.due")}: {dateTime(item.dueAt)}
              </p>
            ) : null}
            <Button
              aria-expanded={open === item.id}
              onClick={() => setOpen(open === item.id ? null : item.id)}
            >
              {ft("mine.open")} {item.code}
            </Button>
            {open === item.id ? <MyItem id={item.id} /> : null}
          </li>
        ))}
      </ul>
    </>
  );
}

function MyItem({ id }: { id: string }) {
  const { ft } = useFeedbackI18n();
  const client = useQueryClient();
  const query = useQuery({
    queryKey: ["feedback", id],
    queryFn: () => api.get<ItemDetail>(`/api/feedback/${id}`),
  });
  const react = useMutation({
    mutationFn: (reaction: "like" | "dislike") =>
      api.post(`/api/citizen/feedback/${id}/reaction`, { reaction }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["feedback", id] }),
  });
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} />;
  const item = query.data;
  return (
    <div>
      <p>{item.content}</p>
      {item.answer ? (
        <div className="feedback-answer">
          <strong>{ft("mine.answer")}</strong>
          <p>{item.answer}</p>
          {item.signature ? (
            <p>{ft("published.by", { name: item.signature.name, title: item.signature.title })}</p>
          ) : null}
          <Button onClick={() => react.mutate("like")} disabled={item.reaction === "like"}>
            {ft("mine.like")}
          </Button>{" "}
          <Button onClick={() => react.mutate("dislike")} disabled={item.reaction === "dislike"}>
            {ft("mine.dislike")}
          </Button>
          {react.isSuccess ? <Alert type="success" role="status" title={ft("mine.reacted")} /> : null}
          {react.error ? <ErrorAlert error={react.error} /> : null}
        </div>
      ) : null}
      {item.refusalReason ? <p>{ft("mine.refused", { reason: item.refusalReason })}</p> : null}
      <h3>{ft("console.history")}</h3>
      <ItemHistory item={item} />
    </div>
  );
}
