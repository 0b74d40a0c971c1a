import type { ColumnType } from "kysely";

/** Kysely types of the statistics tables (migrations 0010_statistics and 0043_month_report_figures). */

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

/** The monthly report's figures of a closed month per deciding agency (migration 0043, issue #21). */
export interface MonthReportAgenciesTable {
  month: string;
  agency_id: string;
  received_counter: number;
  received_online: number;
  received_postal: number;
  resolved: number;
  early: number;
  on_time: number;
  late: number;
  digitised: number;
}

/** Per deciding agency and procedure: resolved dossiers with working hours and their sum (numeric, as text). */
export interface MonthReportProceduresTable {
  month: string;
  agency_id: string;
  procedure_id: string;
  resolved: number;
  working_hours: ColumnType<string, string | number, string | number>;
}

export interface StatisticsTables {
  late_list_publications: LateListPublicationsTable;
  month_report_agencies: MonthReportAgenciesTable;
  month_report_procedures: MonthReportProceduresTable;
}
