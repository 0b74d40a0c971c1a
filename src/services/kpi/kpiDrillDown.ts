import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { NotFoundError } from "../errors.ts";
import { syncedDossiers } from "../sync/syncIndicator.ts";
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
  // 1.4 (issue #13): the dossiers DVCQG does not hold, with the sync's own reason (its error when it failed).
  const populations = indicator === "1.4" ? undefined : await kpiPopulations(db, query);
  const synced = indicator === "1.4" ? await syncedDossiers(db, query) : [];
  const lost = (
    populations
      ? (populations[indicator as Exclude<DrillableIndicator, "1.3" | "1.4">] as KpiDossier[])
      : synced
  ).filter((dossier) => !dossier.meets);
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
    const syncReason = typeof dossier.reason === "object" ? dossier.reason : undefined;
    const reasonCode = (typeof dossier.reason === "string" ? dossier.reason : undefined) ?? "ENDED_LATE";
    const spare = "timeliness" in dossier ? dossier.timeliness?.spareWorkingHours : undefined;
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
        ...(spare === undefined ? {} : { lateByWorkingHours: Math.round(-spare * 100) / 100 }),
      },
    ];
  });
  items.sort((a, b) => a.code.localeCompare(b.code));
  return { indicator, total: lost.length, items };
}
