import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Table, Tag } from "antd";
import { type FormEvent, useId, useState } from "react";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { type AdminAgency, adminApi } from "./adminApi.ts";
import { useArchiveI18n } from "./archiveI18n.ts";
import "./archive.css";

interface Batch {
  id: string;
  agencyName: string;
  month: string;
  status: "prepared" | "handed_over";
  packages: number;
  receivedBy: string | null;
}
interface Hold {
  id: string;
  dossierCode: string;
  agencyName: string;
  reason: string;
  placedAt: string;
}
interface DisposalList {
  id: string;
  agencyName: string;
  status: "proposed" | "approved" | "executed";
  decisionRef: string | null;
  items: { packageId: string; dossierCode: string; outcome: "disposed" | "held" | null }[];
}
interface Retention {
  procedureId: string;
  procedureCode: string;
  procedureName: string;
  defaultYears: number | null;
  configured: { years: number | null } | null;
  years: number | null;
}
interface ArchivedPackage {
  id: string;
  dossierCode: string;
  closedAt: string;
  status: string;
  checkOk: boolean | null;
  problems: string[];
}

const keys = {
  batches: ["admin", "archive", "batches"],
  holds: ["admin", "archive", "holds"],
  lists: ["admin", "archive", "lists"],
  retention: ["admin", "archive", "retention"],
  packages: ["admin", "archive", "packages"],
} as const;

/** The admin console's electronic archive (issue #16): hand-over batches, holds, disposal lists, retention, integrity. */
export function ArchivePage({ level }: { level: "system" | "agency" }) {
  const { rt } = useArchiveI18n();
  usePageTitle(rt("ar.title"));
  const agencies = useQuery({
    queryKey: ["admin", "agencies"],
    queryFn: () => adminApi.get<AdminAgency[]>("/api/admin/agencies"),
  });
  return (
    <div className="archive-page">
      <h1>{rt("ar.title")}</h1>
      <p className="lead">{rt("ar.lead")}</p>
      <Batches agencies={agencies.data ?? []} />
      <Holds />
      <DisposalLists agencies={agencies.data ?? []} />
      <Integrity level={level} />
      <RetentionSettings level={level} />
    </div>
  );
}

function useRefresh() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ["admin", "archive"] });
}

