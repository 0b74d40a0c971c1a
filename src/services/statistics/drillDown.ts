import { type Kysely, sql } from "kysely";
import type { Database, Role } from "../../db/schema.ts";
import { type PublicStatus, STATUS_LABELS } from "../../domain/dossier/status.ts";
import { type Actor, hasRole } from "../accounts/actor.ts";
import { digitisationPopulation } from "../kpi/digitisedDossiers.ts";
import { CLOCK_RUNNING_STATUSES, endOfToday, IN_PROCESS_STATUSES } from "./liveCounts.ts";
import type { Period } from "./period.ts";
import type { StatisticsScope } from "./scope.ts";

/** Every figure of the dashboard, as the list of dossiers behind it (issue #8: each number drills down). */
export const LIVE_METRICS = [
  "waitingReception",
  "waitingReceptionOverdue",
  "inProcess",
  "dueToday",
  "overdue",
] as const;
export const PERIOD_METRICS = [
  "received",
  "receivedCounter",
  "receivedOnline",
  "receivedPostal",
  "digitized",
  "resolved",
  "early",
  "onTime",
  "late",
] as const;
export type DrillMetric = (typeof LIVE_METRICS)[number] | (typeof PERIOD_METRICS)[number];

export interface DrillDownQuery {
  metric: DrillMetric;
  period?: Pick<Period, "from" | "to"> | undefined;
  agencyId?: string | undefined;
  unitId?: string | undefined;
  officerId?: string | undefined;
  procedureId?: string | undefined;
  page: number;
  pageSize: number;
}

export interface DrillDownItem {
  id: string;
  code: string;
  procedure: { code: string; name: string };
  applicantName: string;
  agencyName: string;
  status: number;
  statusLabel: { vi: string; en: string };
  channel: string;
  receivedAt: string | null;
  dueAt: string | null;
  endAt: string | null;
  verdict: string | null;
  /** The viewer may open it in the office (the office's own rule: an officer of one of its agencies). */
  viewable: boolean;
}

export interface DrillDownPage {
  metric: DrillMetric;
  total: number;
  page: number;
  pageSize: number;
  items: DrillDownItem[];
}

const OFFICE_ROLES: readonly Role[] = ["counter_officer", "specialist", "unit_head", "agency_leader"];

export function isLiveMetric(metric: DrillMetric): metric is (typeof LIVE_METRICS)[number] {
  return (LIVE_METRICS as readonly string[]).includes(metric);
}

export async function drillDown(
  db: Kysely<Database>,
  actor: Actor,
  scope: StatisticsScope,
  query: DrillDownQuery,
  now: Date,
): Promise<DrillDownPage> {
  const period = query.period;
  let base = db
    .selectFrom("dossiers as d")
    .$if(scope.agencyIds !== null, (q) => q.where("d.deciding_agency_id", "in", scope.agencyIds ?? []))
    .$if(query.agencyId !== undefined, (q) => q.where("d.deciding_agency_id", "=", query.agencyId ?? ""))
    .$if(query.unitId !== undefined, (q) => q.where("d.current_unit_id", "=", query.unitId ?? ""))
    .$if(query.officerId !== undefined, (q) => q.where("d.current_assignee_id", "=", query.officerId ?? ""))
    .$if(query.procedureId !== undefined, (q) => q.where("d.procedure_id", "=", query.procedureId ?? ""));
  const from = period?.from ?? now;
  const to = period?.to ?? now;
  switch (query.metric) {
    case "waitingReception":
      base = base.where("d.status", "=", 1);
      break;
    case "waitingReceptionOverdue":
      base = base.where("d.status", "=", 1).where("d.reception_due_at", "<", now);
      break;
    case "inProcess":
      base = base.where("d.status", "in", [...IN_PROCESS_STATUSES]);
      break;
    case "dueToday":
      base = base
        .where("d.status", "in", [...CLOCK_RUNNING_STATUSES])
        .where("d.due_at", ">=", now)
        .where("d.due_at", "<", endOfToday(now));
      break;
    case "overdue":
      // R-LATE-3 clarified: as the live count, against the appointment before any extension.
      base = base
        .where("d.status", "in", [...CLOCK_RUNNING_STATUSES])
        .where(sql<Date>`coalesce(d.original_due_at, d.due_at)`, "<", now);
      break;
    case "received":
    case "receivedCounter":
    case "receivedOnline":
    case "receivedPostal":
    case "digitized":
      base = base.where("d.received_at", ">=", from).where("d.received_at", "<", to);
      if (query.metric === "receivedCounter") base = base.where("d.channel", "=", "counter");
      if (query.metric === "receivedOnline") base = base.where("d.channel", "=", "online");
      if (query.metric === "receivedPostal") base = base.where("d.channel", "=", "postal");
      if (query.metric === "digitized") {
        // The dossiers the dashboard's digitised figure counts, by the one computation the 766 index uses too
        // (R-RECV-7, R-DIG-1/2; issue #16, issue #19); the other filters above narrow it further.
        const digitised = (
          await digitisationPopulation(db, { agencyIds: scope.agencyIds, period: { from, to } })
        )
          .filter((dossier) => dossier.meets)
          .map((dossier) => dossier.id);
        // One JSON parameter, however many dossiers a province digitised in the period.
        base = base.where(
          "d.id",
          "in",
          sql<string>`(select jsonb_array_elements_text(${JSON.stringify(digitised)}::jsonb)::uuid)`,
        );
      }
      break;
    case "resolved":
    case "early":
    case "onTime":
    case "late":
      base = base
        .where("d.timeliness_end_at", ">=", from)
        .where("d.timeliness_end_at", "<", to)
        .where(
          "d.timeliness_verdict",
          "in",
          query.metric === "resolved" ? ["early", "onTime", "late"] : [query.metric],
        );
      break;
  }
  const [{ total }, rows] = await Promise.all([
    base.select(sql<number>`count(*)::int`.as("total")).executeTakeFirstOrThrow(),
    base
      .innerJoin("procedures as p", "p.id", "d.procedure_id")
      .innerJoin("agencies as a", "a.id", "d.deciding_agency_id")
      .select([
        "d.id",
        "d.code",
        "d.agency_id",
        "d.deciding_agency_id",
        "p.code as procedureCode",
        "p.name as procedureName",
        "d.applicant_name",
        "a.name as agencyName",
        "d.status",
        "d.channel",
        "d.received_at",
        "d.due_at",
        "d.timeliness_end_at",
        "d.timeliness_verdict",
      ])
      .orderBy(isLiveMetric(query.metric) ? "d.due_at" : "d.received_at", "asc")
      .orderBy("d.id")
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
  ]);
  return {
    metric: query.metric,
    total,
    page: query.page,
    pageSize: query.pageSize,
    items: rows.map((row) => ({
      id: row.id,
      code: row.code,
      procedure: { code: row.procedureCode, name: row.procedureName },
      applicantName: row.applicant_name,
      agencyName: row.agencyName,
      status: row.status,
      statusLabel: STATUS_LABELS[row.status as PublicStatus],
      channel: row.channel,
      receivedAt: row.received_at?.toISOString() ?? null,
      dueAt: row.due_at?.toISOString() ?? null,
      endAt: row.timeliness_end_at?.toISOString() ?? null,
      verdict: row.timeliness_verdict,
      viewable:
        hasRole(actor, OFFICE_ROLES, { agencyId: row.agency_id }) ||
        hasRole(actor, OFFICE_ROLES, { agencyId: row.deciding_agency_id }),
    })),
  };
}
