import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Popconfirm, Table, Tag } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../api/client.ts";
import { isApplicant } from "../api/queries.ts";
import type { Session } from "../api/types.ts";
import { ErrorAlert, Loading, RequireSession } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import type { AccessLogLine, StoredDocument } from "./dataStoreApi.ts";
import { useDataStoreI18n } from "./dataStoreI18n.ts";
import "./dataStore.css";

const PAGE_SIZE = 20;

/** "Kho dữ liệu của tôi": the applicant's stored documents, download, withdrawal from reuse, and the access log. */
export default function DataStorePage() {
  const { dt } = useDataStoreI18n();
  usePageTitle(dt("ds.title"));
  return <RequireSession>{(session) => <DataStoreView session={session} />}</RequireSession>;
}

function DataStoreView({ session }: { session: Session }) {
  const { dt } = useDataStoreI18n();
  const applicant = isApplicant(session);
  return (
    <>
      <h1>{dt("ds.title")}</h1>
      <p className="lead">{dt("ds.lead")}</p>
      {applicant ? (
        <>
          <Documents />
          <AccessLog />
        </>
      ) : (
        <p>{dt("ds.applicantsOnly")}</p>
      )}
    </>
  );
}

function stateOf(document: StoredDocument): "reusable" | "revoked" | "expired" {
  if (document.revokedAt) return "revoked";
  return document.reusable ? "reusable" : "expired";
}

function Documents() {
  const { dt, pick, date } = useDataStoreI18n();
  const client = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ["data-store"],
    queryFn: () => api.get<{ items: StoredDocument[] }>("/api/citizen/data-store/documents"),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.post<StoredDocument>(`/api/citizen/data-store/documents/${id}/revoke`),
    onSuccess: async () => {
      setNotice(dt("ds.revoked"));
      await client.invalidateQueries({ queryKey: ["data-store"] });
      await client.invalidateQueries({ queryKey: ["data-store-log"] });
    },
  });
  return (
    <section aria-labelledby="ds-documents">
      <h2 id="ds-documents">{dt("ds.documents")}</h2>
      <div aria-live="polite">{notice ? <Alert type="success" showIcon title={notice} /> : null}</div>
      {revoke.error ? <ErrorAlert error={revoke.error} /> : null}
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <p className="muted">{dt("ds.empty")}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: at 360 px the table scrolls sideways, so its region must be reachable by keyboard
        <section className="data-store-table" tabIndex={0} aria-label={dt("ds.documents")}>
          <Table
            rowKey="id"
            dataSource={query.data.items}
            pagination={false}
            columns={[
              {
                key: "name",
                title: dt("ds.name"),
                render: (_, item) => (
                  <>
                    <strong>{pick(item.typeName)}</strong>
                    <div className="muted">
                      {dt(item.source === "result" ? "ds.kind.result" : "ds.kind.component")} ·{" "}
                      {item.fileName}
                    </div>
                  </>
                ),
              },
              {
                key: "source",
                title: dt("ds.source"),
                render: (_, item) => (
                  <Link to={`/tra-cuu/${encodeURIComponent(item.sourceDossierCode)}`}>
                    {item.sourceDossierCode}
                  </Link>
                ),
              },
              {
                key: "validity",
                title: dt("ds.validity"),
                render: (_, item) =>
                  `${dt("ds.validFrom", { from: date(item.validFrom) })}, ${
                    item.validUntil ? dt("ds.until", { until: date(item.validUntil) }) : dt("ds.noExpiry")
                  }`,
              },
              {
                key: "state",
                title: dt("ds.state"),
                render: (_, item) => {
                  const state = stateOf(item);
                  return (
                    <>
                      <Tag color={state === "reusable" ? "#237804" : undefined}>
                        {dt(`ds.state.${state}`)}
                      </Tag>
                      {item.timesReused > 0 ? (
                        <div className="muted">{dt("ds.reused", { count: item.timesReused })}</div>
                      ) : null}
                    </>
                  );
                },
              },
              {
                key: "actions",
                title: dt("ds.actions"),
                render: (_, item) => (
                  <div className="data-store-actions">
                    <a
                      href={`/api/citizen/data-store/documents/${item.id}/file`}
                      aria-label={dt("ds.downloadNamed", { name: pick(item.typeName) })}
                    >
                      {dt("ds.download")}
                    </a>
                    {item.revokedAt ? null : (
                      <Popconfirm
                        title={dt("ds.revokeConfirm")}
                        okText={dt("ds.revokeOk")}
                        cancelText={dt("ds.cancel")}
                        onConfirm={() => revoke.mutateAsync(item.id)}
                      >
                        <Button
                          size="small"
                          danger
                          aria-label={dt("ds.revokeNamed", { name: pick(item.typeName) })}
                        >
                          {dt("ds.revoke")}
                        </Button>
                      </Popconfirm>
                    )}
                  </div>
                ),
              },
            ]}
          />
        </section>
      )}
    </section>
  );
}

function AccessLog() {
  const { dt, dateTime } = useDataStoreI18n();
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: ["data-store-log", page],
    queryFn: () =>
      api.get<{ total: number; items: AccessLogLine[] }>(
        `/api/citizen/data-store/access-log?page=${page}&pageSize=${PAGE_SIZE}`,
      ),
  });
  return (
    <section aria-labelledby="ds-log">
      <h2 id="ds-log">{dt("ds.log")}</h2>
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.total === 0 ? (
        <p className="muted">{dt("ds.log.empty")}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: at 360 px the table scrolls sideways, so its region must be reachable by keyboard
        <section className="data-store-table" tabIndex={0} aria-label={dt("ds.log")}>
          <Table
            rowKey={(item) => `${item.at}-${item.action}-${item.documentId}-${item.actorName}`}
            dataSource={query.data.items}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: query.data.total,
              onChange: setPage,
              showSizeChanger: false,
            }}
            columns={[
              { key: "at", title: dt("ds.log.at"), render: (_, item) => dateTime(item.at) },
              {
                key: "who",
                title: dt("ds.log.who"),
                render: (_, item) =>
                  item.actorKind === "owner"
                    ? dt("ds.log.self")
                    : item.actorKind === "system"
                      ? dt("ds.log.system")
                      : item.actorName,
              },
              { key: "what", title: dt("ds.log.what"), render: (_, item) => dt(`ds.action.${item.action}`) },
              { key: "document", title: dt("ds.log.document"), render: (_, item) => item.documentName },
              {
                key: "dossier",
                title: dt("ds.log.dossier"),
                render: (_, item) =>
                  item.dossierCode ? (
                    <Link to={`/tra-cuu/${encodeURIComponent(item.dossierCode)}`}>{item.dossierCode}</Link>
                  ) : (
                    "—"
                  ),
              },
            ]}
          />
        </section>
      )}
    </section>
  );
}
