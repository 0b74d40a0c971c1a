import { useQuery } from "@tanstack/react-query";
import { Select, Table } from "antd";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../api/client.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { allZero, Chart } from "./charts.tsx";
import { Field } from "./Field.tsx";
import {
  type AgencyPeriodFigures,
  drillLink,
  type LiveCounts,
  type LiveFigures,
  type LiveGroup,
  type MonthlyCollection,
  type PeriodMetrics,
  type PeriodSelection,
  queryString,
} from "./monitoringApi.ts";
import { useMonitoringI18n } from "./monitoringI18n.ts";
import { PeriodPicker } from "./PeriodPicker.tsx";

const LIVE_KEYS: (keyof LiveFigures)[] = [
  "waitingReception",
  "waitingReceptionOverdue",
  "inProcess",
  "dueToday",
  "overdue",
];
const ALERT_KEYS = new Set<keyof LiveFigures>(["waitingReceptionOverdue", "overdue"]);

/**
 * The dashboard (issue #8 item 1): the open dossiers right now (refreshed every 5 s) by agency, unit and officer, and
 * the figures of a period; every number is a link to the dossiers behind it, and every bar or slice too.
 */
export default function DashboardPage() {
  const { mt } = useMonitoringI18n();
  usePageTitle(mt("mon.title"));
  const [agencyId, setAgencyId] = useState<string | undefined>(undefined);
  const [period, setPeriod] = useState<PeriodSelection>({ kind: "month" });
  const live = useQuery({
    queryKey: ["monitoring", "live", agencyId],
    queryFn: () => api.get<LiveCounts>(`/api/monitoring/live?${queryString({ agencyId })}`),
    refetchInterval: 5_000,
  });
  const metrics = useQuery({
    queryKey: ["monitoring", "period", agencyId, period],
    queryFn: () => api.get<PeriodMetrics>(`/api/monitoring/period?${queryString({ ...period, agencyId })}`),
    refetchInterval: 5_000,
  });
  const agencies = new Map<string, string>();
  for (const group of live.data?.byAgency ?? []) if (group.id) agencies.set(group.id, group.name ?? group.id);
  for (const group of metrics.data?.byAgency ?? [])
    agencies.set(group.agencyId, group.name ?? group.agencyId);

  return (
    <>
      <h1>{mt("mon.title")}</h1>
      <div className="scope-picker">
        <Field label={mt("mon.agency")}>
          {(id) => (
            <Select
              id={id}
              allowClear
              style={{ minWidth: 320 }}
              placeholder={mt("mon.allAgencies")}
              value={agencyId}
              onChange={(value: string | undefined) => setAgencyId(value)}
              options={[...agencies].map(([value, label]) => ({ value, label }))}
            />
          )}
        </Field>
      </div>
      <section aria-labelledby="live-title">
        <h2 id="live-title">{mt("live.title")}</h2>
        {live.isPending ? <Loading /> : null}
        {live.error ? <ErrorAlert error={live.error} onRetry={() => void live.refetch()} /> : null}
        {live.data ? <LiveSection live={live.data} agencyId={agencyId} /> : null}
      </section>
      <section aria-labelledby="period-title">
        <h2 id="period-title">{mt("period.title")}</h2>
        <PeriodPicker value={period} onChange={setPeriod} />
        {metrics.isPending ? <Loading /> : null}
        {metrics.error ? <ErrorAlert error={metrics.error} onRetry={() => void metrics.refetch()} /> : null}
        {metrics.data ? <PeriodSection metrics={metrics.data} period={period} agencyId={agencyId} /> : null}
      </section>
    </>
  );
}

function Kpi({ label, value, to, alert }: { label: string; value: string; to?: string; alert?: boolean }) {
  return (
    <div className={alert ? "kpi kpi--alert" : "kpi"}>
      <span className="kpi__label">{label}</span>
      {to ? (
        <Link className="kpi__value" to={to} aria-label={`${label}: ${value}`}>
          {value}
        </Link>
      ) : (
        <span className="kpi__value">{value}</span>
      )}
    </div>
  );
}

