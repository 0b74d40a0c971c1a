import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Table } from "antd";
import { useState } from "react";
import { ApiError, api } from "../api/client.ts";
import { ErrorAlert, Loading, RequireSession } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { type NotifyKey, useNotifyI18n } from "../portal/account/notificationI18n.ts";

/** GET /api/admin/notifications/dead-letters (items). */
interface DeadLetter {
  id: string;
  dossierCode: string | null;
  kind: string;
  channel: "email" | "sms" | "social" | "zalo";
  address: string;
  subject: string | null;
  body: string;
  attempts: number;
  lastError: string | null;
  deadAt: string | null;
}

/** GET /api/admin/notifications/simulated. */
interface SimulatedMessage {
  channel: "email" | "sms" | "social" | "zalo";
  to: string;
  subject: string | null;
  text: string;
  messageId: string | null;
  receivedAt: string;
}

const deadKey = ["admin", "dead-letters"] as const;

/**
 * Thông báo gửi thất bại (issue #7): the dead letters the administrator may see (their agency's, or all for the system
 * administrator), each with its last error and a retry; and, while the server runs with simulators, what they received.
 */
export default function DeadLettersPage() {
  const { nt } = useNotifyI18n();
  usePageTitle(nt("dead.title"));
  return (
    <RequireSession>
      {() => (
        <>
          <DeadLetters />
          <SimulatedMailbox />
        </>
      )}
    </RequireSession>
  );
}

function DeadLetters() {
  const { nt, dateTime } = useNotifyI18n();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const query = useQuery({
    queryKey: deadKey,
    queryFn: () =>
      api.get<{ items: DeadLetter[]; total: number }>("/api/admin/notifications/dead-letters?limit=200"),
  });
  const retry = async (id: string) => {
    setBusy(id);
    setError(null);
    try {
      await api.post(`/api/admin/notifications/${id}/retry`);
      message.success(nt("dead.retried"));
      await queryClient.invalidateQueries({ queryKey: deadKey });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="section">
      <h1>{nt("dead.title")}</h1>
      <p>{nt("dead.intro")}</p>
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <p>{nt("dead.total", { total: query.data.total })}</p>
          <Table<DeadLetter>
            rowKey="id"
            dataSource={query.data.items}
            pagination={false}
            scroll={{ x: true }}
            locale={{ emptyText: nt("dead.empty") }}
            columns={[
              {
                title: nt("dead.col.dossier"),
                dataIndex: "dossierCode",
                render: (code) => code ?? nt("dead.none"),
              },
              {
                title: nt("dead.col.channel"),
                dataIndex: "channel",
                render: (channel: string) => nt(`dead.channel.${channel}` as NotifyKey),
              },
              { title: nt("dead.col.address"), dataIndex: "address" },
              {
                title: nt("dead.col.content"),
                key: "content",
                render: (_, row) => row.subject ?? row.body.slice(0, 120),
              },
              { title: nt("dead.col.attempts"), dataIndex: "attempts" },
              {
                title: nt("dead.col.error"),
                dataIndex: "lastError",
                render: (text) => text ?? nt("dead.none"),
              },
              {
                title: nt("dead.col.deadAt"),
                dataIndex: "deadAt",
                render: (at: string | null) => (at ? dateTime(at) : nt("dead.none")),
              },
              {
                title: nt("dead.col.action"),
                key: "action",
                render: (_, row) => (
                  <Button size="small" loading={busy === row.id} onClick={() => void retry(row.id)}>
                    {nt("dead.retry")}
                  </Button>
                ),
              },
            ]}
          />
        </>
      )}
    </section>
  );
}

/** Shown only when the server answers: with real gateways (404) or for an agency administrator (403) it is hidden. */
function SimulatedMailbox() {
  const { nt, dateTime } = useNotifyI18n();
  const query = useQuery({
    queryKey: ["admin", "simulated-mailbox"],
    queryFn: () => api.get<SimulatedMessage[]>("/api/admin/notifications/simulated"),
    retry: false,
  });
  if (query.isPending) return null;
  if (query.error) {
    if (query.error instanceof ApiError && [403, 404].includes(query.error.status)) return null;
    return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  }
  return (
    <section className="section">
      <h2>{nt("mailbox.title")}</h2>
      <p>{nt("mailbox.intro")}</p>
      <Table<SimulatedMessage>
        rowKey={(row) => `${row.channel}:${row.messageId}:${row.receivedAt}`}
        dataSource={query.data}
        pagination={{ pageSize: 20 }}
        scroll={{ x: true }}
        locale={{ emptyText: nt("mailbox.empty") }}
        columns={[
          {
            title: nt("mailbox.col.received"),
            dataIndex: "receivedAt",
            render: (at: string) => dateTime(at),
          },
          {
            title: nt("dead.col.channel"),
            dataIndex: "channel",
            render: (channel: string) => nt(`dead.channel.${channel}` as NotifyKey),
          },
          { title: nt("dead.col.address"), dataIndex: "to" },
          {
            title: nt("dead.col.content"),
            key: "content",
            render: (_, row) => (
              <div style={{ whiteSpace: "pre-wrap" }}>
                {row.subject ? <strong>{row.subject}</strong> : null}
                {row.subject ? "\n" : null}
                {row.text}
              </div>
            ),
          },
        ]}
      />
    </section>
  );
}
