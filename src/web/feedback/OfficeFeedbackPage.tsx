import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Input } from "antd";
import { useId, useState } from "react";
import { api } from "../api/client.ts";
import { useSession } from "../api/queries.ts";
import { ErrorAlert, Loading, RequireSession } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import type { ItemDetail, ItemSummary } from "./feedbackApi.ts";
import { useFeedbackI18n } from "./feedbackI18n.ts";
import { ItemHistory } from "./ItemHistory.tsx";
import { StatusTag, TimeLeft } from "./StatusTag.tsx";
import "./feedback.css";

const ANSWERING = ["counter_officer", "specialist", "unit_head", "agency_leader", "system_admin"];

/** The agency's inbox of feedback and questions, nearest deadline first, with the countdown in working hours. */
export default function OfficeFeedbackPage() {
  const { ft } = useFeedbackI18n();
  usePageTitle(ft("office.title"));
  return (
    <RequireSession>
      {(session) =>
        session.roles.some((role) => ANSWERING.includes(role)) ? (
          <Inbox />
        ) : (
          <Alert type="warning" title={ft("denied")} />
        )
      }
    </RequireSession>
  );
}

function Inbox() {
  const { ft, dateTime } = useFeedbackI18n();
  const [open, setOpen] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ["feedback", "inbox"],
    queryFn: () => api.get<{ items: ItemSummary[] }>("/api/office/feedback"),
    refetchInterval: 60_000,
  });
  return (
    <>
      <h1>{ft("office.title")}</h1>
      {query.isPending ? <Loading /> : null}
      {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data?.items.length === 0 ? <p>{ft("office.none")}</p> : null}
      {query.data && query.data.items.length > 0 ? (
        <div className="feedback-table-wrap">
          <table className="feedback-table">
            <thead>
              <tr>
                <th scope="col">{ft("col.code")}</th>
                <th scope="col">{ft("col.title")}</th>
                <th scope="col">{ft("col.due")}</th>
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
                    <div>{ft(`kind.${item.kind}`)}</div>
                  </td>
                  <td>{item.title}</td>
                  <td>{dateTime(item.dueAt)}</td>
                  <td>
                    <TimeLeft hours={item.workingHoursLeft} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {open ? <AnswerPanel id={open} onDone={() => setOpen(null)} /> : null}
    </>
  );
}

function AnswerPanel({ id, onDone }: { id: string; onDone: () => void }) {
  const { ft } = useFeedbackI18n();
  const htmlId = useId();
  const client = useQueryClient();
  const { data: session } = useSession();
  const query = useQuery({
    queryKey: ["feedback", id],
    queryFn: () => api.get<ItemDetail>(`/api/feedback/${id}`),
  });
  const [answer, setAnswer] = useState("");
  const [name, setName] = useState(session?.actor.fullName ?? "");
  const [title, setTitle] = useState("");
  const [phone, setPhone] = useState("");
  const [email, setEmail] = useState("");
  const [legal, setLegal] = useState("");
  const [reason, setReason] = useState("");
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ["feedback"] });
  };
  const send = useMutation({
    mutationFn: () =>
      api.post(`/api/office/feedback/${id}/answer`, {
        answer,
        signature: { name, title, phone, email, legalReferences: legal },
      }),
    onSuccess: refresh,
  });
  const giveBack = useMutation({
    mutationFn: () => api.post(`/api/office/feedback/${id}/return`, { reason }),
    onSuccess: refresh,
  });
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} />;
  const item = query.data;
  if (send.isSuccess || giveBack.isSuccess)
    return (
      <Alert
        type="success"
        showIcon
        role="status"
        title={ft(send.isSuccess ? "office.sent" : "office.returned")}
        action={<Button onClick={onDone}>OK</Button>}
      />
    );
  return (
    <section className="section" aria-labelledby={`${htmlId}-title`}>
      <h2 id={`${htmlId}-title`}>
        {item.code} — {item.title} <StatusTag status={item.status} />
      </h2>
      <p>{ft("office.submitter", { name: item.submitter.name })}</p>
      {item.dossierCode ? <p>{item.dossierCode}</p> : null}
      <p className="feedback-answer">{item.content}</p>
      <h3>{ft("console.history")}</h3>
      <ItemHistory item={item} />
      <form
        className="feedback-form"
        onSubmit={(event) => {
          event.preventDefault();
          send.mutate();
        }}
      >
        <label htmlFor={`${htmlId}-answer`}>{ft("office.answerText")}</label>
        <Input.TextArea
          id={`${htmlId}-answer`}
          rows={6}
          value={answer}
          onChange={(event) => setAnswer(event.target.value)}
        />
        <label htmlFor={`${htmlId}-name`}>{ft("office.signName")}</label>
        <Input id={`${htmlId}-name`} value={name} onChange={(event) => setName(event.target.value)} />
        <label htmlFor={`${htmlId}-title2`}>{ft("office.signTitle")}</label>
        <Input id={`${htmlId}-title2`} value={title} onChange={(event) => setTitle(event.target.value)} />
        <label htmlFor={`${htmlId}-phone`}>{ft("office.signPhone")}</label>
        <Input id={`${htmlId}-phone`} value={phone} onChange={(event) => setPhone(event.target.value)} />
        <label htmlFor={`${htmlId}-email`}>{ft("office.signEmail")}</label>
        <Input id={`${htmlId}-email`} value={email} onChange={(event) => setEmail(event.target.value)} />
        <label htmlFor={`${htmlId}-legal`}>{ft("office.legal")}</label>
        <Input id={`${htmlId}-legal`} value={legal} onChange={(event) => setLegal(event.target.value)} />
        {send.error ? <ErrorAlert error={send.error} /> : null}
        <Button type="primary" htmlType="submit" loading={send.isPending}>
          {ft("office.send")}
        </Button>
      </form>
      <form
        className="feedback-form"
        onSubmit={(event) => {
          event.preventDefault();
          giveBack.mutate();
        }}
      >
        <label htmlFor={`${htmlId}-reason`}>{ft("office.reason")}</label>
        <Input id={`${htmlId}-reason`} value={reason} onChange={(event) => setReason(event.target.value)} />
        {giveBack.error ? <ErrorAlert error={giveBack.error} /> : null}
        <Button htmlType="submit" loading={giveBack.isPending}>
          {ft("office.return")}
        </Button>
      </form>
    </section>
  );
}