function LiveSection({ live, agencyId }: { live: LiveCounts; agencyId: string | undefined }) {
  const { mt, dateTime } = useMonitoringI18n();
  const navigate = useNavigate();
  const groupTable = (
    title: string,
    rows: LiveGroup[],
    filter: (row: LiveGroup) => {
      agencyId?: string | null;
      unitId?: string | null;
      officerId?: string | null;
    },
    withAgency: boolean,
  ) => (
    <Table<LiveGroup>
      size="small"
      rowKey={(row) => row.id ?? "none"}
      pagination={rows.length > 10 ? { pageSize: 10 } : false}
      dataSource={rows}
      title={() => <h3>{title}</h3>}
      columns={[
        {
          title: withAgency ? mt("list.agency") : title,
          key: "name",
          render: (_, row) => (
            <>
              {row.name ?? "—"}
              {withAgency && row.agencyName ? <div className="muted">{row.agencyName}</div> : null}
            </>
          ),
        },
        ...LIVE_KEYS.map((key) => ({
          title: mt(`live.${key}`),
          key,
          align: "right" as const,
          render: (_: unknown, row: LiveGroup) => (
            <Link to={drillLink(key, undefined, { agencyId, ...filter(row) })}>{row[key]}</Link>
          ),
        })),
      ]}
    />
  );
  return (
    <>
      <p className="muted">{mt("live.asOf", { at: dateTime(live.asOf) })}</p>
      <div className="kpi-grid">
        {LIVE_KEYS.map((key) => (
          <Kpi
            key={key}
            label={mt(`live.${key}`)}
            value={String(live.totals[key])}
            to={drillLink(key, undefined, { agencyId })}
            alert={ALERT_KEYS.has(key) && live.totals[key] > 0}
          />
        ))}
      </div>
      {live.byAgency.length > 0 ? (
        <div className="chart-box">
          <Chart
            empty={
              allZero(live.byAgency.flatMap((row) => [row.inProcess, row.dueToday, row.overdue]))
                ? mt("chart.empty.live")
                : undefined
            }
            label={mt("live.byAgency")}
            option={{
              tooltip: { trigger: "axis" },
              legend: {},
              grid: { left: 8, right: 8, containLabel: true },
              xAxis: {
                type: "category",
                data: live.byAgency.map((row) => row.name ?? "—"),
                axisLabel: { interval: 0, rotate: 20 },
              },
              yAxis: { type: "value" },
              series: (["inProcess", "dueToday", "overdue"] as const).map((key) => ({
                name: mt(`live.${key}`),
                id: key,
                type: "bar",
                data: live.byAgency.map((row) => row[key]),
              })),
            }}
            onClick={({ dataIndex, seriesName }) => {
              const key = (["inProcess", "dueToday", "overdue"] as const).find(
                (k) => mt(`live.${k}`) === seriesName,
              );
              const row = live.byAgency[dataIndex];
              if (key && row) void navigate(drillLink(key, undefined, { agencyId: row.id }));
            }}
          />
        </div>
      ) : null}
      {groupTable(mt("live.byAgency"), live.byAgency, (row) => ({ agencyId: row.id }), false)}
      {groupTable(mt("live.byUnit"), live.byUnit, (row) => ({ unitId: row.id }), true)}
      {groupTable(mt("live.byOfficer"), live.byOfficer, (row) => ({ officerId: row.id }), true)}
    </>
  );
}

