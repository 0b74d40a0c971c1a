import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Checkbox, Input, Tag } from "antd";
import { useId, useState } from "react";
import { api } from "../api/client.ts";
import type { Session } from "../api/types.ts";
import { ErrorAlert, Loading, RequireSession } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { type Incident, type MaintenanceWindow, serviceStatusKey } from "./supportApi.ts";
import { localTime, provinceInstant, useSupportI18n } from "./supportI18n.ts";
import "./support.css";

/**
 * Maintenance and incidents (/quan-tri/van-hanh): the system administrator announces maintenance (5 working days
 * ahead; the server refuses shorter notice and says the earliest start) and cancels it; the administrator and support
 * staff record incidents, reply with an estimated fix and mark them fixed.
 */
export default function AnnouncementsPage() {
  return <RequireSession>{(session) => <Announcements session={session} />}</RequireSession>;
}

function Announcements({ session }: { session: Session }) {
  const { st } = useSupportI18n();
  usePageTitle(st("ann.title"));
  const admin = session.roles.includes("system_admin");
  const support = session.roles.includes("support_staff");
  if (!admin && !support)
    return (
      <>
        <h1>{st("ann.title")}</h1>
        <p role="alert">{st("ann.denied")}</p>
      </>
    );
  return (
    <div className="support-desk">
      <h1>{st("ann.title")}</h1>
      {admin ? <MaintenanceSection /> : <p>{st("ann.onlyAdmin")}</p>}
      <IncidentSection />
    </div>
  );
}

