import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Input } from "antd";
import { useId, useState } from "react";
import { api } from "../api/client.ts";
import { useAgencies } from "../api/queries.ts";
import { ErrorAlert, Loading, RequireSession } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import {
  CATEGORIES,
  COMPLEXITIES,
  type FeedbackStatus,
  type ItemDetail,
  type ItemSummary,
} from "./feedbackApi.ts";
import { useFeedbackI18n } from "./feedbackI18n.ts";
import { ItemHistory } from "./ItemHistory.tsx";
import { flattenAgencies } from "./SendFeedbackPage.tsx";
import { StatusTag, TimeLeft } from "./StatusTag.tsx";
import "./feedback.css";

const STATUSES: FeedbackStatus[] = ["received", "routed", "answered", "published", "refused"];

/** The service center's routing console: classify, route or re-route, refuse, and turn good answers into the FAQ. */
export default function RoutingConsolePage() {
  const { ft } = useFeedbackI18n();
  usePageTitle(ft("console.title"));
  return (
    <RequireSession>
      {(session) =>
        session.roles.some((role) => role === "service_center_monitor" || role === "system_admin") ? (
          <Console />
        ) : (
          <Alert type="warning" title={ft("denied")} />
        )
      }
    </RequireSession>
  );
}

function Console() {
  const { ft, dateTime } = useFeedbackI18n();
  const id = useId();
  const [status, setStatus] = useState<FeedbackStatus | "">("received");
  const [open, setOpen] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ["feedback", "console", status],
    queryFn: () =>
      api.get<{ items: ItemSummary[] }>(`/api/monitoring/feedback${status ? `?status=${status}` : ""}`),
  });
  return (
    <>
      <h1>{ft("console.title")}</h1>
      <div className="feedback-form">
        <label htmlFor={`${id}-status`}>{ft("console.filter")}</label>
        <select
          id={`${id}-status`}
          className="native-select"
          value={status}
          onChange={(event) => setStatus(event.target.value as FeedbackStatus | "")}
        >
          <option value="">{ft("console.all")}</option>
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {ft(`status.${value}`)}
            </option>
          ))}
        </select>
      </div>
      {query.isPending ? <Loading /> : null}
      {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data?.items.length === 0 ? <p>{ft("console.none")}</p> : null}
      {query.data && query.data.items.length > 0 ? (
        <div className="feedback-table-wrap">
          <table className="feedback-table">
            <thead>
              <tr>
                <th scope="col">{ft("col.code")}</th>
                <th scope="col">{ft("col.title")}</th>
                <th scope="col">{ft("col.status")}</th>
                <th scope="col">{ft("col.agency")}</th>
                <th scope="col">{ft("col.left")}</th>
              </tr>
            </thead>
            <tbody>
              {query.data.items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <Button
                      type="link"
                      aria-expanded={open === item.id}
                      onClick={() => setOpen(open === item.id ? null : item.id)}
                    >
                      {item.code}
                    </Button>
                    <div>
                      {ft(`kind.${item.kind}`)} · {dateTime(item.receivedAt)}
                    </div>
                  </td>
                  <td>{item.title}</td>
                  <td>
                    <StatusTag status={item.status} />
                  </td>
                  <td>
                    {item.agency?.name ??
                      (item.suggestedAgency
                        ? ft("console.suggested", { agency: item.suggestedAgency.name })
                        : "")}
                  </td>
                  <td>
                    <TimeLeft hours={item.workingHoursLeft} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {open ? <RoutePanel id={open} /> : null}
    </>
  );
}

function RoutePanel({ id }: { id: string }) {
  const { ft, dateTime } = useFeedbackI18n();
  const htmlId = useId();
  const client = useQueryClient();
  const agencies = useAgencies();
  const query = useQuery({
    queryKey: ["feedback", id],
    queryFn: () => api.get<ItemDetail>(`/api/feedback/${id}`),
  });
  const [agencyCode, setAgencyCode] = useState("");
  const [category, setCategory] = useState<(typeof CATEGORIES)[number]>("procedureHandling");
  const [complexity, setComplexity] = useState<(typeof COMPLEXITIES)[number]>("simple");
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const refresh = (text: string) => {
    setDone(text);
    void client.invalidateQueries({ queryKey: ["feedback"] });
  };
  const route = useMutation({
    mutationFn: () =>
      api.post<{
        dueAt: string | null;
        reroute: { heldWorkingHours: number; onTime: boolean } | null;
      }>(`/api/monitoring/feedback/${id}/route`, {
        agencyCode,
        category,
        ...(query.data?.kind === "question" ? { complexity } : {}),
      }),
    onSuccess: (result) =>
      refresh(
        result.reroute
          ? ft("console.rerouted", {
              hours: result.reroute.heldWorkingHours,
              verdict: ft(result.reroute.onTime ? "console.onTime" : "console.late"),
            })
          : ft("console.routed", { due: dateTime(result.dueAt) }),
      ),
  });
  const refuse = useMutation({
    mutationFn: () => api.post(`/api/feedback/${id}/refuse`, { reason }),
    onSuccess: () => refresh(ft("console.refused")),
  });
  const faq = useMutation({
    mutationFn: () => api.post(`/api/monitoring/feedback/${id}/faq`, {}),
    onSuccess: () => refresh(ft("console.faqDone")),
  });
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} />;
  const item = query.data;
  const open = item.status === "received" || item.status === "routed";
  return (
    <section className="section" aria-labelledby={`${htmlId}-title`}>
      <h2 id={`${htmlId}-title`}>
        {item.code} — {item.title} <StatusTag status={item.status} />
      </h2>
      {done ? <Alert type="success" showIcon role="status" title={done} /> : null}
      <p className="feedback-answer">{item.content}</p>
      {item.dossierCode ? <p>{item.dossierCode}</p> : null}
      {item.procedure ? (
        <p>{ft("faq.procedure", { name: `${item.procedure.code} ${item.procedure.name}` })}</p>
      ) : null}
      {item.answer ? <p className="feedback-answer">{item.answer}</p> : null}
      <h3>{ft("console.history")}</h3>
      <ItemHistory item={item} />
      {open ? (
        <form
          className="feedback-form"
          onSubmit={(event) => {
            event.preventDefault();
            route.mutate();
          }}
        >
          <label htmlFor={`${htmlId}-agency`}>{ft("field.agency")}</label>
          <select
            id={`${htmlId}-agency`}
            className="native-select"
            value={agencyCode}
            onChange={(event) => setAgencyCode(event.target.value)}
          >
            <option value="">{ft("field.choose")}</option>
            {flattenAgencies(agencies.data ?? []).map((agency) => (
              <option key={agency.code} value={agency.code}>
                {agency.name}
              </option>
            ))}
          </select>
          <label htmlFor={`${htmlId}-category`}>{ft("console.category")}</label>
          <select
            id={`${htmlId}-category`}
            className="native-select"
            value={category}
            onChange={(event) => setCategory(event.target.value as (typeof CATEGORIES)[number])}
          >
            {CATEGORIES.map((value) => (
              <option key={value} value={value}>
                {ft(`category.${value}`)}
              </option>
            ))}
          </select>
          {item.kind === "question" ? (
            <>
              <label htmlFor={`${htmlId}-complexity`}>{ft("console.complexity")}</label>
              <select
                id={`${htmlId}-complexity`}
                className="native-select"
                value={complexity}
                onChange={(event) => setComplexity(event.target.value as (typeof COMPLEXITIES)[number])}
              >
                {COMPLEXITIES.map((value) => (
                  <option key={value} value={value}>
                    {ft(`complexity.${value}`)}
                  </option>
                ))}
              </select>
            </>
          ) : null}
          {route.error ? <ErrorAlert error={route.error} /> : null}
          <Button type="primary" htmlType="submit" loading={route.isPending}>
            {ft("console.route")}
          </Button>
          <label htmlFor={`${htmlId}-reason`}>{ft("office.reason")}</label>
          <Input id={`${htmlId}-reason`} value={reason} onChange={(event) => setReason(event.target.value)} />
          {refuse.error ? <ErrorAlert error={refuse.error} /> : null}
          <Button danger onClick={() => refuse.mutate()} loading={refuse.isPending}>
            {ft("console.refuse")}
          </Button>
        </form>
      ) : null}
      {item.kind === "question" && item.answer && !item.faqId ? (
        <>
          {faq.error ? <ErrorAlert error={faq.error} /> : null}
          <Button onClick={() => faq.mutate()} loading={faq.isPending}>
            {ft("console.faq")}
          </Button>
        </>
      ) : null}
    </section>
  );
}
