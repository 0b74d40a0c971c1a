import { type Outcome, refusal } from "../refusal.ts";

/**
 * Report periods of the support reports (R-OPS-4: quarterly reports by agencies, a half-yearly system report):
 * "2026-Q1"…"2026-Q4" and "2026-H1", "2026-H2", as civil dates in the province, the end exclusive.
 */
export interface ReportPeriod {
  code: string;
  kind: "quarter" | "half";
  /** First day, YYYY-MM-DD. */
  from: string;
  /** The day after the last one, YYYY-MM-DD. */
  toExclusive: string;
}

export const REPORT_PERIOD_PATTERN = "^\\d{4}-(Q[1-4]|H[12])$";

const pad = (month: number) => String(month).padStart(2, "0");

export function parseReportPeriod(code: string): Outcome<{ period: ReportPeriod }> {
  const match = /^(\d{4})-(Q([1-4])|H([12]))$/.exec(code);
  if (!match || Number(match[1]) < 2000 || Number(match[1]) > 2200)
    return {
      ok: false,
      refusal: refusal(
        "REPORT_PERIOD_INVALID",
        {
          vi: "Kỳ báo cáo không hợp lệ: dùng dạng 2026-Q1…Q4 (quý) hoặc 2026-H1, H2 (6 tháng)",
          en: "Invalid report period: use 2026-Q1…Q4 (quarter) or 2026-H1, H2 (half-year)",
        },
        "R-OPS-4",
      ),
    };
  const year = Number(match[1]);
  const quarter = match[3] ? Number(match[3]) : null;
  const firstMonth = quarter !== null ? (quarter - 1) * 3 + 1 : match[4] === "1" ? 1 : 7;
  const months = quarter !== null ? 3 : 6;
  const endMonth = firstMonth + months;
  return {
    ok: true,
    period: {
      code,
      kind: quarter !== null ? "quarter" : "half",
      from: `${year}-${pad(firstMonth)}-01`,
      toExclusive: endMonth > 12 ? `${year + 1}-01-01` : `${year}-${pad(endMonth)}-01`,
    },
  };
}