function MaintenanceSection() {
  const { st } = useSupportI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const id = useId();
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [startsAt, setStartsAt] = useState("");
  const [endsAt, setEndsAt] = useState("");
  const [restrictWrites, setRestrictWrites] = useState(true);
  const list = useQuery({
    queryKey: ["maintenance"],
    queryFn: () => api.get<MaintenanceWindow[]>("/api/admin/maintenance"),
  });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ["maintenance"] });
    await queryClient.invalidateQueries({ queryKey: serviceStatusKey });
  };
  const announce = useMutation({
    mutationFn: () =>
      api.post<MaintenanceWindow>("/api/admin/maintenance", {
        title,
        message: text,
        startsAt: startsAt ? provinceInstant(startsAt) : "",
        endsAt: endsAt ? provinceInstant(endsAt) : "",
        restrictWrites,
      }),
    onSuccess: async () => {
      message.success(st("ann.announced"));
      setTitle("");
      setText("");
      await refresh();
    },
  });
  const cancel = useMutation({
    mutationFn: (windowId: string) =>
      api.post<MaintenanceWindow>(`/api/admin/maintenance/${windowId}/cancel`),
    onSuccess: async () => {
      message.success(st("ann.cancelled"));
      await refresh();
    },
  });
  return (
    <>
      <section className="section" aria-labelledby={`${id}-new`}>
        <h2 id={`${id}-new`}>{st("ann.newMaintenance")}</h2>
        <p>{st("ann.noticeHint")}</p>
        <form
          className="support-desk__form"
          onSubmit={(event) => {
            event.preventDefault();
            announce.mutate();
          }}
        >
          <div>
            <label htmlFor={`${id}-title`}>{st("ann.maintenanceTitle")}</label>
            <Input
              id={`${id}-title`}
              value={title}
              maxLength={200}
              onChange={(event) => setTitle(event.target.value)}
            />
          </div>
          <div>
            <label htmlFor={`${id}-starts`}>{st("ann.startsAt")}</label>
            <Input
              id={`${id}-starts`}
              type="datetime-local"
              value={startsAt}
              onChange={(event) => setStartsAt(event.target.value)}
            />
          </div>
          <div>
            <label htmlFor={`${id}-ends`}>{st("ann.endsAt")}</label>
            <Input
              id={`${id}-ends`}
              type="datetime-local"
              value={endsAt}
              onChange={(event) => setEndsAt(event.target.value)}
            />
          </div>
          <div style={{ flexBasis: "100%" }}>
            <label htmlFor={`${id}-message`}>{st("ann.message")}</label>
            <Input.TextArea
              id={`${id}-message`}
              rows={3}
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </div>
          <Checkbox checked={restrictWrites} onChange={(event) => setRestrictWrites(event.target.checked)}>
            {st("ann.restrictWrites")}
          </Checkbox>
          <Button type="primary" htmlType="submit" loading={announce.isPending}>
            {st("ann.announce")}
          </Button>
        </form>
        {announce.error ? <ErrorAlert error={announce.error} /> : null}
      </section>
      <section className="section" aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>{st("ann.windows")}</h2>
        {list.isPending ? <Loading /> : null}
        {list.error ? <ErrorAlert error={list.error} /> : null}
        {cancel.error ? <ErrorAlert error={cancel.error} /> : null}
        {list.data?.length === 0 ? <p>{st("status.none")}</p> : null}
        <ul className="status-list">
          {list.data?.map((window) => (
            <li key={window.id}>
              <h3>
                {window.title} <Tag>{st(`phase.${window.phase}`)}</Tag>
              </h3>
              <p>{st("window.range", { from: localTime(window.startsAt), to: localTime(window.endsAt) })}</p>
              <p>{window.message}</p>
              {window.phase === "upcoming" || window.phase === "active" ? (
                <Button
                  danger
                  onClick={() => cancel.mutate(window.id)}
                  aria-label={`${st("ann.cancel")}: ${window.title}`}
                >
                  {st("ann.cancel")}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function IncidentSection() {
  const { st } = useSupportI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const id = useId();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const list = useQuery({
    queryKey: ["incidents"],
    queryFn: () => api.get<Incident[]>("/api/admin/incidents"),
  });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ["incidents"] });
    await queryClient.invalidateQueries({ queryKey: serviceStatusKey });
  };
  const record = useMutation({
    mutationFn: () => api.post<Incident>("/api/admin/incidents", { title, description }),
    onSuccess: async () => {
      message.success(st("ann.recorded"));
      setTitle("");
      setDescription("");
      await refresh();
    },
  });
  return (
    <>
      <section className="section" aria-labelledby={`${id}-new`}>
        <h2 id={`${id}-new`}>{st("ann.newIncident")}</h2>
        <form
          className="support-desk__form"
          onSubmit={(event) => {
            event.preventDefault();
            record.mutate();
          }}
        >
          <div>
            <label htmlFor={`${id}-title`}>{st("ann.incidentTitle")}</label>
            <Input
              id={`${id}-title`}
              value={title}
              maxLength={200}
              onChange={(event) => setTitle(event.target.value)}
            />
          </div>
          <div style={{ flexBasis: "100%" }}>
            <label htmlFor={`${id}-description`}>{st("ann.incidentDescription")}</label>
            <Input.TextArea
              id={`${id}-description`}
              rows={2}
              value={description}
              onChange={(event) => setDescription(event.target.value)}
            />
          </div>
          <Button type="primary" htmlType="submit" loading={record.isPending}>
            {st("ann.record")}
          </Button>
        </form>
        {record.error ? <ErrorAlert error={record.error} /> : null}
      </section>
      <section className="section" aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>{st("ann.incidents")}</h2>
        {list.isPending ? <Loading /> : null}
        {list.data?.length === 0 ? <p>{st("status.none")}</p> : null}
        <ul className="status-list">
          {list.data?.map((incident) => (
            <IncidentItem key={incident.id} incident={incident} onChanged={refresh} />
          ))}
        </ul>
      </section>
    </>
  );
}

function IncidentItem({ incident, onChanged }: { incident: Incident; onChanged: () => Promise<void> }) {
  const { st } = useSupportI18n();
  const { message } = AntApp.useApp();
  const id = useId();
  const [response, setResponse] = useState("");
  const [estimate, setEstimate] = useState("");
  const [resolution, setResolution] = useState("");
  const respond = useMutation({
    mutationFn: () =>
      api.post<Incident>(`/api/admin/incidents/${incident.id}/respond`, {
        response,
        estimatedFixAt: estimate ? provinceInstant(estimate) : "",
      }),
    onSuccess: async () => {
      message.success(st("ann.saved"));
      await onChanged();
    },
  });
  const resolve = useMutation({
    mutationFn: () => api.post<Incident>(`/api/admin/incidents/${incident.id}/resolve`, { resolution }),
    onSuccess: async () => {
      message.success(st("ann.saved"));
      await onChanged();
    },
  });
  return (
    <li>
      <h3>
        {incident.title} <Tag>{st(incident.resolvedAt ? "incident.resolved" : "incident.open")}</Tag>
      </h3>
      <p>{incident.description}</p>
      <p>{st("incident.started", { at: localTime(incident.startedAt) })}</p>
      <p
        className={
          incident.responseMark === "overdue" || incident.responseMark === "late" ? "support-overdue" : ""
        }
      >
        {st("incident.responseMark", {
          due: localTime(incident.responseDueAt),
          mark: st(`mark.${incident.responseMark}`),
        })}
      </p>
      <p className={incident.fixMark === "overdue" || incident.fixMark === "late" ? "support-overdue" : ""}>
        {st("incident.fixMark", { due: localTime(incident.fixDueAt), mark: st(`mark.${incident.fixMark}`) })}
      </p>
      {incident.response ? <p>{st("incident.response", { text: incident.response })}</p> : null}
      {incident.resolvedAt ? null : (
        <>
          <form
            className="support-desk__form"
            onSubmit={(event) => {
              event.preventDefault();
              respond.mutate();
            }}
          >
            <div>
              <label htmlFor={`${id}-response`}>{st("ann.respondText")}</label>
              <Input
                id={`${id}-response`}
                value={response}
                onChange={(event) => setResponse(event.target.value)}
              />
            </div>
            <div>
              <label htmlFor={`${id}-estimate`}>{st("ann.estimate")}</label>
              <Input
                id={`${id}-estimate`}
                type="datetime-local"
                value={estimate}
                onChange={(event) => setEstimate(event.target.value)}
              />
            </div>
            <Button htmlType="submit" loading={respond.isPending}>
              {st("ann.respond")}
            </Button>
          </form>
          {respond.error ? <ErrorAlert error={respond.error} /> : null}
          <form
            className="support-desk__form"
            onSubmit={(event) => {
              event.preventDefault();
              resolve.mutate();
            }}
          >
            <div>
              <label htmlFor={`${id}-resolution`}>{st("ann.resolution")}</label>
              <Input
                id={`${id}-resolution`}
                value={resolution}
                onChange={(event) => setResolution(event.target.value)}
              />
            </div>
            <Button htmlType="submit" loading={resolve.isPending}>
              {st("ann.resolve")}
            </Button>
          </form>
          {resolve.error ? <ErrorAlert error={resolve.error} /> : null}
        </>
      )}
    </li>
  );
}
