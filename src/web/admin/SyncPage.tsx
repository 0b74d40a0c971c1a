import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Form, Input, Table, Tag } from "antd";
import { useState } from "react";
import { api } from "../api/client.ts";
import { ErrorAlert, Loading, RequireSession } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { type SyncKey, useSyncI18n } from "../office/syncI18n.ts";

/** GET /api/admin/dvcqg-sync */
interface SyncOverview {
  backlog: number;
  deadLetters: number;
  lagSeconds: number;
  dossiers: { synced: number; pending: number; failed: number };
  problems: {
    dossierId: string;
    dossierCode: string;
    state: "pending" | "failed" | "synced" | "baseline";
    lastError: string | null;
    oldestPendingAt: string | null;
  }[];
  lastReconciliation: {
    ranAt: string;
    fromDay: string;
    toDay: string;
    oursTotal: number;
    theirsTotal: number | null;
    differences: { day: string; status: number; ours: number; theirs: number }[];
    error: string | null;
  } | null;
}

const overviewKey = ["admin", "dvcqg-sync"] as const;

/**
 * Đồng bộ Cổng DVCQG (issue #13): lag, backlog and failures of the national-portal sync in the administrator's
 * scope, the dossiers that failed with the portal's error, replay of a dossier or a period, the last reconciliation.
 */
export default function SyncPage() {
  const { st } = useSyncI18n();
  usePageTitle(st("sync.admin.title"));
  return <RequireSession>{() => <SyncConsole />}</RequireSession>;
}

function SyncConsole() {
  const { st, dateTime } = useSyncI18n();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const query = useQuery({
    queryKey: overviewKey,
    queryFn: () => api.get<SyncOverview>("/api/admin/dvcqg-sync"),
    refetchInterval: 10_000,
  });
  const replay = async (key: string, body: Record<string, string>) => {
    setBusy(key);
    setError(null);
    try {
      const result = await api.post<{ dossiers: number; packets: number }>(
        "/api/admin/dvcqg-sync/replay",
        body,
      );
      message.success(st("sync.admin.replayed", result));
      await queryClient.invalidateQueries({ queryKey: overviewKey });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const data = query.data;
  const reconciliation = data.lastReconciliation;
  return (
    <section className="section">
      <h1>{st("sync.admin.title")}</h1>
      <p>{st("sync.admin.intro")}</p>
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      <dl className="sync-figures" data-testid="sync-figures">
        {(
          [
            ["sync.admin.backlog", data.backlog],
            ["sync.admin.lag", data.lagSeconds],
            ["sync.admin.dead", data.deadLetters],
            ["sync.admin.synced", data.dossiers.synced],
            ["sync.admin.pending", data.dossiers.pending],
            ["sync.admin.failed", data.dossiers.failed],
          ] as const
        ).map(([key, value]) => (
          <div key={key}>
            <dt>{st(key)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>

      <h2>{st("sync.admin.problems")}</h2>
      <Table
        rowKey="dossierId"
        dataSource={data.problems}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: st("sync.admin.empty") }}
        columns={[
          { title: st("sync.admin.col.dossier"), dataIndex: "dossierCode" },
          {
            title: st("sync.admin.col.state"),
            dataIndex: "state",
            render: (state: string) => (
              <Tag color={state === "failed" ? "red" : "gold"}>{st(`sync.state.${state}` as SyncKey)}</Tag>
            ),
          },
          {
            title: st("sync.admin.col.error"),
            dataIndex: "lastError",
            render: (text: string | null) => text ?? st("sync.none"),
          },
          {
            title: st("sync.admin.col.since"),
            dataIndex: "oldestPendingAt",
            render: (at: string | null) => (at ? dateTime(at) : st("sync.none")),
          },
          {
            title: st("sync.admin.col.action"),
            key: "action",
            render: (_, row) => (
              <Button
                size="small"
                loading={busy === row.dossierCode}
                onClick={() => void replay(row.dossierCode, { dossierCode: row.dossierCode })}
              >
                {st("sync.admin.replay")}
              </Button>
            ),
          },
        ]}
      />

      <h2>{st("sync.admin.replayDossier")}</h2>
      <Form layout="inline" onFinish={(values: { dossierCode: string }) => void replay("code", values)}>
        <Form.Item name="dossierCode" label={st("sync.admin.dossierCode")} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Button htmlType="submit" loading={busy === "code"}>
          {st("sync.admin.replay")}
        </Button>
      </Form>

      <h2>{st("sync.admin.replayPeriod")}</h2>
      <Form
        layout="inline"
        onFinish={(values: { fromDay: string; toDay: string }) => void replay("period", values)}
      >
        <Form.Item name="fromDay" label={st("sync.admin.fromDay")} rules={[{ required: true }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="toDay" label={st("sync.admin.toDay")} rules={[{ required: true }]}>
          <Input type="date" />
        </Form.Item>
        <Button htmlType="submit" loading={busy === "period"}>
          {st("sync.admin.replay")}
        </Button>
      </Form>

      <h2>{st("sync.admin.reconciliation")}</h2>
      {!reconciliation ? (
        <p>{st("sync.admin.reconciliation.none")}</p>
      ) : (
        <>
          <p>
            {st("sync.admin.reconciliation.summary", {
              ranAt: dateTime(reconciliation.ranAt),
              fromDay: reconciliation.fromDay,
              toDay: reconciliation.toDay,
              ours: reconciliation.oursTotal,
              theirs: reconciliation.theirsTotal ?? st("sync.none"),
            })}
          </p>
          {reconciliation.error ? (
            <p role="status">{st("sync.admin.reconciliation.error", { error: reconciliation.error })}</p>
          ) : reconciliation.differences.length === 0 ? (
            <p>{st("sync.admin.reconciliation.equal")}</p>
          ) : (
            <Table
              rowKey={(row) => `${row.day}-${row.status}`}
              size="small"
              pagination={false}
              dataSource={reconciliation.differences}
              columns={[
                { title: st("sync.admin.col.day"), dataIndex: "day" },
                { title: st("sync.admin.col.status"), dataIndex: "status" },
                { title: st("sync.admin.col.ours"), dataIndex: "ours" },
                { title: st("sync.admin.col.theirs"), dataIndex: "theirs" },
              ]}
            />
          )}
        </>
      )}
    </section>
  );
}
