import type { ColumnType } from "kysely";

/** Kysely types of the statistics tables (migration 0010_statistics). */

type Json<T> = ColumnType<T, string, string>;

/** One late agency on a published list: its name and the figures of the month (R-LATE-4). */
export interface LateAgencyEntry {
  agencyId: string;
  agencyName: string;
  resolved: number;
  late: number;
}

/** One officer on a published list: the name is published as R-LATE-4 requires; nothing else about the person. */
export interface LateOfficerEntry {
  officerName: string;
  agencyName: string;
  lateSteps: number;
}

export interface LateListPublicationsTable {
  month: string;
  published_at: Date;
  agencies: Json<LateAgencyEntry[]>;
  officers: Json<LateOfficerEntry[]>;
  published_by: string;
}

/** The R-KPI-4 classification projected on each dossier (src/services/statistics/projectTimeliness.ts). */
export interface DossierTimelinessColumns {
  timeliness_pending: ColumnType<boolean, boolean | undefined, boolean>;
  timeliness_verdict: "early" | "onTime" | "late" | "notApplicable" | null;
  timeliness_end_at: Date | null;
  timeliness_working_hours: number | null;
}

export interface StatisticsTables {
  late_list_publications: LateListPublicationsTable;
}
