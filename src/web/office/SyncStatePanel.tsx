import { useQuery } from "@tanstack/react-query";
import { Table, Tag } from "antd";
import { api } from "../api/client.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { type SyncKey, useSyncI18n } from "./syncI18n.ts";

/** GET /api/office/dossiers/:id/dvcqg-sync */
export interface DossierSyncView {
  state: "baseline" | "pending" | "synced" | "failed" | "none";
  lastDeliveredAt: string | null;
  oldestPendingAt: string | null;
  lastError: string | null;
  packets: {
    service: string;
    sequence: number;
    status: "pending" | "sent" | "dead";
    attempts: number;
    lastError: string | null;
    createdAt: string;
    sentAt: string | null;
  }[];
}

const TONES = {
  synced: "#237804",
  baseline: "#237804",
  pending: "#874d00",
  failed: "red",
  none: "default",
} as const;

/**
 * The dossier's national-portal sync (issue #13, R-SYNC-5) on the office page: synchronised, waiting, or failed with
 * the portal's own error, and the packets sent.
 */
export function SyncStatePanel({ dossierId }: { dossierId: string }) {
  const { st, dateTime } = useSyncI18n();
  const query = useQuery({
    queryKey: ["office", "dossier", dossierId, "dvcqg-sync"],
    queryFn: () => api.get<DossierSyncView>(`/api/office/dossiers/${dossierId}/dvcqg-sync`),
    refetchInterval: 10_000,
  });
  return (
    <section className="section" aria-labelledby="dossier-dvcqg-sync">
      <h2 id="dossier-dvcqg-sync">{st("sync.title")}</h2>
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <p>
            <Tag color={TONES[query.data.state]} data-testid="dvcqg-sync-state">
              {st(`sync.state.${query.data.state}` as SyncKey)}
            </Tag>
            {query.data.lastDeliveredAt ? (
              <span>
                {st("sync.lastDelivered")}: {dateTime(query.data.lastDeliveredAt)}
              </span>
            ) : null}
            {query.data.state === "pending" && query.data.oldestPendingAt ? (
              <span>
                {" "}
                {st("sync.waitingSince")}: {dateTime(query.data.oldestPendingAt)}
              </span>
            ) : null}
          </p>
          {query.data.lastError ? (
            <p role="status">
              {st("sync.error")}: <code>{query.data.lastError}</code>
            </p>
          ) : null}
          {query.data.packets.length > 0 ? (
            <Table
              rowKey="sequence"
              size="small"
              pagination={false}
              scroll={{ x: true }}
              dataSource={query.data.packets}
              columns={[
                {
                  title: st("sync.col.service"),
                  dataIndex: "service",
                  render: (service: string) => st(`sync.service.${service}` as SyncKey),
                },
                {
                  title: st("sync.col.status"),
                  dataIndex: "status",
                  render: (status: string) => st(`sync.packet.${status}` as SyncKey),
                },
                { title: st("sync.col.attempts"), dataIndex: "attempts" },
                {
                  title: st("sync.col.at"),
                  key: "at",
                  render: (_, row) => dateTime(row.sentAt ?? row.createdAt),
                },
                {
                  title: st("sync.col.error"),
                  dataIndex: "lastError",
                  render: (text: string | null) => text ?? st("sync.none"),
                },
              ]}
            />
          ) : null}
        </>
      )}
    </section>
  );
}
