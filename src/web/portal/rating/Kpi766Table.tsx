import { Button, Table } from "antd";
import { KPI_GROUPS, KPI_INDICATORS } from "../../../domain/kpi/indicators.ts";
import { useRatingI18n } from "./ratingI18n.ts";
import "./rating.css";

export interface IndicatorScoreView {
  code: string;
  group: string;
  status: "scored" | "notApplicable" | "noData" | "informational";
  maxPoints: number;
  target?: number;
  numerator?: number;
  denominator?: number;
  ratio?: number;
  points?: number;
  value?: number;
  missing?: string[];
}

export interface KpiScoreView {
  from: string;
  to: string;
  indicators: IndicatorScoreView[];
  groups: { code: string; maxPoints: number; points: number; scoredMax: number }[];
  total: number;
  maxPoints: number;
  scoredMax: number;
}

type Row =
  | { kind: "group"; key: string; code: string; points: number; maxPoints: number; scoredMax: number }
  | ({ kind: "indicator"; key: string } & IndicatorScoreView);

/**
 * The 766 index as the national portal lays it out (R-KPI-1…3): each group with its points, each indicator with its
 * formula, counts, ratio, target and points, or why it has none. `onDrill` adds the drill-down button (monitoring).
 */
export function Kpi766Table({
  score,
  onDrill,
  drillable = [],
}: {
  score: KpiScoreView;
  onDrill?: (code: string) => void;
  drillable?: readonly string[];
}) {
  const { rt, pick, number: formatNumber, percent } = useRatingI18n();
  const number = (value: number) => formatNumber(value, 3);
  const rows: Row[] = KPI_GROUPS.flatMap((group) => {
    const groupScore = score.groups.find((candidate) => candidate.code === group.code);
    return [
      {
        kind: "group" as const,
        key: `group-${group.code}`,
        code: group.code,
        points: groupScore?.points ?? 0,
        maxPoints: group.maxPoints,
        scoredMax: groupScore?.scoredMax ?? 0,
      },
      ...score.indicators
        .filter((indicator) => indicator.group === group.code)
        .map((indicator) => ({ kind: "indicator" as const, key: indicator.code, ...indicator })),
    ];
  });
  const statusText = (row: IndicatorScoreView) => {
    if (row.status === "noData") return rt("kpi.noData");
    if (row.status === "notApplicable") return rt("kpi.notApplicable");
    if (row.status === "informational") return rt("kpi.informational", { value: number(row.value ?? 0) });
    return null;
  };
  return (
    <>
      <p className="kpi-total">
        <strong>
          {rt("kpi.total", { points: number(score.total), max: score.maxPoints, scored: score.scoredMax })}
        </strong>
      </p>
      {/* A keyboard-focusable scrolling region on narrow screens (axe scrollable-region-focusable). */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
      <section className="table-scroll" tabIndex={0} aria-label={rt("kpi.title")}>
        <Table<Row>
          className="kpi-table"
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={rows}
          columns={[
            {
              title: rt("kpi.indicator"),
              key: "name",
              render: (_, row) => {
                if (row.kind === "group") {
                  const group = KPI_GROUPS.find((candidate) => candidate.code === row.code);
                  return <strong>{group ? pick(group.name) : row.code}</strong>;
                }
                const indicator = KPI_INDICATORS.find((candidate) => candidate.code === row.code);
                return (
                  <>
                    <span>
                      {row.code}. {indicator ? pick(indicator.name) : ""}
                    </span>
                    <div className="muted">{indicator ? pick(indicator.formula) : ""}</div>
                  </>
                );
              },
            },
            {
              title: rt("kpi.ratio"),
              key: "ratio",
              align: "right",
              render: (_, row) =>
                row.kind === "group" ? null : row.status === "scored" ? (
                  <>
                    {percent(row.ratio ?? 0, 2)}
                    <div className="muted">
                      {rt("kpi.counts", { numerator: row.numerator ?? 0, denominator: row.denominator ?? 0 })}
                    </div>
                  </>
                ) : (
                  <span className="kpi-status">{statusText(row)}</span>
                ),
            },
            {
              title: rt("kpi.target"),
              key: "target",
              align: "right",
              render: (_, row) => (row.kind === "indicator" && row.target !== undefined ? row.target : null),
            },
            {
              title: rt("kpi.points"),
              key: "points",
              align: "right",
              render: (_, row) =>
                row.kind === "group" ? (
                  <strong>
                    {number(row.points)} / {row.maxPoints}
                  </strong>
                ) : row.maxPoints === 0 ? null : (
                  `${row.points === undefined ? "–" : number(row.points)} / ${row.maxPoints}`
                ),
            },
            ...(onDrill
              ? [
                  {
                    title: rt("kpi.drill"),
                    key: "drill",
                    render: (_: unknown, row: Row) =>
                      row.kind === "indicator" && drillable.includes(row.code) && row.status === "scored" ? (
                        <Button
                          size="small"
                          onClick={() => onDrill(row.code)}
                          aria-label={`${rt("kpi.drill")} ${row.code}`}
                        >
                          {rt("kpi.drill")}
                        </Button>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      </section>
    </>
  );
}
