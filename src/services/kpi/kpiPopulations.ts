import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Timeliness } from "../../domain/deadlines/timeliness.ts";
import type { Period } from "../statistics/period.ts";
import { digitisationPopulation } from "./digitisedDossiers.ts";
import { type ClassifiedDossier, classifyAtPeriodEnd } from "./periodTimeliness.ts";
import { agencyFilter } from "./scopeFilter.ts";

/**
 * The dossiers behind each dossier-based 766 indicator for one scope and period, with whether each one meets the
 * formula. The index counts them; the drill-down lists the ones that do not. Every query is bounded by the period
 * on an indexed time column (received_at, finished_at, timeliness_end_at).
 */
export interface KpiDossier {
  id: string;
  meets: boolean;
  /** Why it does not meet the formula (a reason code of kpiReasons.ts). */
  reason?: string;
  timeliness?: Timeliness;
}

export interface KpiPopulations {
  "2.1": KpiDossier[];
  "3": KpiDossier[];
  "4.1": KpiDossier[];
  "4.2": KpiDossier[];
  "4.3": KpiDossier[];
  /** 2.2: mean working hours of the dossiers resolved in the period, or undefined when none. */
  meanWorkingHours: number | undefined;
}

export interface KpiQuery {
  agencyIds: readonly string[] | null;
  period: Pick<Period, "from" | "to">;
  now: Date;
}

/**
 * 2.1 (R-KPI-4): the dossiers whose processing ended in the period, with the verdict projected by the statistics
 * (`classifyTimeliness` itself), plus the accepted dossiers still open at the period's end, classified at that end
 * (or now, for the running month). A dossier that finished before the period is not counted again.
 */
async function timelinessPopulation(
  db: Kysely<Database>,
  query: KpiQuery,
  explainLate: boolean,
): Promise<KpiDossier[]> {
  const { from, to } = query.period;
  const periodEnd = new Date(Math.min(to.getTime(), query.now.getTime()));
  const resolved = await db
    .selectFrom("dossiers")
    .select(["id", "timeliness_verdict"])
    .where("timeliness_end_at", ">=", from)
    .where("timeliness_end_at", "<", to)
    .where("timeliness_verdict", "in", ["early", "onTime", "late"])
    .where(agencyFilter("deciding_agency_id", query.agencyIds))
    .execute();
  const open = await db
    .selectFrom("dossiers")
    .select("id")
    .where("received_at", "<", periodEnd)
    .where((eb) => eb.or([eb("timeliness_end_at", "is", null), eb("timeliness_end_at", ">=", to)]))
    .where((eb) => eb.or([eb("finished_at", "is", null), eb("finished_at", ">=", from)]))
    .where(agencyFilter("deciding_agency_id", query.agencyIds))
    .execute();
  const late = resolved.filter((row) => row.timeliness_verdict === "late").map((row) => row.id);
  // Resolved late dossiers are classified again only to say why; the verdict stays the projected one.
  // Only a drill-down shows why; the score needs the verdict alone (reading each late dossier's state and events
  // again cost most of the index's time at 1M dossiers: bench/statistics.bench.ts).
  const explained = new Map(
    explainLate
      ? (await classifyAtPeriodEnd(db, late, periodEnd)).map((row) => [row.id, row.timeliness] as const)
      : [],
  );
  const population: KpiDossier[] = resolved.map((row) => {
    const timeliness = explained.get(row.id);
    return row.timeliness_verdict === "late"
      ? { id: row.id, meets: false, reason: reasonOf(timeliness), ...(timeliness ? { timeliness } : {}) }
      : { id: row.id, meets: true };
  });
  const stillOpen: ClassifiedDossier[] = await classifyAtPeriodEnd(
    db,
    open.map((row) => row.id),
    periodEnd,
  );
  for (const row of stillOpen) {
    if (row.firstTerminalAt !== undefined && row.firstTerminalAt < from) continue;
    const verdict = row.timeliness.verdict;
    if (verdict === "notApplicable") continue;
    population.push(
      verdict === "late"
        ? { id: row.id, meets: false, reason: reasonOf(row.timeliness), timeliness: row.timeliness }
        : { id: row.id, meets: true, timeliness: row.timeliness },
    );
  }
  return population;
}

