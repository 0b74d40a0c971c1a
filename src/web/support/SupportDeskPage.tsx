import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Checkbox, Input, Modal } from "antd";
import { useId, useState } from "react";
import { Link } from "react-router";
import { api } from "../api/client.ts";
import type { Session } from "../api/types.ts";
import { ErrorAlert, Loading, RequireSession } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import {
  isSupportDesk,
  NEXT,
  STATUSES,
  type SupportReport,
  type SupportTicket,
  type TicketDetail,
  type TicketStatus,
  type TicketTopic,
  TOPICS,
} from "./supportApi.ts";
import { localTime, useSupportI18n } from "./supportI18n.ts";
import "./support.css";

/** The support desk (/van-phong/ho-tro): tickets with their clocks, handling, hotline calls and the reports. */
export default function SupportDeskPage() {
  return <RequireSession>{(session) => <Desk session={session} />}</RequireSession>;
}

function Desk({ session }: { session: Session }) {
  const { st } = useSupportI18n();
  usePageTitle(st("desk.title"));
  if (!isSupportDesk(session.roles))
    return (
      <>
        <h1>{st("desk.title")}</h1>
        <p role="alert">{st("desk.denied")}</p>
      </>
    );
  return (
    <div className="support-desk">
      <h1>{st("desk.title")}</h1>
      <p>
        <Link to="/quan-tri/van-hanh">{st("desk.announcements")}</Link>
      </p>
      <TicketList />
      <HotlineForm />
      <ReportSection />
    </div>
  );
}

