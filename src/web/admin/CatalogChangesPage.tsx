import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Checkbox, Table, Tag } from "antd";
import { useState } from "react";
import { api } from "../api/client.ts";
import { ErrorAlert } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { type NationalKey, useNationalI18n } from "../office/nationalI18n.ts";

interface CatalogPull {
  id: string;
  startedAt: string;
  outcome: "succeeded" | "failed";
  error: string | null;
  received: number;
  added: number;
  changed: number;
  withdrawn: number;
  restored: number;
  rejected: { row: number; code: string | null; reasons: { vi: string; en: string }[] }[];
}
interface CatalogDuty {
  id: string;
  agency: { id: string; name: string } | null;
  dueAt: string;
  remainingWorkingHours: number | null;
  closedAt: string | null;
  closedBy: string | null;
  note: string | null;
}
interface CatalogChange {
  id: string;
  procedureCode: string;
  procedureName: string;
  kind: "added" | "changed" | "withdrawn" | "restored";
  fields: { field: string; before: unknown; after: unknown }[];
  detectedAt: string;
  duties: CatalogDuty[];
}

// Solid tags: the light preset colours fall below WCAG AA contrast at tag size.
const KIND_TONES = {
  added: "#0050b3",
  changed: "#874d00",
  withdrawn: "#a8071a",
  restored: "#237804",
} as const;

/** A value of the catalog as a person reads it: text as is, lists one per line, objects as compact JSON. */
function shown(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(shown).join("\n");
  if (typeof value === "object")
    return Object.values(value as Record<string, unknown>)
      .filter((inner) => inner !== null && inner !== "")
      .map(shown)
      .join(" · ");
  return String(value);
}

/**
 * Đồng bộ danh mục TTHC (issue #13, R-SYNC-6, R-CAT-1): the pulls of the national procedure database, each
 * procedure's change with its fields before and after, and the 5-working-day duties of the administrator's agencies
 * with a countdown on the working calendar, marked done here. The system administrator may pull at once.
 */
