import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import {
  type AgencyEvaluation,
  type AgencyIndexPoints,
  type AgencyTier,
  type DossierRating,
  evaluateAgency,
  scoreCounterHandling,
  scoreFeedbackHandling,
  scoreOnlineServices,
} from "../../domain/evaluation/index.ts";
import { feedbackHandlingByAgency } from "../feedback/feedbackIndicators.ts";
import { agencyFilter } from "../kpi/scopeFilter.ts";
import type { Period } from "../statistics/period.ts";
import { bandsFor } from "./bandSettings.ts";

/** The figures the agency indices were computed from, shown next to them (nothing is scored without its data). */
export interface AgencyEvaluationFacts {
  tier: AgencyTier;
  /** Index 5: procedures with a dossier decided at the counter / procedures with a dossier processed. */
  proceduresProcessed: number;
  proceduresDecidedAtCounter: number;
  /** Index 5: results returned by the counter / results returned. */
  resultsReturned: number;
  resultsReturnedAtCounter: number;
  /** Index 9. */
  offerings: number;
  onlineOfferings: number;
  dossiersReceived: number;
  onlineDossiersReceived: number;
  lateOnlineDossiers: number;
  /** Index 8 (issue #17): feedback closed or past its deadline, answered on time, still unanswered past it. */
  feedbackReceived: number;
  feedbackHandledOnTime: number;
  feedbackProlonged: number;
}

export interface AgencyEvaluationRow {
  agency: { id: string; code: string; name: string };
  evaluation: AgencyEvaluation;
  facts: AgencyEvaluationFacts;
}

const TIER_OF_LEVEL: Record<string, AgencyTier> = {
  province: "province",
  department: "province",
  commune: "commune",
  other: "district",
};

const share = (part: number, whole: number) => (part * 100) / whole;

/**
 * The agency-level evaluation for a period (R-EVAL-1…3): the applicants' ratings given in the period by the
 * handling (deciding) agency, index 5 and 9 computed from the agency's dossiers and offerings, index 8 from the
 * feedback routed to it (issue #17). Agencies without ratings, dossiers or feedback in the period are left out. Every query
 * is bounded by the period and uses an index on its time column.
 */
