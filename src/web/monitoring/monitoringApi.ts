/** The monitoring part of the HTTP API (see /docs/json, tag "monitoring"). */

export interface LiveFigures {
  waitingReception: number;
  waitingReceptionOverdue: number;
  inProcess: number;
  dueToday: number;
  overdue: number;
}

export interface LiveGroup extends LiveFigures {
  id: string | null;
  name: string | null;
  agencyName?: string | null;
}

export interface LiveCounts {
  asOf: string;
  totals: LiveFigures;
  byAgency: LiveGroup[];
  byUnit: LiveGroup[];
  byOfficer: LiveGroup[];
}

export interface AgencyPeriodFigures {
  agencyId: string;
  name: string | null;
  received: number;
  online: number;
  resolved: number;
  early: number;
  onTime: number;
  late: number;
  onTimeRate: number | null;
}

/** Amounts collected by an agency in a month (YYYY-MM), online vs at the counter, in đồng. */
export interface MonthlyCollection {
  agencyId: string;
  name: string | null;
  month: string;
  online: number;
  counter: number;
}

export interface PaymentFigures {
  paidOnlineDossiers: number;
  dossiersWithObligation: number;
  collections: MonthlyCollection[];
  unreconciledDifferences: number;
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
  channels: { counter: number; online: number; postal: number };
  digitized: number;
  digitizedShare: number | null;
  onlinePaymentShare: number | null;
  payments: PaymentFigures;
  byAgency: AgencyPeriodFigures[];
  averageByProcedure: {
    procedureId: string;
    code: string;
    name: string;
    resolved: number;
    averageWorkingHours: number;
  }[];
}

export type PeriodKind = "day" | "week" | "month" | "quarter" | "year" | "custom";

export interface PeriodSelection {
  kind: PeriodKind;
  date?: string;
  from?: string;
  to?: string;
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
  viewable: boolean;
}

export interface DrillDownPage {
  metric: string;
  total: number;
  page: number;
  pageSize: number;
  items: DrillDownItem[];
}

export interface OfficerWorkload {
  officerId: string;
  name: string;
  agencyName: string;
  done: number;
  doneLate: number;
  open: number;
  openOverdue: number;
}

/** The query string of a period (and any other filters), without empty values. */
export function queryString(values: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  return params.toString();
}

/** Where a figure drills down to: the dossier list with the figure's filters. */
export function drillLink(
  metric: string,
  period: PeriodSelection | undefined,
  filters: {
    agencyId?: string | null;
    unitId?: string | null;
    officerId?: string | null;
    procedureId?: string;
  } = {},
): string {
  return `/giam-sat/ho-so?${queryString({ metric, ...(period ?? {}), ...filters })}`;
}
