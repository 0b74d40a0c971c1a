import { useQuery } from "@tanstack/react-query";
import { Input, Select, Table } from "antd";
import { useState } from "react";
import { api } from "../api/client.ts";
import { ErrorAlert } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { Field } from "./Field.tsx";
import { type OfficerWorkload, type PeriodMetrics, queryString } from "./monitoringApi.ts";
import { useMonitoringI18n } from "./monitoringI18n.ts";

/** Last month in Hà Nội, `YYYY-MM` (the usual report). */
function lastMonth(): string {
  const now = new Date(Date.now() + 7 * 3_600_000);
  const year = now.getUTCMonth() === 0 ? now.getUTCFullYear() - 1 : now.getUTCFullYear();
  const month = now.getUTCMonth() === 0 ? 12 : now.getUTCMonth();
  return `${year}-${String(month).padStart(2, "0")}`;
}

/**
 * Reports (issue #8 item 2): the monthly report (R-OPS-5) of the province or one agency to download, and the
 * per-officer workload (S2 Đ5.3).
 */
export default function ReportsPage() {
  const { mt } = useMonitoringI18n();
  usePageTitle(mt("reports.title"));
  const [month, setMonth] = useState(lastMonth);
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const [agencyId, setAgencyId] = useState<string | undefined>(undefined);
  const query = queryString({ month, agencyId });
  // The agencies with figures that month (the province report's rows) are the ones a per-agency report can show.
  const agencies = useQuery({
    queryKey: ["monitoring", "period", "report-agencies", month],
    queryFn: () => api.get<PeriodMetrics>(`/api/monitoring/period?kind=month&date=${month}-01`),
    enabled: valid,
  });
  const officers = useQuery({
    queryKey: ["monitoring", "officers", query],
    queryFn: () => api.get<OfficerWorkload[]>(`/api/monitoring/reports/officers?${query}`),
    enabled: valid,
  });
  return (
    <>
      <h1>{mt("reports.title")}</h1>
      <section aria-labelledby="monthly-title" className="section">
        <h2 id="monthly-title">{mt("reports.monthly")}</h2>
        <div className="scope-picker">
          <Field label={mt("reports.month")}>
            {(id) => (
              <Input
                id={id}
                type="month"
                value={month}
                onChange={(event) => setMonth(event.target.value)}
                style={{ width: 200 }}
              />
            )}
          </Field>
          <Field label={mt("mon.agency")}>
            {(id) => (
              <Select
                id={id}
                allowClear
                style={{ minWidth: 320 }}
                placeholder={mt("mon.allAgencies")}
                value={agencyId}
                onChange={(value: string | undefined) => setAgencyId(value)}
                options={(agencies.data?.byAgency ?? []).map((agency) => ({
                  value: agency.agencyId,
                  label: agency.name ?? agency.agencyId,
                }))}
              />
            )}
          </Field>
        </div>
        {valid ? (
          <p className="actions">
            <a href={`/api/monitoring/reports/monthly.xlsx?${query}`} download>
              {mt("reports.excel")}
            </a>
            <a href={`/api/monitoring/reports/monthly.pdf?${query}`} download>
              {mt("reports.pdf")}
            </a>
          </p>
        ) : null}
      </section>
      <section aria-labelledby="officers-title" className="section">
        <h2 id="officers-title">{mt("reports.officers")}</h2>
        {officers.error ? (
          <ErrorAlert error={officers.error} onRetry={() => void officers.refetch()} />
        ) : null}
        <Table<OfficerWorkload>
          rowKey={(row) => `${row.officerId}/${row.agencyName}`}
          size="small"
          loading={officers.isFetching}
          dataSource={officers.data ?? []}
          pagination={false}
          locale={{ emptyText: mt("list.empty") }}
          columns={[
            { title: mt("reports.officer"), dataIndex: "name" },
            { title: mt("list.agency"), dataIndex: "agencyName" },
            { title: mt("reports.tasksDone"), dataIndex: "done", align: "right" },
            { title: mt("reports.tasksLate"), dataIndex: "doneLate", align: "right" },
            { title: mt("reports.tasksOpen"), dataIndex: "open", align: "right" },
            { title: mt("reports.tasksOverdue"), dataIndex: "openOverdue", align: "right" },
          ]}
        />
      </section>
    </>
  );
}