export async function agencyEvaluations(
  db: Kysely<Database>,
  query: { period: Pick<Period, "from" | "to">; agencyIds: readonly string[] | null; now?: Date },
): Promise<AgencyEvaluationRow[]> {
  const { from, to } = query.period;
  if (query.agencyIds !== null && query.agencyIds.length === 0) return [];
  const inScope = (column: string) => agencyFilter(column, query.agencyIds);

  const ratings = await db
    .selectFrom("evaluation_ratings")
    .select(["agency_id", "points", "satisfaction"])
    .where("rated_at", ">=", from)
    .where("rated_at", "<", to)
    .where(inScope("agency_id"))
    .execute();

  const processed = await db
    .selectFrom("dossier_events as e")
    .innerJoin("dossiers as d", "d.id", "e.dossier_id")
    .select([
      "d.deciding_agency_id as agencyId",
      sql<number>`count(distinct d.procedure_id) filter (where e.to_status = 9)::int`.as(
        "proceduresProcessed",
      ),
      sql<number>`count(distinct d.procedure_id) filter (where e.type = 'decidedAtCounter')::int`.as(
        "proceduresDecidedAtCounter",
      ),
      sql<number>`count(*) filter (where e.type = 'resultReturned')::int`.as("resultsReturned"),
      sql<number>`count(*) filter (where e.type = 'resultReturned' and e.actor_role = 'counter_officer')::int`.as(
        "resultsReturnedAtCounter",
      ),
    ])
    .where("e.at", ">=", from)
    .where("e.at", "<", to)
    .where("e.type", "in", ["resultApproved", "decidedAtCounter", "resultReturned"])
    .where(inScope("d.deciding_agency_id"))
    .groupBy("d.deciding_agency_id")
    .execute();

  const received = await db
    .selectFrom("dossiers")
    .select([
      "deciding_agency_id as agencyId",
      sql<number>`count(*)::int`.as("dossiersReceived"),
      sql<number>`count(*) filter (where channel = 'online')::int`.as("onlineDossiersReceived"),
    ])
    .where("received_at", ">=", from)
    .where("received_at", "<", to)
    .where(inScope("deciding_agency_id"))
    .groupBy("deciding_agency_id")
    .execute();

  const lateOnline = await db
    .selectFrom("dossiers")
    .select(["deciding_agency_id as agencyId", sql<number>`count(*)::int`.as("late")])
    .where("timeliness_end_at", ">=", from)
    .where("timeliness_end_at", "<", to)
    .where("timeliness_verdict", "=", "late")
    .where("channel", "=", "online")
    .where(inScope("deciding_agency_id"))
    .groupBy("deciding_agency_id")
    .execute();

  // Index 8 (R-EVAL-2): feedback routed to the agency, judged at the period's end (or now while it runs).
  const feedback = await feedbackHandlingByAgency(db, {
    agencyIds: query.agencyIds,
    from,
    to,
    now: query.now ?? to,
  });

  const agencyIds = new Set<string>([
    ...ratings.map((row) => row.agency_id),
    ...feedback.keys(),
    ...processed.map((row) => row.agencyId),
    ...received.map((row) => row.agencyId),
  ]);
  if (agencyIds.size === 0) return [];
  const ids = [...agencyIds];
  const agencies = await db
    .selectFrom("agencies")
    .select(["id", "code", "name", "level"])
    .where("id", "in", ids)
    .orderBy("code")
    .execute();
  const offerings = await db
    .selectFrom("procedure_offerings")
    .select([
      "agency_id as agencyId",
      sql<number>`count(*)::int`.as("offerings"),
      sql<number>`count(*) filter (where online_level in ('full', 'partial'))::int`.as("onlineOfferings"),
    ])
    .where("enabled", "=", true)
    .where("agency_id", "in", ids)
    .groupBy("agency_id")
    .execute();

  const rows: AgencyEvaluationRow[] = [];
  for (const agency of agencies) {
    const p = processed.find((row) => row.agencyId === agency.id);
    const r = received.find((row) => row.agencyId === agency.id);
    const o = offerings.find((row) => row.agencyId === agency.id);
    const facts: AgencyEvaluationFacts = {
      tier: TIER_OF_LEVEL[agency.level] ?? "district",
      proceduresProcessed: p?.proceduresProcessed ?? 0,
      proceduresDecidedAtCounter: p?.proceduresDecidedAtCounter ?? 0,
      resultsReturned: p?.resultsReturned ?? 0,
      resultsReturnedAtCounter: p?.resultsReturnedAtCounter ?? 0,
      offerings: o?.offerings ?? 0,
      onlineOfferings: o?.onlineOfferings ?? 0,
      dossiersReceived: r?.dossiersReceived ?? 0,
      onlineDossiersReceived: r?.onlineDossiersReceived ?? 0,
      lateOnlineDossiers: lateOnline.find((row) => row.agencyId === agency.id)?.late ?? 0,
      feedbackReceived: feedback.get(agency.id)?.received ?? 0,
      feedbackHandledOnTime: feedback.get(agency.id)?.handledOnTime ?? 0,
      feedbackProlonged: feedback.get(agency.id)?.prolonged ?? 0,
    };
    const agencyRatings: DossierRating[] = ratings
      .filter((row) => row.agency_id === agency.id)
      .map((row) => ({
        points: row.points as DossierRating["points"],
        ...(row.satisfaction === null ? {} : { satisfaction: row.satisfaction }),
      }));
    const evaluation = evaluateAgency(agencyRatings, agencyIndices(facts), await bandsFor(db, agency.id));
    rows.push({ agency: { id: agency.id, code: agency.code, name: agency.name }, evaluation, facts });
  }
  return rows;
}

/**
 * Index 5 needs dossiers processed or returned in the period; index 9 offerings and dossiers received. Without its
 * data an index is null ("no data yet"), never 0. Index 8 is always scored since feedback exists (issue #17):
 * R-EVAL-2 gives 2 points when there was none.
 */
export function agencyIndices(facts: AgencyEvaluationFacts): AgencyIndexPoints {
  const counter =
    facts.proceduresProcessed === 0 && facts.resultsReturned === 0
      ? null
      : scoreCounterHandling({
          tier: facts.tier,
          decidedAtCounterShare:
            facts.proceduresProcessed === 0
              ? 0
              : share(facts.proceduresDecidedAtCounter, facts.proceduresProcessed),
          receivedAndReturnedAtCounterShare:
            facts.resultsReturned === 0 ? 0 : share(facts.resultsReturnedAtCounter, facts.resultsReturned),
        });
  const online =
    facts.offerings === 0 || facts.dossiersReceived === 0
      ? null
      : scoreOnlineServices({
          onlineProcedureShare: share(facts.onlineOfferings, facts.offerings),
          onlineDossierShare: share(facts.onlineDossiersReceived, facts.dossiersReceived),
          lateOnlineDossiers: facts.lateOnlineDossiers,
        });
  const feedback = scoreFeedbackHandling({
    received: facts.feedbackReceived,
    handledOnTime: facts.feedbackHandledOnTime,
    prolonged: facts.feedbackProlonged,
  });
  return { 5: counter, 8: feedback, 9: online };
}