function AgencySelect({
  agencies,
  value,
  onChange,
}: {
  agencies: AdminAgency[];
  value: string;
  onChange: (v: string) => void;
}) {
  const { rt } = useArchiveI18n();
  const id = useId();
  return (
    <div>
      <label htmlFor={id}>{rt("ar.agency")}</label>
      <select
        id={id}
        className="native-select"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        required
      >
        <option value="" />
        {agencies.map((agency) => (
          <option key={agency.id} value={agency.id}>
            {agency.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function TextField({
  label,
  value,
  onChange,
  pattern,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  pattern?: string;
}) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="native-input"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        required
        pattern={pattern}
      />
    </div>
  );
}

function Batches({ agencies }: { agencies: AdminAgency[] }) {
  const { rt } = useArchiveI18n();
  const refresh = useRefresh();
  const [agencyId, setAgencyId] = useState("");
  const [month, setMonth] = useState("");
  const [receivedBy, setReceivedBy] = useState<Record<string, string>>({});
  const query = useQuery({
    queryKey: keys.batches,
    queryFn: () => adminApi.get<{ items: Batch[] }>("/api/admin/archive/batches"),
  });
  const prepare = useMutation({
    mutationFn: () => adminApi.post("/api/admin/archive/batches", { agencyId, month }),
    onSuccess: refresh,
  });
  const handover = useMutation({
    mutationFn: (batch: Batch) =>
      adminApi.post(`/api/admin/archive/batches/${batch.id}/handover`, {
        receivedBy: receivedBy[batch.id] ?? "",
      }),
    onSuccess: refresh,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    prepare.mutate();
  };
  return (
    <section className="section" aria-labelledby="ar-batches">
      <h2 id="ar-batches">{rt("ar.batches")}</h2>
      <form className="admin-form-row" onSubmit={submit}>
        <AgencySelect agencies={agencies} value={agencyId} onChange={setAgencyId} />
        <TextField
          label={rt("ar.month")}
          value={month}
          onChange={setMonth}
          pattern="[0-9]{4}-(0[1-9]|1[0-2])"
        />
        <Button htmlType="submit" type="primary" loading={prepare.isPending}>
          {rt("ar.prepare")}
        </Button>
      </form>
      <div aria-live="polite">
        {prepare.isSuccess ? <Alert type="success" showIcon title={rt("ar.prepared")} /> : null}
      </div>
      {prepare.error ? <ErrorAlert error={prepare.error} /> : null}
      {handover.error ? <ErrorAlert error={handover.error} /> : null}
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorAlert error={query.error} />
      ) : query.data.items.length === 0 ? (
        <p className="muted">{rt("ar.none")}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the table scrolls sideways at 360 px
        <section className="admin-table-scroll" tabIndex={0} aria-label={rt("ar.batches")}>
          <Table
            rowKey="id"
            pagination={false}
            dataSource={query.data.items}
            columns={[
              { key: "agency", title: rt("ar.agency"), render: (_, item) => item.agencyName },
              { key: "month", title: rt("ar.month"), render: (_, item) => item.month },
              { key: "packages", title: rt("ar.packages"), render: (_, item) => item.packages },
              {
                key: "status",
                title: rt("ar.status"),
                render: (_, item) => (
                  <>
                    <Tag color={item.status === "handed_over" ? "#237804" : "#0958d9"}>
                      {rt(`ar.status.${item.status}`)}
                    </Tag>
                    {item.receivedBy ? <div className="muted">{item.receivedBy}</div> : null}
                  </>
                ),
              },
              {
                key: "handover",
                title: rt("ar.handover"),
                render: (_, item) =>
                  item.status === "prepared" ? (
                    <div className="admin-form-row">
                      <input
                        className="native-input"
                        aria-label={`${rt("ar.receivedBy")} ${item.month}`}
                        placeholder={rt("ar.receivedBy")}
                        value={receivedBy[item.id] ?? ""}
                        onChange={(event) =>
                          setReceivedBy((current) => ({ ...current, [item.id]: event.target.value }))
                        }
                      />
                      <Button
                        size="small"
                        onClick={() => handover.mutate(item)}
                        aria-label={rt("ar.handoverNamed", { month: item.month })}
                      >
                        {rt("ar.handover")}
                      </Button>
                    </div>
                  ) : null,
              },
            ]}
          />
        </section>
      )}
    </section>
  );
}

function Holds() {
  const { rt, dateTime } = useArchiveI18n();
  const refresh = useRefresh();
  const [dossierCode, setDossierCode] = useState("");
  const [reason, setReason] = useState("");
  const query = useQuery({
    queryKey: keys.holds,
    queryFn: () => adminApi.get<{ items: Hold[] }>("/api/admin/archive/holds"),
  });
  const place = useMutation({
    mutationFn: () => adminApi.post("/api/admin/archive/holds", { dossierCode, reason }),
    onSuccess: async () => {
      setDossierCode("");
      setReason("");
      await refresh();
    },
  });
  const release = useMutation({
    mutationFn: (id: string) => adminApi.post(`/api/admin/archive/holds/${id}/release`),
    onSuccess: refresh,
  });
  return (
    <section className="section" aria-labelledby="ar-holds">
      <h2 id="ar-holds">{rt("ar.holds")}</h2>
      <form
        className="admin-form-row"
        onSubmit={(event) => {
          event.preventDefault();
          place.mutate();
        }}
      >
        <TextField label={rt("ar.dossierCode")} value={dossierCode} onChange={setDossierCode} />
        <TextField label={rt("ar.reason")} value={reason} onChange={setReason} />
        <Button htmlType="submit" loading={place.isPending}>
          {rt("ar.placeHold")}
        </Button>
      </form>
      {place.error ? <ErrorAlert error={place.error} /> : null}
      {release.error ? <ErrorAlert error={release.error} /> : null}
      {query.data?.items.length === 0 ? <p className="muted">{rt("ar.none")}</p> : null}
      <ul className="admin-plain-list">
        {query.data?.items.map((hold) => (
          <li key={hold.id}>
            <strong>{hold.dossierCode}</strong> — {hold.reason} ({hold.agencyName}, {dateTime(hold.placedAt)}){" "}
            <Button
              size="small"
              onClick={() => release.mutate(hold.id)}
              aria-label={rt("ar.releaseNamed", { code: hold.dossierCode })}
            >
              {rt("ar.release")}
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function DisposalLists({ agencies }: { agencies: AdminAgency[] }) {
  const { rt } = useArchiveI18n();
  const refresh = useRefresh();
  const [agencyId, setAgencyId] = useState("");
  const [decision, setDecision] = useState<Record<string, string>>({});
  const query = useQuery({
    queryKey: keys.lists,
    queryFn: () => adminApi.get<{ items: DisposalList[] }>("/api/admin/archive/disposal-lists"),
  });
  const propose = useMutation({
    mutationFn: () => adminApi.post("/api/admin/archive/disposal-lists", { agencyId }),
    onSuccess: refresh,
  });
  const act = useMutation({
    mutationFn: ({ list, action }: { list: DisposalList; action: "approve" | "execute" }) =>
      adminApi.post(
        `/api/admin/archive/disposal-lists/${list.id}/${action}`,
        action === "approve" ? { decisionRef: decision[list.id] ?? "" } : {},
      ),
    onSuccess: refresh,
  });
  return (
    <section className="section" aria-labelledby="ar-disposal">
      <h2 id="ar-disposal">{rt("ar.disposal")}</h2>
      <form
        className="admin-form-row"
        onSubmit={(event) => {
          event.preventDefault();
          propose.mutate();
        }}
      >
        <AgencySelect agencies={agencies} value={agencyId} onChange={setAgencyId} />
        <Button htmlType="submit" loading={propose.isPending}>
          {rt("ar.propose")}
        </Button>
      </form>
      {propose.error ? <ErrorAlert error={propose.error} /> : null}
      {act.error ? <ErrorAlert error={act.error} /> : null}
      {query.data?.items.length === 0 ? <p className="muted">{rt("ar.none")}</p> : null}
      <ul className="admin-plain-list">
        {query.data?.items.map((list) => (
          <li key={list.id}>
            <strong>{list.agencyName}</strong> — {rt(`ar.list.${list.status}`)}
            {list.decisionRef ? ` (${list.decisionRef})` : ""}:{" "}
            {list.items
              .map((item) =>
                item.outcome ? `${item.dossierCode} ${rt(`ar.outcome.${item.outcome}`)}` : item.dossierCode,
              )
              .join(", ")}
            {list.status === "proposed" ? (
              <div className="admin-form-row">
                <input
                  className="native-input"
                  aria-label={rt("ar.decisionRef")}
                  placeholder={rt("ar.decisionRef")}
                  value={decision[list.id] ?? ""}
                  onChange={(event) =>
                    setDecision((current) => ({ ...current, [list.id]: event.target.value }))
                  }
                />
                <Button size="small" onClick={() => act.mutate({ list, action: "approve" })}>
                  {rt("ar.approve")}
                </Button>
              </div>
            ) : null}
            {list.status === "approved" ? (
              <Button size="small" danger onClick={() => act.mutate({ list, action: "execute" })}>
                {rt("ar.execute")}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Integrity({ level }: { level: "system" | "agency" }) {
  const { rt, dateTime } = useArchiveI18n();
  const refresh = useRefresh();
  const query = useQuery({
    queryKey: keys.packages,
    queryFn: () => adminApi.get<{ items: ArchivedPackage[] }>("/api/admin/archive/packages"),
  });
  const check = useMutation({
    mutationFn: () =>
      adminApi.post<{ checked: number; broken: unknown[] }>("/api/admin/archive/integrity-check"),
    onSuccess: refresh,
  });
  return (
    <section className="section" aria-labelledby="ar-integrity">
      <h2 id="ar-integrity">{rt("ar.integrity")}</h2>
      {level === "system" ? (
        <Button onClick={() => check.mutate()} loading={check.isPending}>
          {rt("ar.checkNow")}
        </Button>
      ) : null}
      <div aria-live="polite">
        {check.data ? (
          <Alert
            type={check.data.broken.length > 0 ? "error" : "success"}
            showIcon
            title={rt("ar.checked", { checked: check.data.checked, broken: check.data.broken.length })}
          />
        ) : null}
      </div>
      {check.error ? <ErrorAlert error={check.error} /> : null}
      {query.data?.items.length === 0 ? <p className="muted">{rt("ar.none")}</p> : null}
      {query.data && query.data.items.length > 0 ? (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the table scrolls sideways at 360 px
        <section className="admin-table-scroll" tabIndex={0} aria-label={rt("ar.integrity")}>
          <Table
            rowKey="id"
            pagination={{ pageSize: 20, showSizeChanger: false }}
            dataSource={query.data.items}
            columns={[
              { key: "code", title: rt("ar.dossierCode"), render: (_, item) => item.dossierCode },
              { key: "closed", title: rt("ar.closedAt"), render: (_, item) => dateTime(item.closedAt) },
              {
                key: "check",
                title: rt("ar.check"),
                render: (_, item) =>
                  item.checkOk === null ? (
                    rt("ar.check.never")
                  ) : item.checkOk ? (
                    <Tag color="#237804">{rt("ar.check.ok")}</Tag>
                  ) : (
                    <Tag color="#a8071a">{rt("ar.check.broken", { problems: item.problems.join("; ") })}</Tag>
                  ),
              },
            ]}
          />
        </section>
      ) : null}
    </section>
  );
}

function RetentionSettings({ level }: { level: "system" | "agency" }) {
  const { rt } = useArchiveI18n();
  const refresh = useRefresh();
  const [years, setYears] = useState<Record<string, string>>({});
  const query = useQuery({
    queryKey: keys.retention,
    queryFn: () => adminApi.get<{ items: Retention[] }>("/api/admin/archive/retention"),
  });
  const save = useMutation({
    mutationFn: ({ id, value }: { id: string; value: number | "permanent" | "default" }) =>
      adminApi.put(`/api/admin/archive/retention/${id}`, { years: value }),
    onSuccess: refresh,
  });
  const shown = (value: number | null) =>
    value === null ? rt("ar.permanent") : rt("ar.yearsValue", { years: value });
  return (
    <section className="section" aria-labelledby="ar-retention">
      <h2 id="ar-retention">{rt("ar.retention")}</h2>
      {level !== "system" ? <p className="muted">{rt("ar.systemOnly")}</p> : null}
      {save.error ? <ErrorAlert error={save.error} /> : null}
      {query.isPending ? <Loading /> : null}
      {query.data ? (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the table scrolls sideways at 360 px
        <section className="admin-table-scroll" tabIndex={0} aria-label={rt("ar.retention")}>
          <Table
            rowKey="procedureId"
            pagination={{ pageSize: 20, showSizeChanger: false }}
            dataSource={query.data.items}
            columns={[
              {
                key: "procedure",
                title: rt("ar.procedure"),
                render: (_, item) => (
                  <>
                    <strong>{item.procedureCode}</strong> {item.procedureName}
                  </>
                ),
              },
              {
                key: "years",
                title: rt("ar.years"),
                render: (_, item) =>
                  `${shown(item.years)} (${item.configured ? rt("ar.configured") : rt("ar.default")})`,
              },
              ...(level === "system"
                ? [
                    {
                      key: "set",
                      title: rt("ar.setYears"),
                      render: (_: unknown, item: Retention) => (
                        <div className="admin-form-row">
                          <input
                            className="native-input"
                            type="number"
                            min={1}
                            max={200}
                            aria-label={`${rt("ar.setYears")} ${item.procedureCode}`}
                            value={years[item.procedureId] ?? ""}
                            onChange={(event) =>
                              setYears((current) => ({ ...current, [item.procedureId]: event.target.value }))
                            }
                          />
                          <Button
                            size="small"
                            aria-label={rt("ar.saveNamed", { code: item.procedureCode })}
                            onClick={() =>
                              save.mutate({ id: item.procedureId, value: Number(years[item.procedureId]) })
                            }
                          >
                            {rt("ar.save")}
                          </Button>
                          <Button
                            size="small"
                            onClick={() => save.mutate({ id: item.procedureId, value: "permanent" })}
                          >
                            {rt("ar.setPermanent")}
                          </Button>
                          <Button
                            size="small"
                            onClick={() => save.mutate({ id: item.procedureId, value: "default" })}
                          >
                            {rt("ar.setDefault")}
                          </Button>
                        </div>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </section>
      ) : null}
    </section>
  );
}
