import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { digitisationPopulation } from "../kpi/digitisedDossiers.ts";
import { decidingAgencyIds } from "./decidingAgencies.ts";
import { namesOf } from "./liveCounts.ts";
import { type OnTimeCounts, onTimeCountsByAgency, onTimeRate } from "./onTimeCounts.ts";
import { type PaymentFigures, paymentFigures } from "./paymentFigures.ts";
import type { Period } from "./period.ts";
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
  averageByProcedure: {
    procedureId: string;
    code: string;
    name: string;
    resolved: number;
    averageWorkingHours: number;
  }[];
}

/**
 * The figures of a period (R-OPS-5, the dashboard): dossiers received (NgayTiepNhan in the period) by channel and
 * agency, and those whose processing ended in the period by R-KPI-4 verdict; the digitized share counts received
 * dossiers digitised as the 766 index's indicator 4.2 counts them (R-RECV-7, R-DIG-1/2; one computation, issue #19).
 */
export async function periodMetrics(
  db: Kysely<Database>,
  scope: StatisticsScope,
  period: Pick<Period, "from" | "to">,
): Promise<PeriodMetrics> {
  const inScope = scope.agencyIds;
  const [receivedRows, timeliness, digitizedRow, averages, paid] = await Promise.all([
    db
      .selectFrom("dossiers")
      .select(["deciding_agency_id as agencyId", "channel", sql<number>`count(*)::int`.as("n")])
      .where("received_at", ">=", period.from)
      .where("received_at", "<", period.to)
      .$if(inScope !== null, (q) => q.where("deciding_agency_id", "in", inScope ?? []))
      .groupBy(["deciding_agency_id", "channel"])
      .execute(),
    onTimeCountsByAgency(db, { ...period, agencyIds: inScope }),
    // Issue #19: digitisation counted exactly as the 766 index's indicator 4.2 counts it (one computation).
    digitisationPopulation(db, { agencyIds: inScope, period }).then((population) => ({
      n: population.filter((dossier) => dossier.meets).length,
    })),
    db
      .selectFrom("dossiers as d")
      .innerJoin("procedures as p", "p.id", "d.procedure_id")
      .select([
        "d.procedure_id as procedureId",
        "p.code",
        "p.name",
        sql<number>`count(*)::int`.as("resolved"),
        sql<number>`round(avg(d.timeliness_working_hours)::numeric, 1)::float8`.as("averageWorkingHours"),
      ])
      .where("d.timeliness_end_at", ">=", period.from)
      .where("d.timeliness_end_at", "<", period.to)
      .where("d.timeliness_verdict", "in", ["early", "onTime", "late"])
      .where("d.timeliness_working_hours", "is not", null)
      .$if(inScope !== null, (q) => q.where("d.deciding_agency_id", "in", inScope ?? []))
      .groupBy(["d.procedure_id", "p.code", "p.name"])
      .orderBy("resolved", "desc")
      .limit(50)
      .execute(),
    paymentFigures(db, scope, period),
  ]);

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
    .sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "", "vi"));

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
    digitized: digitizedRow.n,
    digitizedShare: share(digitizedRow.n, received),
    onlinePaymentShare: paid.onlinePaymentShare,
    payments: {
      paidOnlineDossiers: paid.paidOnlineDossiers,
      dossiersWithObligation: paid.dossiersWithObligation,
      collections: paid.collections,
      unreconciledDifferences: paid.unreconciledDifferences,
    },
    byAgency,
    averageByProcedure: averages.map((row) => ({
      ...row,
      averageWorkingHours: Number(row.averageWorkingHours),
    })),
  };
}