function PeriodSection({
  metrics,
  period,
  agencyId,
}: {
  metrics: PeriodMetrics;
  period: PeriodSelection;
  agencyId: string | undefined;
}) {
  const { mt, date, money, percent } = useMonitoringI18n();
  const navigate = useNavigate();
  const rate = (value: number | null) => (value === null ? mt("period.noData") : percent(value, 2));
  const link = (metric: string, filters: { agencyId?: string | null; procedureId?: string } = {}) =>
    drillLink(metric, period, { agencyId, ...filters });
  const channelKeys = ["counter", "online", "postal"] as const;
  const channelMetric = {
    counter: "receivedCounter",
    online: "receivedOnline",
    postal: "receivedPostal",
  } as const;
  const verdicts = ["early", "onTime", "late"] as const;
  return (
    <>
      <p className="muted">
        {mt("period.range", {
          from: date(metrics.from),
          to: date(new Date(Date.parse(metrics.to) - 1).toISOString()),
        })}
      </p>
      <div className="kpi-grid">
        <Kpi label={mt("period.received")} value={String(metrics.received)} to={link("received")} />
        <Kpi label={mt("period.resolved")} value={String(metrics.resolved)} to={link("resolved")} />
        <Kpi label={mt("period.early")} value={String(metrics.early)} to={link("early")} />
        <Kpi label={mt("period.onTime")} value={String(metrics.onTime)} to={link("onTime")} />
        <Kpi
          label={mt("period.late")}
          value={String(metrics.late)}
          to={link("late")}
          alert={metrics.late > 0}
        />
        <Kpi label={mt("period.onTimeRate")} value={rate(metrics.onTimeRate)} to={link("resolved")} />
        <Kpi label={mt("period.onlineShare")} value={rate(metrics.onlineShare)} to={link("receivedOnline")} />
        <Kpi
          label={mt("period.digitizedShare")}
          value={rate(metrics.digitizedShare)}
          to={link("digitized")}
        />
        <Kpi label={mt("period.onlinePaymentShare")} value={rate(metrics.onlinePaymentShare)} />
        <Kpi
          label={mt("period.unreconciled")}
          value={String(metrics.payments.unreconciledDifferences)}
          alert={metrics.payments.unreconciledDifferences > 0}
        />
      </div>
      {metrics.payments.dossiersWithObligation > 0 ? (
        <p className="muted">
          {mt("period.onlinePaymentShare")}:{" "}
          {mt("period.paidOnlineOf", {
            paid: metrics.payments.paidOnlineDossiers,
            owed: metrics.payments.dossiersWithObligation,
          })}
        </p>
      ) : null}
      <p className="muted">{mt("period.rule")}</p>
      <div className="charts-row">
        <div className="chart-box">
          <h3>{mt("period.channels")}</h3>
          <Chart
            empty={
              allZero(channelKeys.map((key) => metrics.channels[key]))
                ? mt("chart.empty.channels")
                : undefined
            }
            label={mt("period.channels")}
            height={240}
            option={{
              tooltip: { trigger: "item" },
              legend: { bottom: 0 },
              series: [
                {
                  name: mt("period.channels"),
                  type: "pie",
                  radius: ["35%", "65%"],
                  data: channelKeys.map((key) => ({
                    name: mt(`period.channel.${key}`),
                    value: metrics.channels[key],
                  })),
                },
              ],
            }}
            onClick={({ dataIndex }) => {
              const key = channelKeys[dataIndex];
              if (key) void navigate(link(channelMetric[key]));
            }}
          />
          <ul className="plain-list">
            {channelKeys.map((key) => (
              <li key={key}>
                {mt(`period.channel.${key}`)}:{" "}
                <Link to={link(channelMetric[key])}>{metrics.channels[key]}</Link>
              </li>
            ))}
          </ul>
        </div>
        {metrics.byAgency.length > 0 ? (
          <div className="chart-box">
            <h3>{mt("period.byAgency")}</h3>
            <Chart
              empty={
                allZero(metrics.byAgency.flatMap((row) => verdicts.map((verdict) => row[verdict])))
                  ? mt("chart.empty.resolved")
                  : undefined
              }
              label={mt("period.byAgency")}
              height={240}
              option={{
                tooltip: { trigger: "axis" },
                legend: {},
                grid: { left: 8, right: 8, containLabel: true },
                xAxis: {
                  type: "category",
                  data: metrics.byAgency.map((row) => row.name ?? "—"),
                  axisLabel: { interval: 0, rotate: 20 },
                },
                yAxis: { type: "value" },
                series: verdicts.map((verdict) => ({
                  name: mt(`period.${verdict}`),
                  type: "bar",
                  stack: "resolved",
                  data: metrics.byAgency.map((row) => row[verdict]),
                })),
              }}
              onClick={({ dataIndex, seriesName }) => {
                const verdict = verdicts.find((v) => mt(`period.${v}`) === seriesName);
                const row = metrics.byAgency[dataIndex];
                if (verdict && row) void navigate(link(verdict, { agencyId: row.agencyId }));
              }}
            />
          </div>
        ) : null}
      </div>
      <Table<AgencyPeriodFigures>
        size="small"
        rowKey="agencyId"
        pagination={false}
        dataSource={metrics.byAgency}
        title={() => <h3>{mt("period.byAgency")}</h3>}
        columns={[
          { title: mt("list.agency"), key: "name", render: (_, row) => row.name ?? "—" },
          ...(["received", "resolved", "early", "onTime", "late"] as const).map((key) => ({
            title: mt(`period.${key}`),
            key,
            align: "right" as const,
            render: (_: unknown, row: AgencyPeriodFigures) => (
              <Link to={link(key, { agencyId: row.agencyId })}>{row[key]}</Link>
            ),
          })),
          {
            title: mt("period.onTimeRate"),
            key: "rate",
            align: "right" as const,
            render: (_, row) => rate(row.onTimeRate),
          },
        ]}
      />
      <Table<MonthlyCollection>
        size="small"
        rowKey={(row) => `${row.agencyId}-${row.month}`}
        pagination={false}
        dataSource={metrics.payments.collections}
        locale={{ emptyText: mt("period.collections.empty") }}
        title={() => <h3>{mt("period.collections")}</h3>}
        columns={[
          { title: mt("list.agency"), key: "name", render: (_, row) => row.name ?? "—" },
          {
            title: mt("period.collections.month"),
            key: "month",
            render: (_, row) => `${row.month.slice(5)}/${row.month.slice(0, 4)}`,
          },
          {
            title: mt("period.collections.online"),
            key: "online",
            align: "right" as const,
            render: (_, row) => money(row.online),
          },
          {
            title: mt("period.collections.counter"),
            key: "counter",
            align: "right" as const,
            render: (_, row) => money(row.counter),
          },
          {
            title: mt("period.collections.total"),
            key: "total",
            align: "right" as const,
            render: (_, row) => money(row.online + row.counter),
          },
        ]}
      />
      <Table
        size="small"
        rowKey="procedureId"
        pagination={false}
        dataSource={metrics.averageByProcedure}
        title={() => <h3>{mt("period.avgTime")}</h3>}
        columns={[
          { title: mt("period.procedure"), key: "name", render: (_, row) => `${row.name} (${row.code})` },
          {
            title: mt("period.count"),
            key: "resolved",
            align: "right" as const,
            render: (_, row) => (
              <Link to={link("resolved", { procedureId: row.procedureId })}>{row.resolved}</Link>
            ),
          },
          { title: mt("period.avgHours"), dataIndex: "averageWorkingHours", align: "right" as const },
        ]}
      />
    </>
  );
}
