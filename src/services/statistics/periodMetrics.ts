import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { closedMonthOf } from "../kpi/kpiMonthSnapshot.ts";
import { decidingAgencyIds } from "./decidingAgencies.ts";
import { namesOf } from "./liveCounts.ts";
import { monthReportFromSnapshot } from "./monthReportSnapshot.ts";
import { type OnTimeCounts, onTimeRate } from "./onTimeCounts.ts";
import { type PaymentFigures, paymentFigures } from "./paymentFigures.ts";
import type { Period } from "./period.ts";
import { liveDossierFigures, type ProcedureAverage } from "./periodFigures.ts";
import type { StatisticsScope } from "./scope.ts";

/** A share in percent with two decimals, or null when the denominator is 0 (shown "no data", R-KPI-2). */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part * 10_000) / whole) / 100;
}

export interface ChannelMix {
  counter: number;
  online: number;
  postal: number;
}

export interface AgencyPeriodFigures extends OnTimeCounts {
  name: string | null;
  received: number;
  online: number;
  onTimeRate: number | null;
}

export interface PeriodMetrics {
  from: string;
  to: string;
  received: number;
  resolved: number;
  early: number;
  onTime: number;
  late: number;
  onTimeRate: number | null;
  onlineShare: number | null;
  channels: ChannelMix;
  digitized: number;
  digitizedShare: number | null;
  /** Dossiers paid online / dossiers with a financial obligation (R-KPI table 3.6); null when none owed. */
  onlinePaymentShare: number | null;
  /** Amounts collected per agency and month, online vs counter, and open reconciliation differences (R-FEE-2). */
  payments: Omit<PaymentFigures, "onlinePaymentShare">;
  byAgency: AgencyPeriodFigures[];
  /** The 50 procedures with the most resolved dossiers and their mean working hours (one decimal). */
  averageByProcedure: ProcedureAverage[];
}

/**
 * The figures of a period (R-OPS-5, the dashboard): dossiers received (NgayTiepNhan in the period) by channel and
 * agency, and those whose processing ended in the period by R-KPI-4 verdict; the digitized share counts received
 * dossiers digitised as the 766 index's indicator 4.2 counts them (R-RECV-7, R-DIG-1/2; one computation, issue #19).
 *
 * Given `now`, a calendar month over at `now` whose month-end snapshot is taken reads its dossier figures from the
 * snapshot (issue #21: the cost no longer grows with the dossiers; monthReportSnapshot.ts): the same queries, run
 * when the month closed, so the same figures — a closed month is frozen (R-KPI-5, R-LATE-4, R-KPI-2). Without `now`,
 * with `useSnapshot: false` or before the month is taken, they are computed live. The payments are always live.
 */
export async function periodMetrics(
  db: Kysely<Database>,
  scope: StatisticsScope,
  period: Pick<Period, "from" | "to">,
  { now, useSnapshot = true }: { now?: Date; useSnapshot?: boolean } = {},
): Promise<PeriodMetrics> {
  const inScope = scope.agencyIds;
  const month = useSnapshot && now !== undefined ? closedMonthOf(period, now) : undefined;
  const query = { agencyIds: inScope, period };
  const [dossierFigures, paid] = await Promise.all([
    (async () =>
      (month === undefined ? undefined : await monthReportFromSnapshot(db, month, inScope)) ??
      (await liveDossierFigures(db, query)))(),
    paymentFigures(db, scope, period),
  ]);
  const { received: receivedRows, timeliness, digitised } = dossierFigures;

  const channels: ChannelMix = { counter: 0, online: 0, postal: 0 };
  const agencies = new Map<string, AgencyPeriodFigures>();
  const agencyOf = (agencyId: string) => {
    let figures = agencies.get(agencyId);
    if (!figures) {
      figures = {
        agencyId,
        name: null,
        received: 0,
        online: 0,
        resolved: 0,
        early: 0,
        onTime: 0,
        late: 0,
        onTimeRate: null,
      };
      agencies.set(agencyId, figures);
    }
    return figures;
  };
  // Issue #19: every deciding agency in scope is listed, with zero when nothing happened there.
  for (const agencyId of await decidingAgencyIds(db, inScope)) agencyOf(agencyId);
  for (const row of receivedRows) {
    channels[row.channel] += row.n;
    const figures = agencyOf(row.agencyId);
    figures.received += row.n;
    if (row.channel === "online") figures.online += row.n;
  }
  for (const row of timeliness) Object.assign(agencyOf(row.agencyId), row);
  const names = await namesOf(db, "agencies", [...agencies.keys()]);
  const byAgency = [...agencies.values()]
    .map((figures) => ({
      ...figures,
      name: names.get(figures.agencyId) ?? null,
      onTimeRate: onTimeRate(figures),
    }))
    .sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "", "vi") || a.agencyId.localeCompare(b.agencyId));

  const received = channels.counter + channels.online + channels.postal;
  const sum = (key: "resolved" | "early" | "onTime" | "late") =>
    timeliness.reduce((total, row) => total + row[key], 0);
  const totals = { resolved: sum("resolved"), early: sum("early"), onTime: sum("onTime"), late: sum("late") };
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    received,
    ...totals,
    onTimeRate: onTimeRate(totals),
    onlineShare: share(channels.online, received),
    channels,
    digitized: digitised,
    digitizedShare: share(digitised, received),
    onlinePaymentShare: paid.onlinePaymentShare,
    payments: {
      paidOnlineDossiers: paid.paidOnlineDossiers,
      dossiersWithObligation: paid.dossiersWithObligation,
      collections: paid.collections,
      unreconciledDifferences: paid.unreconciledDifferences,
    },
    byAgency,
    averageByProcedure: dossierFigures.averageByProcedure,
  };
}