function reasonOf(timeliness: Timeliness | undefined): string {
  if (timeliness?.reason === "MORE_THAN_ONE_SUPPLEMENT_REQUEST") return "MORE_THAN_ONE_SUPPLEMENT";
  if (timeliness?.endSource === "periodEnd") return "OPEN_PAST_DUE";
  if (timeliness?.endSource === "supplementRequest") return "SUPPLEMENT_PAST_DUE";
  return "ENDED_LATE";
}

/** `explainLate`: also say why each resolved late dossier lost points (the drill-down); the score does not need it. */
export async function kpiPopulations(
  db: Kysely<Database>,
  query: KpiQuery,
  { explainLate = true }: { explainLate?: boolean } = {},
): Promise<KpiPopulations> {
  const { from, to } = query.period;
  const empty = query.agencyIds !== null && query.agencyIds.length === 0;
  if (empty) return { "2.1": [], "3": [], "4.1": [], "4.2": [], "4.3": [], meanWorkingHours: undefined };
  const scope = (column: string) => agencyFilter(column, query.agencyIds);

  // Received in the period, with what 3 and 4.3 look at (4.2 is digitisationPopulation's).
  const received = await db
    .selectFrom("dossiers as d")
    .innerJoin("procedure_offerings as o", "o.id", "d.offering_id")
    .select(["d.id", "d.channel", "d.status", "o.online_level"])
    .select((eb) => [
      eb
        .selectFrom("dossier_files as f")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("f.dossier_id", "=", "d.id")
        .where("f.reused", "=", true)
        .as("reused"),
    ])
    .where("d.received_at", ">=", from)
    .where("d.received_at", "<", to)
    .where(scope("d.deciding_agency_id"))
    .execute();

  const fullOnline: KpiDossier[] = received
    .filter((row) => row.online_level === "full")
    .map((row) =>
      row.channel === "online"
        ? { id: row.id, meets: true }
        : { id: row.id, meets: false, reason: "NOT_ONLINE" },
    );

  // 4.2: the one computation of digitisation, which the dashboard's digitised share counts too (issue #19).
  const digitization = await digitisationPopulation(db, query);

  const reuse: KpiDossier[] = received.map((row) =>
    Number(row.reused ?? 0) > 0
      ? { id: row.id, meets: true }
      : { id: row.id, meets: false, reason: "NO_REUSE" },
  );

  // 4.1: dossiers whose result was issued in the period (status 9 or 10).
  const withResult = await db
    .selectFrom("dossiers as d")
    .select("d.id")
    .select((eb) =>
      eb
        .selectFrom("dossier_files as f")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("f.dossier_id", "=", "d.id")
        .where("f.purpose", "=", "result")
        .as("results"),
    )
    .where("d.finished_at", ">=", from)
    .where("d.finished_at", "<", to)
    .where("d.status", "in", [9, 10])
    .where(scope("d.deciding_agency_id"))
    .execute();
  const electronicResult: KpiDossier[] = withResult.map((row) =>
    Number(row.results ?? 0) > 0
      ? { id: row.id, meets: true }
      : { id: row.id, meets: false, reason: "NO_ELECTRONIC_RESULT" },
  );

  const mean = await db
    .selectFrom("dossiers")
    // numeric, so the month-end snapshot's sum / count over agencies gives the same mean exactly (issue #21)
    .select(sql<string | null>`avg(timeliness_working_hours::numeric)`.as("hours"))
    .where("timeliness_end_at", ">=", from)
    .where("timeliness_end_at", "<", to)
    .where("timeliness_working_hours", "is not", null)
    .where(scope("deciding_agency_id"))
    .executeTakeFirst();

  return {
    "2.1": await timelinessPopulation(db, query, explainLate),
    "3": fullOnline,
    "4.1": electronicResult,
    "4.2": digitization,
    "4.3": reuse,
    meanWorkingHours: mean?.hours === null || mean?.hours === undefined ? undefined : Number(mean.hours),
  };
}
