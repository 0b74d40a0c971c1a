import { useQuery } from "@tanstack/react-query";
import { Button, Select, Table } from "antd";
import { useId, useState } from "react";
import { Link } from "react-router";
import { api } from "../api/client.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { currentMonth } from "../portal/EvaluationResultsPage.tsx";
import { Kpi766Table, type KpiScoreView } from "../portal/rating/Kpi766Table.tsx";
import { useRatingI18n } from "../portal/rating/ratingI18n.ts";

/** Indicators the server can trace to dossiers or procedures (src/services/kpi/kpiDrillDown.ts). */
const DRILLABLE = ["1.3", "2.1", "3", "4.1", "4.2", "4.3"] as const;

interface LostItem {
  kind: "dossier" | "procedure";
  id: string;
  code: string;
  procedure: { code: string; name: string };
  agencyName: string | null;
  reason: { code: string; vi: string; en: string };
  lateByWorkingHours?: number;
  missing?: { vi: string; en: string }[];
}

/**
 * The full 766 index for the service center (province or an agency) and for an agency leader (their agency; the
 * server refuses others), per month, with the drill-down from each indicator to the dossiers that lost points and
 * why (R-KPI-1…5).
 */
export default function Kpi766Page() {
  const { rt, pick } = useRatingI18n();
  usePageTitle(rt("kpi.title"));
  const monthId = useId();
  const scopeId = useId();
  const [draft, setDraft] = useState(currentMonth());
  const [month, setMonth] = useState(currentMonth());
  const [agencyId, setAgencyId] = useState<string>("");
  const [drill, setDrill] = useState<string | null>(null);
  const scope = agencyId ? `&agencyId=${agencyId}` : "";
  const agencies = useQuery({
    queryKey: ["monitoring", "evaluation", month],
    queryFn: () =>
      api.get<{ agency: { id: string; name: string } }[]>(`/api/monitoring/evaluation?month=${month}`),
  });
  const score = useQuery({
    queryKey: ["monitoring", "kpi-766", month, agencyId],
    queryFn: () => api.get<KpiScoreView>(`/api/monitoring/kpi-766?month=${month}${scope}`),
  });
  const lost = useQuery({
    queryKey: ["monitoring", "kpi-766", month, agencyId, drill],
    enabled: drill !== null,
    queryFn: () =>
      api.get<{ indicator: string; total: number; items: LostItem[] }>(
        `/api/monitoring/kpi-766/${drill}/dossiers?month=${month}${scope}`,
      ),
  });
  return (
    <>
      <h1>{rt("kpi.title")}</h1>
      <p>{rt("kpi.note")}</p>
      <form
        className="results-filter"
        onSubmit={(event) => {
          event.preventDefault();
          if (/^\d{4}-\d{2}$/.test(draft)) {
            setMonth(draft);
            setDrill(null);
          }
        }}
      >
        <label htmlFor={monthId}>{rt("results.month")}</label>{" "}
        <input id={monthId} type="month" value={draft} onChange={(event) => setDraft(event.target.value)} />{" "}
        <Button htmlType="submit">{rt("results.show")}</Button>{" "}
        <label htmlFor={scopeId}>{rt("kpi.scope")}</label>{" "}
        <Select
          id={scopeId}
          style={{ minWidth: 280 }}
          value={agencyId}
          onChange={(value) => {
            setAgencyId(value);
            setDrill(null);
          }}
          options={[
            { value: "", label: rt("kpi.province") },
            ...(agencies.data ?? []).map((row) => ({ value: row.agency.id, label: row.agency.name })),
          ]}
        />
      </form>
      {score.isPending ? <Loading /> : null}
      {score.error ? <ErrorAlert error={score.error} onRetry={() => void score.refetch()} /> : null}
      {score.data ? <Kpi766Table score={score.data} onDrill={setDrill} drillable={DRILLABLE} /> : null}
      {drill ? (
        <section className="section" aria-labelledby="kpi-drill" aria-live="polite">
          <h2 id="kpi-drill">
            {lost.data
              ? rt("kpi.drill.title", { code: lost.data.indicator, total: lost.data.total })
              : rt("kpi.drill")}
          </h2>
          {lost.isPending ? <Loading /> : null}
          {lost.error ? <ErrorAlert error={lost.error} onRetry={() => void lost.refetch()} /> : null}
          {lost.data ? (
            <Table<LostItem>
              rowKey="id"
              size="small"
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              dataSource={lost.data.items}
              locale={{ emptyText: rt("kpi.drill.none") }}
              columns={[
                {
                  title: rt("kpi.drill.code"),
                  key: "code",
                  render: (_, row) =>
                    row.kind === "dossier" ? (
                      <Link to={`/van-phong/ho-so/${row.id}`}>{row.code}</Link>
                    ) : (
                      row.code
                    ),
                },
                {
                  title: rt("kpi.drill.procedure"),
                  key: "procedure",
                  render: (_, row) => row.procedure.name,
                },
                {
                  title: rt("kpi.drill.reason"),
                  key: "reason",
                  render: (_, row) => (
                    <>
                      {pick(row.reason)}
                      {row.lateByWorkingHours !== undefined ? (
                        <div className="muted">
                          {rt("kpi.drill.lateBy", { hours: row.lateByWorkingHours })}
                        </div>
                      ) : null}
                      {row.missing ? (
                        <div className="muted">
                          {rt("kpi.drill.missing", {
                            parts: row.missing.map((part) => pick(part)).join(", "),
                          })}
                        </div>
                      ) : null}
                    </>
                  ),
                },
              ]}
            />
          ) : null}
        </section>
      ) : null}
    </>
  );
}
