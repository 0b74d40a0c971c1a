import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import {
  type KpiCapability,
  type KpiMeasure,
  type KpiScore,
  satisfactionMeasure,
  scoreIndex,
} from "../../domain/kpi/index.ts";
import { dossiersWithFeedbackOrDislike, feedbackCounts } from "../feedback/feedbackIndicators.ts";
import { paymentIndicators } from "../payments/paymentIndicators.ts";
import { syncedDossiers } from "../sync/syncIndicator.ts";
import { closedMonthOf, type DossierFigures, snapshotFigures } from "./kpiMonthSnapshot.ts";
import { type KpiQuery, kpiPopulations } from "./kpiPopulations.ts";
import { procedureCompleteness } from "./procedureCompleteness.ts";
import { storeLinkPopulation } from "./storeLinkPopulation.ts";

/**
 * The capabilities whose data exist in OneStop today. Publication decisions, DVCQG sync, online payment, the
 * DataStore, certified copies, the population DB and feedback (PAKN) come with later issues: until one is listed
 * here its indicators show "no data yet" (issue #8), never a figure.
 */
// Online payment (issue #15): 3.5a, 3.5b and 3.6 come from the payment requests and transactions.
// DVCQG sync (issue #13): 1.4 comes from each dossier's sync state.
// Feedback (issue #17): 5.1–5.3 from the feedback items (R-PAKN-3), 5.4 adds the dossiers with feedback (R-EVAL-4).
export const AVAILABLE_CAPABILITIES: readonly KpiCapability[] = [
  "dossiers",
  "catalog",
  "onlinePayment",
  "nationalSync",
  "feedback",
  // Issue #16: 4.4 from the applicants' data store (documents reused from it, results stored in it).
  "dataStore",
];

const WORKING_HOURS_PER_DAY = 8;

const measureOf = (population: readonly { meets: boolean }[]): KpiMeasure => ({
  numerator: population.filter((dossier) => dossier.meets).length,
  denominator: population.length,
});

export interface KpiIndexResult extends KpiScore {
  from: string;
  to: string;
}

/**
 * The dossier-based figures computed live from the dossiers (what the month-end snapshot keeps for a closed month).
 */
export async function liveDossierFigures(db: Kysely<Database>, query: KpiQuery): Promise<DossierFigures> {
  const populations = await kpiPopulations(db, query, { explainLate: false });
  const handled = populations["2.1"];
  return {
    measures: {
      "1.4": measureOf(await syncedDossiers(db, query)),
      "2.1": measureOf(populations["2.1"]),
      "3": measureOf(populations["3"]),
      "4.1": measureOf(populations["4.1"]),
      "4.2": measureOf(populations["4.2"]),
      "4.3": measureOf(populations["4.3"]),
      "4.4": measureOf(await storeLinkPopulation(db, query)),
    },
    handledWithFeedback: await dossiersWithFeedbackOrDislike(
      db,
      handled.map((dossier) => dossier.id),
    ),
    meanWorkingHours: populations.meanWorkingHours,
  };
}

/**
 * The QĐ 766 index of one agency set (null = the province) over one period, from OneStop's own data (R-KPI-5).
 * Reads the statistics' R-KPI-4 projection: callers run `projectTimeliness` first so a change just made counts.
 * A closed calendar month whose month-end snapshot was taken reads the dossier figures from it (issue #21,
 * kpiMonthSnapshot.ts: frozen at the close); any other period, the running month included, computes them live.
 * `useSnapshot: false` always computes live (the comparison in the tests and the bench's baseline).
 */
export async function kpiIndex(
  db: Kysely<Database>,
  query: KpiQuery,
  { useSnapshot = true }: { useSnapshot?: boolean } = {},
): Promise<KpiIndexResult> {
  const month = useSnapshot ? closedMonthOf(query.period, query.now) : undefined;
  const figures =
    (month === undefined ? undefined : await snapshotFigures(db, month, query.agencyIds)) ??
    (await liveDossierFigures(db, query));
  const procedures =
    query.agencyIds !== null && query.agencyIds.length === 0
      ? []
      : await procedureCompleteness(db, query.agencyIds);
  const payments = await paymentIndicators(db, query);
  const feedback = await feedbackCounts(db, { agencyIds: query.agencyIds, ...query.period, now: query.now });
  const handled = figures.measures["2.1"];
  const score = scoreIndex({
    capabilities: AVAILABLE_CAPABILITIES,
    measures: {
      "1.3": {
        numerator: procedures.filter((procedure) => procedure.missing.length === 0).length,
        denominator: procedures.length,
      },
      ...figures.measures,
      ...payments,
      "5.2": feedback.onTime,
      "5.3": feedback.satisfaction,
      "5.4": satisfactionMeasure(
        handled.denominator,
        handled.denominator - handled.numerator,
        figures.handledWithFeedback,
      ),
    },
    information: {
      "5.1": feedback.total,
      ...(figures.meanWorkingHours === undefined
        ? {}
        : { "2.2": Math.round((figures.meanWorkingHours / WORKING_HOURS_PER_DAY) * 100) / 100 }),
    },
  });
  return { ...score, from: query.period.from.toISOString(), to: query.period.to.toISOString() };
}
