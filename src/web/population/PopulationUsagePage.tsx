import { useQuery } from "@tanstack/react-query";
import { Input, Table } from "antd";
import { useState } from "react";
import { api } from "../api/client.ts";
import { ErrorAlert } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { Field } from "../monitoring/Field.tsx";
import type { UsageRow } from "./populationApi.ts";
import { usePopulationI18n } from "./populationI18n.ts";
import "./population.css";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** This month in Vietnam, `YYYY-MM`. */
function thisMonth(): string {
  return new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 7);
}

/**
 * Use of the national population database per agency and month (issue #14; 004_… Đ20: the statistics the police
 * receive). The server decides the scope: the province for the service center, their own agency for a leader.
 */
export default function PopulationUsagePage() {
  const { pt } = usePopulationI18n();
  usePageTitle(pt("pop.usage.title"));
  const [fromMonth, setFromMonth] = useState(thisMonth);
  const [toMonth, setToMonth] = useState(thisMonth);
  const valid = MONTH.test(fromMonth) && MONTH.test(toMonth) && fromMonth <= toMonth;
  const usage = useQuery({
    queryKey: ["population-usage", fromMonth, toMonth],
    queryFn: () =>
      api.get<UsageRow[]>(`/api/monitoring/population-usage?fromMonth=${fromMonth}&toMonth=${toMonth}`),
    enabled: valid,
  });
  return (
    <>
      <h1>{pt("pop.usage.title")}</h1>
      <p className="lead">{pt("pop.usage.lead")}</p>
      <div className="scope-picker">
        <Field label={pt("pop.usage.from")}>
          {(id) => (
            <Input
              id={id}
              type="month"
              value={fromMonth}
              onChange={(event) => setFromMonth(event.target.value)}
              style={{ width: 200 }}
            />
          )}
        </Field>
        <Field label={pt("pop.usage.to")}>
          {(id) => (
            <Input
              id={id}
              type="month"
              value={toMonth}
              onChange={(event) => setToMonth(event.target.value)}
              style={{ width: 200 }}
            />
          )}
        </Field>
      </div>
      {usage.error ? <ErrorAlert error={usage.error} onRetry={() => void usage.refetch()} /> : null}
      {usage.data && usage.data.length === 0 ? <p className="muted">{pt("pop.usage.empty")}</p> : null}
      {usage.data && usage.data.length > 0 ? (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: at 360 px the table scrolls sideways, so its region must be reachable by keyboard
        <section className="population-table" tabIndex={0} aria-label={pt("pop.usage.title")}>
          <Table
            rowKey={(row) => `${row.month}-${row.agency?.id ?? "portal"}`}
            dataSource={usage.data}
            pagination={false}
            loading={usage.isFetching}
            columns={[
              { key: "month", title: pt("pop.usage.month"), dataIndex: "month" },
              {
                key: "agency",
                title: pt("pop.usage.agency"),
                render: (_, row) => row.agency?.name ?? pt("pop.usage.portal"),
              },
              { key: "queries", title: pt("pop.usage.queries"), dataIndex: "queries", align: "right" },
              { key: "prefill", title: pt("pop.usage.prefill"), dataIndex: "prefill", align: "right" },
              {
                key: "submissionCheck",
                title: pt("pop.usage.submissionCheck"),
                dataIndex: "submissionCheck",
                align: "right",
              },
              {
                key: "officerCheck",
                title: pt("pop.usage.officerCheck"),
                dataIndex: "officerCheck",
                align: "right",
              },
              {
                key: "unavailable",
                title: pt("pop.usage.unavailable"),
                dataIndex: "unavailable",
                align: "right",
              },
            ]}
          />
        </section>
      ) : null}
    </>
  );
}