export default function CatalogChangesPage({ level }: { level: "system" | "agency" }) {
  const { nt, dateTime, lang } = useNationalI18n();
  usePageTitle(nt("catalog.title"));
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const [openOnly, setOpenOnly] = useState(false);
  const pulls = useQuery({
    queryKey: ["admin", "catalog", "pulls"],
    queryFn: () => api.get<{ items: CatalogPull[] }>("/api/admin/catalog/pulls"),
  });
  const changes = useQuery({
    queryKey: ["admin", "catalog", "changes", openOnly],
    queryFn: () =>
      api.get<{ items: CatalogChange[] }>(`/api/admin/catalog/changes${openOnly ? "?open=true" : ""}`),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ["admin", "catalog"] });
  const pull = useMutation({
    mutationFn: () => api.post<CatalogPull>("/api/admin/catalog/pull", {}),
    onSuccess: async (report) => {
      if (report.outcome === "succeeded")
        void message.success(
          nt("catalog.pulled", {
            added: report.added,
            changed: report.changed,
            withdrawn: report.withdrawn,
            restored: report.restored,
          }),
        );
      else void message.error(nt("catalog.pullFailed", { error: report.error ?? "" }));
      await refresh();
    },
  });
  const close = useMutation({
    mutationFn: (dutyId: string) => api.post(`/api/admin/catalog/duties/${dutyId}/close`, {}),
    onSuccess: async () => {
      void message.success(nt("catalog.closed"));
      await refresh();
    },
  });

  const countdown = (duty: CatalogDuty) => {
    if (duty.closedAt) return nt("catalog.done", { at: dateTime(duty.closedAt) });
    const hours = duty.remainingWorkingHours ?? 0;
    const left = hours >= 0 ? nt("catalog.left", { hours }) : nt("catalog.overdue", { hours: -hours });
    return `${nt("catalog.due", { due: dateTime(duty.dueAt) })}, ${left}`;
  };

  return (
    <>
      <h1>{nt("catalog.title")}</h1>
      <p>{nt("catalog.intro")}</p>
      {level === "system" ? (
        <p>
          <Button type="primary" loading={pull.isPending} onClick={() => pull.mutate()}>
            {nt("catalog.pullNow")}
          </Button>
        </p>
      ) : null}
      {pull.error ? <ErrorAlert error={pull.error} /> : null}
      {close.error ? <ErrorAlert error={close.error} /> : null}

      <h2>{nt("catalog.changes")}</h2>
      <Checkbox checked={openOnly} onChange={(event) => setOpenOnly(event.target.checked)}>
        {nt("catalog.openOnly")}
      </Checkbox>
      {changes.error ? <ErrorAlert error={changes.error} onRetry={() => void changes.refetch()} /> : null}
      <Table<CatalogChange>
        rowKey="id"
        loading={changes.isPending}
        dataSource={changes.data?.items ?? []}
        locale={{ emptyText: nt("catalog.noChanges") }}
        scroll={{ x: true }}
        data-testid="catalog-changes"
        columns={[
          {
            title: nt("catalog.col.procedure"),
            render: (_, change) => (
              <>
                <strong>{change.procedureCode}</strong> {change.procedureName}
                <div>{dateTime(change.detectedAt)}</div>
              </>
            ),
          },
          {
            title: nt("catalog.col.kind"),
            render: (_, change) => (
              <Tag color={KIND_TONES[change.kind]}>{nt(`catalog.kind.${change.kind}` as NationalKey)}</Tag>
            ),
          },
          {
            title: nt("catalog.col.fields"),
            render: (_, change) =>
              change.fields.length === 0 ? (
                "—"
              ) : (
                <dl className="catalog-diff">
                  {change.fields.map((field) => (
                    <div key={field.field}>
                      <dt>{nt(`field.${field.field}` as NationalKey)}</dt>
                      <dd>
                        <span>{nt("catalog.before")}: </span>
                        <del style={{ whiteSpace: "pre-line" }}>{shown(field.before)}</del>
                      </dd>
                      <dd>
                        <span>{nt("catalog.after")}: </span>
                        <ins style={{ whiteSpace: "pre-line" }}>{shown(field.after)}</ins>
                      </dd>
                    </div>
                  ))}
                </dl>
              ),
          },
          {
            title: nt("catalog.col.duties"),
            render: (_, change) => (
              <ul className="catalog-duties">
                {change.duties.map((duty) => (
                  <li key={duty.id} data-testid="catalog-duty">
                    <strong>{duty.agency?.name ?? nt("catalog.province")}</strong>: {countdown(duty)}
                    {duty.closedAt ? null : (
                      <>
                        {" "}
                        <Button size="small" loading={close.isPending} onClick={() => close.mutate(duty.id)}>
                          {nt("catalog.close")}
                        </Button>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
      />

      <h2>{nt("catalog.pulls")}</h2>
      {pulls.error ? <ErrorAlert error={pulls.error} onRetry={() => void pulls.refetch()} /> : null}
      <Table<CatalogPull>
        rowKey="id"
        size="small"
        loading={pulls.isPending}
        dataSource={pulls.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: nt("catalog.col.at"), render: (_, item) => dateTime(item.startedAt) },
          {
            title: nt("catalog.col.outcome"),
            render: (_, item) => (
              <>
                <Tag color={item.outcome === "succeeded" ? "#237804" : "#a8071a"}>
                  {nt(`catalog.outcome.${item.outcome}` as NationalKey)}
                </Tag>
                {item.error ? <div>{item.error}</div> : null}
              </>
            ),
          },
          {
            title: nt("catalog.col.counts"),
            render: (_, item) => `${item.added} / ${item.changed} / ${item.withdrawn} / ${item.restored}`,
          },
          {
            title: nt("catalog.col.rejected"),
            render: (_, item) =>
              item.rejected.length === 0
                ? "—"
                : item.rejected
                    .map(
                      (row) =>
                        `${row.code ?? row.row}: ${row.reasons.map((reason) => reason[lang]).join("; ")}`,
                    )
                    .join("\n"),
          },
        ]}
      />
    </>
  );
}
