import { useQuery } from "@tanstack/react-query";
import { Table } from "antd";
import { api } from "../api/client.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { useStatisticsI18n } from "./statisticsI18n.ts";

interface OnTimeAgency {
  name: string;
  resolved: number;
  early: number;
  onTime: number;
  late: number;
  onTimeRate: number | null;
}

interface LateList {
  month: string;
  publishedAt: string;
  agencies: { agencyName: string; resolved: number; late: number }[];
  officers: { officerName: string; agencyName: string; lateSteps: number }[];
}

const monthText = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;

/**
 * Public statistics (issue #8 item 3, no login): this month's on-time rates per agency (R-KPI-5) and the history of
 * the monthly lists of late agencies and individuals (R-LATE-4).
 */
export default function StatisticsPage() {
  const { st, dateTime, percent } = useStatisticsI18n();
  usePageTitle(st("stats.title"));
  const onTime = useQuery({
    queryKey: ["public-statistics", "on-time"],
    queryFn: () => api.get<{ month: string; agencies: OnTimeAgency[] }>("/api/public/statistics/on-time"),
  });
  const lists = useQuery({
    queryKey: ["public-statistics", "late-lists"],
    queryFn: () => api.get<LateList[]>("/api/public/statistics/late-lists"),
  });
  const rate = (value: number | null) => (value === null ? st("stats.noData") : percent(value, 2));
  return (
    <>
      <h1>{st("stats.title")}</h1>
      <section className="section" aria-labelledby="on-time-title">
        <h2 id="on-time-title">
          {st("stats.onTime.title", { month: onTime.data ? monthText(onTime.data.month) : "" })}
        </h2>
        <p>{st("stats.onTime.note")}</p>
        {onTime.isPending ? <Loading /> : null}
        {onTime.error ? <ErrorAlert error={onTime.error} onRetry={() => void onTime.refetch()} /> : null}
        {onTime.data ? (
          <Table<OnTimeAgency>
            rowKey="name"
            size="small"
            pagination={false}
            dataSource={onTime.data.agencies}
            locale={{ emptyText: st("stats.empty") }}
            columns={[
              { title: st("stats.agency"), dataIndex: "name" },
              { title: st("stats.resolved"), dataIndex: "resolved", align: "right" },
              { title: st("stats.early"), dataIndex: "early", align: "right" },
              { title: st("stats.onTime"), dataIndex: "onTime", align: "right" },
              { title: st("stats.late"), dataIndex: "late", align: "right" },
              {
                title: st("stats.rate"),
                key: "rate",
                align: "right",
                render: (_, row) => rate(row.onTimeRate),
              },
            ]}
          />
        ) : null}
      </section>
      <section className="section" aria-labelledby="late-title">
        <h2 id="late-title">{st("stats.late.title")}</h2>
        {lists.isPending ? <Loading /> : null}
        {lists.error ? <ErrorAlert error={lists.error} onRetry={() => void lists.refetch()} /> : null}
        {lists.data && lists.data.length === 0 ? <p>{st("stats.late.noList")}</p> : null}
        {lists.data?.map((list) => (
          <article key={list.month} className="late-list" aria-labelledby={`late-${list.month}`}>
            <h3 id={`late-${list.month}`}>{st("stats.late.month", { month: monthText(list.month) })}</h3>
            <p>{st("stats.late.publishedAt", { at: dateTime(list.publishedAt) })}</p>
            <h4>{st("stats.late.agencies")}</h4>
            {list.agencies.length === 0 ? (
              <p>{st("stats.late.none")}</p>
            ) : (
              <Table
                rowKey="agencyName"
                size="small"
                pagination={false}
                dataSource={list.agencies}
                columns={[
                  { title: st("stats.agency"), dataIndex: "agencyName" },
                  { title: st("stats.resolved"), dataIndex: "resolved", align: "right" },
                  { title: st("stats.late"), dataIndex: "late", align: "right" },
                ]}
              />
            )}
            <h4>{st("stats.late.officers")}</h4>
            {list.officers.length === 0 ? (
              <p>{st("stats.late.none")}</p>
            ) : (
              <Table
                rowKey={(row) => `${row.officerName}/${row.agencyName}`}
                size="small"
                pagination={false}
                dataSource={list.officers}
                columns={[
                  { title: st("stats.late.officer"), dataIndex: "officerName" },
                  { title: st("stats.agency"), dataIndex: "agencyName" },
                  { title: st("stats.late.steps"), dataIndex: "lateSteps", align: "right" },
                ]}
              />
            )}
          </article>
        ))}
      </section>
    </>
  );
}
