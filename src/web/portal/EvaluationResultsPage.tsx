import { useQuery } from "@tanstack/react-query";
import { Button, Select, Table } from "antd";
import { useId, useState } from "react";
import { Link } from "react-router";
import { EVALUATION_INDICES } from "../../domain/evaluation/indices.ts";
import { api } from "../api/client.ts";
import { useAgencies, useSession } from "../api/queries.ts";
import type { AgencyNode } from "../api/types.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { Kpi766Table, type KpiScoreView } from "./rating/Kpi766Table.tsx";
import { useRatingI18n } from "./rating/ratingI18n.ts";

interface IndexResult {
  id: number;
  status: "scored" | "noRatings" | "noData";
  points?: number;
  answers: number;
}
interface AgencyResult {
  agency: { code: string; name: string };
  evaluation: {
    ratings: number;
    indices: IndexResult[];
    total: number;
    maxAvailable: number;
    totalOn18?: number;
    band?: { code: string; name: { vi: string; en: string } };
  };
}

/** The current month in the province's time (UTC+7), `YYYY-MM`. */
export function currentMonth(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 7);
}

function flatten(nodes: readonly AgencyNode[]): { code: string; name: string }[] {
  return nodes.flatMap((node) => [{ code: node.code, name: node.name }, ...flatten(node.children)]);
}

/**
 * Public results (R-EVAL-1 "results are public", R-KPI-5), no login: each agency's evaluation for a month (indices,
 * total, band) and the 766 index of the province or an agency. Aggregates only.
 */
export default function EvaluationResultsPage() {
  const { rt, pick } = useRatingI18n();
  usePageTitle(rt("results.title"));
  const monthId = useId();
  const scopeId = useId();
  const [draft, setDraft] = useState(currentMonth());
  const [month, setMonth] = useState(currentMonth());
  const [agencyCode, setAgencyCode] = useState<string>("");
  const agencies = useAgencies();
  const session = useSession();
  const counterOfficer =
    session.data?.actor.grants.some((grant) => grant.role === "counter_officer") ?? false;
  const results = useQuery({
    queryKey: ["public-evaluation", month],
    queryFn: () =>
      api.get<{ month: string; agencies: AgencyResult[] }>(`/api/public/evaluation?month=${month}`),
  });
  const kpi = useQuery({
    queryKey: ["public-kpi-766", month, agencyCode],
    queryFn: () =>
      api.get<{ score: KpiScoreView }>(
        `/api/public/kpi-766?month=${month}${agencyCode ? `&agencyCode=${encodeURIComponent(agencyCode)}` : ""}`,
      ),
  });
  const indexCell = (row: AgencyResult, id: number) => {
    const index = row.evaluation.indices.find((candidate) => candidate.id === id);
    if (!index || index.status === "noData") return <span className="muted">{rt("results.noData")}</span>;
    if (index.status === "noRatings") return <span className="muted">{rt("results.noRatings")}</span>;
    return index.points;
  };
  return (
    <>
      <h1>{rt("results.title")}</h1>
      {counterOfficer ? (
        <p>
          <Link to="/danh-gia/quay">{rt("kiosk.title")}</Link>
        </p>
      ) : null}
      <form
        className="results-filter"
        onSubmit={(event) => {
          event.preventDefault();
          if (/^\d{4}-\d{2}$/.test(draft)) setMonth(draft);
        }}
      >
        <label htmlFor={monthId}>{rt("results.month")}</label>{" "}
        <input id={monthId} type="month" value={draft} onChange={(event) => setDraft(event.target.value)} />{" "}
        <Button htmlType="submit">{rt("results.show")}</Button>
      </form>

      <section className="section" aria-labelledby="results-agencies">
        <h2 id="results-agencies">{rt("results.title")}</h2>
        <p>{rt("results.note")}</p>
        {results.isPending ? <Loading /> : null}
        {results.error ? <ErrorAlert error={results.error} onRetry={() => void results.refetch()} /> : null}
        {results.data ? (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
          <section className="table-scroll" tabIndex={0} aria-label={rt("results.title")}>
            <Table<AgencyResult>
              rowKey={(row) => row.agency.code}
              size="small"
              pagination={false}
              dataSource={results.data.agencies}
              locale={{ emptyText: rt("results.empty") }}
              columns={[
                { title: rt("results.agency"), key: "agency", render: (_, row) => row.agency.name },
                {
                  title: rt("results.ratings"),
                  key: "ratings",
                  align: "right",
                  render: (_, row) => row.evaluation.ratings,
                },
                ...EVALUATION_INDICES.map((index) => ({
                  title: <abbr title={pick(index.name)}>{rt("results.index", { id: index.id })}</abbr>,
                  key: `index-${index.id}`,
                  align: "right" as const,
                  render: (_: unknown, row: AgencyResult) => indexCell(row, index.id),
                })),
                {
                  title: rt("results.total"),
                  key: "total",
                  align: "right",
                  render: (_, row) => `${row.evaluation.total} / ${row.evaluation.maxAvailable}`,
                },
                {
                  title: rt("results.on18"),
                  key: "on18",
                  align: "right",
                  render: (_, row) => row.evaluation.totalOn18 ?? "–",
                },
                {
                  title: rt("results.band"),
                  key: "band",
                  render: (_, row) => (row.evaluation.band ? pick(row.evaluation.band.name) : "–"),
                },
              ]}
            />
          </section>
        ) : null}
        <h3>{rt("results.indices")}</h3>
        <ol className="plain-list">
          {EVALUATION_INDICES.map((index) => (
            <li key={index.id}>
              {rt("results.index", { id: index.id })}: {pick(index.name)}
            </li>
          ))}
        </ol>
      </section>

      <section className="section" aria-labelledby="results-kpi">
        <h2 id="results-kpi">{rt("kpi.title")}</h2>
        <p>{rt("kpi.note")}</p>
        <label htmlFor={scopeId}>{rt("kpi.scope")}</label>{" "}
        <Select
          id={scopeId}
          style={{ minWidth: 320 }}
          value={agencyCode}
          onChange={setAgencyCode}
          showSearch={{ optionFilterProp: "label" }}
          options={[
            { value: "", label: rt("kpi.province") },
            ...flatten(agencies.data ?? []).map((agency) => ({ value: agency.code, label: agency.name })),
          ]}
        />
        {kpi.isPending ? <Loading /> : null}
        {kpi.error ? <ErrorAlert error={kpi.error} onRetry={() => void kpi.refetch()} /> : null}
        {kpi.data ? <Kpi766Table score={kpi.data.score} /> : null}
      </section>
    </>
  );
}