function TicketList() {
  const { st } = useSupportI18n();
  const id = useId();
  const [status, setStatus] = useState<string>("open");
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [handling, setHandling] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ["support-desk", status, overdueOnly],
    queryFn: () => {
      const params = new URLSearchParams();
      if (status !== "all") params.set("status", status);
      if (overdueOnly) params.set("overdueOnly", "true");
      return api.get<SupportTicket[]>(`/api/support/desk/tickets?${params}`);
    },
    refetchInterval: 30_000,
  });
  return (
    <section className="section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{st("desk.tickets")}</h2>
      <div className="support-desk__filters">
        <div>
          <label htmlFor={`${id}-status`}>{st("desk.filterStatus")}</label>{" "}
          <select
            id={`${id}-status`}
            className="native-select"
            value={status}
            onChange={(event) => setStatus(event.target.value)}
          >
            <option value="open">{st("desk.open")}</option>
            <option value="all">{st("desk.all")}</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {st(`status.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <Checkbox checked={overdueOnly} onChange={(event) => setOverdueOnly(event.target.checked)}>
          {st("desk.overdueOnly")}
        </Checkbox>
      </div>
      {query.isPending ? <Loading /> : null}
      {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data?.length === 0 ? <p>{st("desk.empty")}</p> : null}
      {query.data && query.data.length > 0 ? (
        <div className="support-desk__table">
          <table>
            <thead>
              <tr>
                <th scope="col">{st("desk.code")}</th>
                <th scope="col">{st("help.topic")}</th>
                <th scope="col">{st("desk.filterStatus")}</th>
                <th scope="col">{st("desk.requester")}</th>
                <th scope="col">{st("desk.assignee")}</th>
                <th scope="col">{st("desk.due")}</th>
              </tr>
            </thead>
            <tbody>
              {query.data.map((ticket) => (
                <tr key={ticket.id}>
                  <td>
                    <Button type="link" onClick={() => setHandling(ticket.id)}>
                      {ticket.code}
                    </Button>
                    <div>{st(`channel.${ticket.channel}`)}</div>
                  </td>
                  <td>
                    {st(`topic.${ticket.topic}`)}
                    <div>{ticket.description}</div>
                  </td>
                  <td>{st(`status.${ticket.status}`)}</td>
                  <td>
                    {ticket.requesterName ?? ""}
                    <div>{[ticket.requesterPhone, ticket.requesterEmail].filter(Boolean).join(", ")}</div>
                  </td>
                  <td>{ticket.assigneeName ?? st("desk.unassigned")}</td>
                  <td>
                    {localTime(ticket.responseDueAt)} ({st(`mark.${ticket.responseMark}`)})
                    <div>
                      {localTime(ticket.resolutionDueAt)} ({st(`mark.${ticket.resolutionMark}`)})
                    </div>
                    {ticket.overdue ? <div className="support-overdue">{st("desk.overdue")}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {handling ? <HandleDialog ticketId={handling} onClose={() => setHandling(null)} /> : null}
    </section>
  );
}

function HandleDialog({ ticketId, onClose }: { ticketId: string; onClose: () => void }) {
  const { st } = useSupportI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const id = useId();
  const detail = useQuery({
    queryKey: ["support-ticket", ticketId],
    queryFn: () => api.get<TicketDetail>(`/api/support/tickets/${ticketId}`),
  });
  const staff = useQuery({
    queryKey: ["support-staff"],
    queryFn: () => api.get<Array<{ id: string; fullName: string }>>("/api/support/desk/staff"),
  });
  const [status, setStatus] = useState<string>("");
  const [assignee, setAssignee] = useState<string | undefined>(undefined);
  const [note, setNote] = useState("");
  const save = useMutation({
    mutationFn: (ticket: TicketDetail) =>
      api.post<SupportTicket>(`/api/support/desk/tickets/${ticket.id}`, {
        ...(status ? { status } : {}),
        ...(assignee !== undefined && assignee !== (ticket.assigneeId ?? "")
          ? { assigneeId: assignee || null }
          : {}),
        ...(note.trim() ? { note } : {}),
        expectedStatus: ticket.status,
      }),
    onSuccess: async (ticket) => {
      message.success(st("desk.saved", { code: ticket.code }));
      await queryClient.invalidateQueries({ queryKey: ["support-desk"] });
      await queryClient.invalidateQueries({ queryKey: ["support-ticket", ticketId] });
      onClose();
    },
  });
  const ticket = detail.data;
  return (
    <Modal
      open
      title={ticket ? st("desk.handle", { code: ticket.code }) : st("desk.tickets")}
      onCancel={onClose}
      footer={[
        <Button key="close" onClick={onClose}>
          {st("help.cancel")}
        </Button>,
        <Button
          key="save"
          type="primary"
          disabled={!ticket}
          loading={save.isPending}
          onClick={() => ticket && save.mutate(ticket)}
        >
          {st("desk.save")}
        </Button>,
      ]}
    >
      {detail.isPending ? <Loading /> : null}
      {detail.error ? <ErrorAlert error={detail.error} /> : null}
      {ticket ? (
        <div className="support-form">
          <p>{ticket.description}</p>
          {ticket.dossierCode ? <p>{st("desk.dossier", { code: ticket.dossierCode })}</p> : null}
          {ticket.pageUrl ? (
            <p className="support-form__page">{st("desk.pageUrl", { url: ticket.pageUrl })}</p>
          ) : null}
          <label htmlFor={`${id}-status`}>{st("desk.nextStatus")}</label>
          <select
            id={`${id}-status`}
            className="native-select"
            value={status}
            onChange={(event) => setStatus(event.target.value)}
          >
            <option value="">
              {st("desk.keepStatus")} ({st(`status.${ticket.status}`)})
            </option>
            {NEXT[ticket.status].map((value) => (
              <option key={value} value={value}>
                {st(`status.${value}`)}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-assignee`}>{st("desk.assignee")}</label>
          <select
            id={`${id}-assignee`}
            className="native-select"
            value={assignee ?? ticket.assigneeId ?? ""}
            onChange={(event) => setAssignee(event.target.value)}
          >
            <option value="">{st("desk.unassigned")}</option>
            {staff.data?.map((person) => (
              <option key={person.id} value={person.id}>
                {person.fullName}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-note`}>{st("desk.note")}</label>
          <Input.TextArea
            id={`${id}-note`}
            rows={3}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
          {save.error ? <ErrorAlert error={save.error} /> : null}
          <h3>{st("desk.history")}</h3>
          <ul>
            {ticket.history.map((entry) => (
              <li key={entry.id}>
                {localTime(entry.at)} {entry.actorName ?? ""}:{" "}
                {entry.kind === "note"
                  ? entry.note
                  : entry.kind === "assigned"
                    ? `${st("desk.assignee")}: ${entry.assigneeName ?? st("desk.unassigned")}`
                    : st(`status.${(entry.toStatus ?? "new") as TicketStatus}`)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Modal>
  );
}

function HotlineForm() {
  const { st } = useSupportI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const id = useId();
  const [topic, setTopic] = useState<TicketTopic>("other");
  const [description, setDescription] = useState("");
  const [name, setName] = useState("");
  const [phone, setPhone] = useState("");
  const save = useMutation({
    mutationFn: () =>
      api.post<SupportTicket>("/api/support/desk/hotline", {
        topic,
        description,
        name: name || null,
        phone: phone || null,
      }),
    onSuccess: async (ticket) => {
      message.success(st("desk.hotlineSaved", { code: ticket.code }));
      setDescription("");
      setName("");
      setPhone("");
      await queryClient.invalidateQueries({ queryKey: ["support-desk"] });
    },
  });
  return (
    <section className="section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{st("desk.hotline")}</h2>
      <form
        className="support-desk__form"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <div>
          <label htmlFor={`${id}-topic`}>{st("help.topic")}</label>
          <select
            id={`${id}-topic`}
            className="native-select"
            value={topic}
            onChange={(event) => setTopic(event.target.value as TicketTopic)}
          >
            {TOPICS.map((value) => (
              <option key={value} value={value}>
                {st(`topic.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-name`}>{st("help.name")}</label>
          <Input id={`${id}-name`} value={name} onChange={(event) => setName(event.target.value)} />
        </div>
        <div>
          <label htmlFor={`${id}-phone`}>{st("help.phone")}</label>
          <Input
            id={`${id}-phone`}
            value={phone}
            inputMode="tel"
            onChange={(event) => setPhone(event.target.value)}
          />
        </div>
        <div style={{ flexBasis: "100%" }}>
          <label htmlFor={`${id}-description`}>{st("help.description")}</label>
          <Input.TextArea
            id={`${id}-description`}
            rows={2}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
        </div>
        <Button htmlType="submit" loading={save.isPending}>
          {st("desk.hotlineSave")}
        </Button>
      </form>
      {save.error ? <ErrorAlert error={save.error} /> : null}
    </section>
  );
}

/** The last eight quarters and four half-years, newest first. */
function recentPeriods(now: Date): string[] {
  const year = now.getFullYear();
  const quarter = Math.floor(now.getMonth() / 3) + 1;
  const periods: string[] = [];
  for (let back = 0; back < 8; back++) {
    const index = year * 4 + (quarter - 1) - back;
    periods.push(`${Math.floor(index / 4)}-Q${(index % 4) + 1}`);
  }
  const half = now.getMonth() < 6 ? 1 : 2;
  for (let back = 0; back < 4; back++) {
    const index = year * 2 + (half - 1) - back;
    periods.push(`${Math.floor(index / 2)}-H${(index % 2) + 1}`);
  }
  return periods;
}

function ReportSection() {
  const { st } = useSupportI18n();
  const id = useId();
  const periods = recentPeriods(new Date());
  const [period, setPeriod] = useState(periods[0]!);
  const report = useQuery({
    queryKey: ["support-report", period],
    queryFn: () => api.get<SupportReport>(`/api/support/desk/report?period=${period}`),
  });
  const label = (code: string) => {
    const [year, part] = code.split("-") as [string, string];
    return part.startsWith("Q")
      ? st("desk.quarter", { q: part.slice(1), year })
      : st("desk.half", { h: part.slice(1), year });
  };
  const rate = (value: number | null) => (value === null ? st("desk.noData") : `${value.toFixed(2)}%`);
  return (
    <section className="section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{st("desk.report")}</h2>
      <label htmlFor={`${id}-period`}>{st("desk.period")}</label>{" "}
      <select
        id={`${id}-period`}
        className="native-select"
        value={period}
        onChange={(event) => setPeriod(event.target.value)}
      >
        {periods.map((code) => (
          <option key={code} value={code}>
            {label(code)}
          </option>
        ))}
      </select>
      {report.error ? <ErrorAlert error={report.error} /> : null}
      {report.data ? (
        <div>
          <p>{st("desk.total", { n: report.data.total })}</p>
          <p>{st("desk.responseRate", { rate: rate(report.data.response.rate) })}</p>
          <p>{st("desk.resolutionRate", { rate: rate(report.data.resolution.rate) })}</p>
          <h3>{st("desk.byChannel")}</h3>
          <ul>
            {Object.entries(report.data.byChannel).map(([key, value]) => (
              <li key={key}>
                {st(`channel.${key as "web" | "hotline"}`)}: {value}
              </li>
            ))}
          </ul>
          <h3>{st("desk.byStatus")}</h3>
          <ul>
            {Object.entries(report.data.byStatus).map(([key, value]) => (
              <li key={key}>
                {st(`status.${key as TicketStatus}`)}: {value}
              </li>
            ))}
          </ul>
          <h3>{st("desk.byTopic")}</h3>
          <ul>
            {Object.entries(report.data.byTopic).map(([key, value]) => (
              <li key={key}>
                {st(`topic.${key as TicketTopic}`)}: {value}
              </li>
            ))}
          </ul>
          <a href={`/api/support/desk/report.csv?period=${period}`} download>
            {st("desk.csv")}
          </a>
        </div>
      ) : null}
    </section>
  );
}
