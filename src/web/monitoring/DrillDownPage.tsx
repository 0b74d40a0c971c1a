import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Table } from "antd";
import { Link, useSearchParams } from "react-router";
import { api } from "../api/client.ts";
import { ErrorAlert } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import type { DrillDownItem, DrillDownPage as Page } from "./monitoringApi.ts";
import { useMonitoringI18n } from "./monitoringI18n.ts";

const METRIC_LABEL_KEYS = {
  waitingReception: "live.waitingReception",
  waitingReceptionOverdue: "live.waitingReceptionOverdue",
  inProcess: "live.inProcess",
  dueToday: "live.dueToday",
  overdue: "live.overdue",
  received: "period.received",
  receivedCounter: "period.channel.counter",
  receivedOnline: "period.channel.online",
  receivedPostal: "period.channel.postal",
  digitized: "period.digitizedShare",
  resolved: "period.resolved",
  early: "period.early",
  onTime: "period.onTime",
  late: "period.late",
} as const;

/**
 * The dossiers behind one figure of the dashboard, a page at a time: the filters are the URL's query (metric,
 * period, agency, unit, officer, procedure), so the list can be bookmarked and shared. A dossier links to the office
 * page when the viewer may open it there.
 */
export default function DrillDownPage() {
  const { mt, pick, dateTime } = useMonitoringI18n();
  const [params, setParams] = useSearchParams();
  const metric = (params.get("metric") ?? "inProcess") as keyof typeof METRIC_LABEL_KEYS;
  const what = mt(METRIC_LABEL_KEYS[metric] ?? "live.inProcess");
  usePageTitle(mt("list.title", { what }));
  const page = Number(params.get("page") ?? 1);
  const pageSize = Number(params.get("pageSize") ?? 20);
  const query = useQuery({
    queryKey: ["monitoring", "dossiers", params.toString()],
    queryFn: () => api.get<Page>(`/api/monitoring/dossiers?${params.toString()}`),
    placeholderData: keepPreviousData,
  });
  const verdictText = (verdict: string | null) =>
    verdict === "early" || verdict === "onTime" || verdict === "late" || verdict === "notApplicable"
      ? mt(`verdict.${verdict}`)
      : "";
  return (
    <>
      <h1>{mt("list.title", { what })}</h1>
      <p>
        <Link to="/giam-sat/tong-quan">{mt("list.back")}</Link>
      </p>
      {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      <Table<DrillDownItem>
        rowKey="id"
        size="small"
        loading={query.isFetching}
        dataSource={query.data?.items ?? []}
        locale={{ emptyText: mt("list.empty") }}
        pagination={{
          current: page,
          pageSize,
          total: query.data?.total ?? 0,
          showTotal: (total) => mt("list.total", { n: total }),
          onChange: (nextPage, nextSize) => {
            const next = new URLSearchParams(params);
            next.set("page", String(nextPage));
            next.set("pageSize", String(nextSize));
            setParams(next);
          },
        }}
        columns={[
          {
            title: mt("list.code"),
            key: "code",
            render: (_, row) =>
              // Issue #19 "Drill-down": every code opens its dossier — the office page for the agency's officers, the
              // public status page for the service center (which reads statistics, not dossiers: issue #20).
              row.viewable ? (
                <Link to={`/van-phong/ho-so/${row.id}`}>{row.code}</Link>
              ) : (
                <Link to={`/tra-cuu/${encodeURIComponent(row.code)}`}>{row.code}</Link>
              ),
          },
          { title: mt("list.procedure"), key: "procedure", render: (_, row) => row.procedure.name },
          { title: mt("list.applicant"), dataIndex: "applicantName" },
          { title: mt("list.agency"), dataIndex: "agencyName" },
          { title: mt("list.status"), key: "status", render: (_, row) => pick(row.statusLabel) },
          { title: mt("list.dueAt"), key: "dueAt", render: (_, row) => dateTime(row.dueAt) },
          { title: mt("list.verdict"), key: "verdict", render: (_, row) => verdictText(row.verdict) },
        ]}
      />
    </>
  );
}
