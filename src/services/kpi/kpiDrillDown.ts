import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { NotFoundError } from "../errors.ts";
import { type SyncedDossier, syncedDossiers } from "../sync/syncIndicator.ts";
import { closedMonthOf, snapshotLost } from "./kpiMonthSnapshot.ts";
import { type KpiDossier, type KpiQuery, kpiPopulations } from "./kpiPopulations.ts";
import { KPI_REASONS, PROCEDURE_PART_NAMES } from "./kpiReasons.ts";
import { procedureCompleteness } from "./procedureCompleteness.ts";

/** Indicators whose lost points can be traced to dossiers or procedures. */
export const DRILLABLE_INDICATORS = ["1.3", "1.4", "2.1", "3", "4.1", "4.2", "4.3"] as const;
export type DrillableIndicator = (typeof DRILLABLE_INDICATORS)[number];

export interface KpiLostItem {
  kind: "dossier" | "procedure";
  /** The dossier's id (office link) or the procedure's. */
  id: string;
  /** The dossier code or the procedure code. */
  code: string;
  procedure: { code: string; name: string };
  agencyName: string | null;
  reason: { code: string; vi: string; en: string };
  /** 2.1: working hours past the limit at the end of processing (positive = late by). */
  lateByWorkingHours?: number;
  /** 1.3: the parts the procedure lacks. */
  missing?: { vi: string; en: string }[];
}

export interface KpiDrillDownResult {
  indicator: DrillableIndicator;
  total: number;
  items: KpiLostItem[];
}

const MAX_ITEMS = 500;

/**
 * Beyond the national portal: for one indicator, the dossiers (or, for 1.3, the procedures) that did not meet its
 * formula in the period, each with why. The same populations as the index, so the list adds up to the lost points.
 */
export async function kpiDrillDown(
  db: Kysely<Database>,
  query: KpiQuery & { indicator: string },
): Promise<KpiDrillDownResult> {
  const indicator = DRILLABLE_INDICATORS.find((code) => code === query.indicator);
  if (indicator === undefined)
    throw new NotFoundError({
      vi: "Chỉ tiêu này không có danh sách hồ sơ chi tiết",
      en: "This indicator has no list of dossiers",
    });
  if (indicator === "1.3") {
    const procedures = (await procedureCompleteness(db, query.agencyIds)).filter((p) => p.missing.length > 0);
    return {
      indicator,
      total: procedures.length,
      items: procedures.slice(0, MAX_ITEMS).map((procedure) => ({
        kind: "procedure",
        id: procedure.id,
        code: procedure.code,
        procedure: { code: procedure.code, name: procedure.name },
        agencyName: null,
        reason: {
          code: "INCOMPLETE_PROCEDURE",
          ...(KPI_REASONS.INCOMPLETE_PROCEDURE as { vi: string; en: string }),
        },
        missing: procedure.missing.map((part) => PROCEDURE_PART_NAMES[part]),
      })),
    };
  }
  // A closed month whose snapshot was taken lists the dossiers behind its frozen figures (issue #21,
  // kpiMonthSnapshot.ts); any other period is computed live.
  const month = closedMonthOf(query.period, query.now);
  const frozen = month === undefined ? undefined : await snapshotLost(db, month, indicator, query.agencyIds);
  const lost = frozen ?? (await liveLost(db, query, indicator));
  const shown = lost.slice(0, MAX_ITEMS);
  const rows =
    shown.length === 0
      ? []
      : await db
          .selectFrom("dossiers as d")
          .innerJoin("procedures as p", "p.id", "d.procedure_id")
          .innerJoin("agencies as a", "a.id", "d.deciding_agency_id")
          .select([
            "d.id",
            "d.code",
            "p.code as procedureCode",
            "p.name as procedureName",
            "a.name as agencyName",
          ])
          .where(
            "d.id",
            "in",
            shown.map((dossier) => dossier.id),
          )
          .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const items = shown.flatMap((dossier): KpiLostItem[] => {
    const row = byId.get(dossier.id);
    if (row === undefined) return [];
    const syncReason =
      typeof dossier.reason === "object" && dossier.reason !== null
        ? (dossier.reason as { code: string; vi: string; en: string })
        : undefined;
    const reasonCode = (typeof dossier.reason === "string" ? dossier.reason : undefined) ?? "ENDED_LATE";
    const spare =
      "lateBy" in dossier && typeof dossier.lateBy === "number"
        ? -dossier.lateBy
        : "timeliness" in dossier
          ? dossier.timeliness?.spareWorkingHours
          : undefined;
    return [
      {
        kind: "dossier",
        id: row.id,
        code: row.code,
        procedure: { code: row.procedureCode, name: row.procedureName },
        agencyName: row.agencyName,
        reason: syncReason ?? {
          code: reasonCode,
          ...(KPI_REASONS[reasonCode] as { vi: string; en: string }),
        },
        // `+ 0`: never -0 (the snapshot's stored value does not keep the sign of a zero)
        ...(spare === undefined ? {} : { lateByWorkingHours: Math.round(-spare * 100) / 100 + 0 }),
      },
    ];
  });
  items.sort((a, b) => a.code.localeCompare(b.code));
  return { indicator, total: lost.length, items };
}

/** The dossiers of one indicator that did not meet its formula, computed live. */
async function liveLost(
  db: Kysely<Database>,
  query: KpiQuery,
  indicator: Exclude<DrillableIndicator, "1.3">,
): Promise<(KpiDossier | SyncedDossier)[]> {
  // 1.4 (issue #13): the dossiers DVCQG does not hold, with the sync's own reason (its error when it failed).
  if (indicator === "1.4") return (await syncedDossiers(db, query)).filter((dossier) => !dossier.meets);
  const populations = await kpiPopulations(db, query);
  return (populations[indicator] as KpiDossier[]).filter((dossier) => !dossier.meets);
}
