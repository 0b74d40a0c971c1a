/**
 * Retention of archived electronic dossiers (R-ARC-1): "as for the equivalent paper dossier". The regulations file
 * gives no table (open question 7), so the defaults take the safest reading — keep longer rather than shorter — and
 * every procedure's period is configurable by an administrator:
 * - civil status (Hộ tịch) and land (Đất đai) records are kept permanently, like their paper registers;
 * - everything else 10 years from closing.
 * `null` years = permanent.
 */
export const DEFAULT_RETENTION_YEARS = 10;

const PERMANENT_FIELDS: readonly string[] = ["hộ tịch", "đất đai"];

export function defaultRetentionYears(fieldName: string): number | null {
  return PERMANENT_FIELDS.includes(fieldName.trim().toLocaleLowerCase("vi")) ? null : DEFAULT_RETENTION_YEARS;
}

/** The instant from which a package may be proposed for disposal; null when kept permanently. */
export function disposeAfter(closedAt: Date, years: number | null): Date | null {
  if (years === null) return null;
  const end = new Date(closedAt.getTime());
  end.setUTCFullYear(end.getUTCFullYear() + years);
  return end;
}

export interface DisposalCandidate {
  status: "packaged" | "handed_over" | "disposed";
  disposeAfter: Date | null;
  onHold: boolean;
}

/** Why a package may not be disposed of now (R-ARC-1, R-ARC-2): none when it may. */
export type DisposalRefusal = "ON_HOLD" | "PERMANENT" | "RETENTION_RUNNING" | "ALREADY_DISPOSED";

export function disposalRefusal(candidate: DisposalCandidate, now: Date): DisposalRefusal | undefined {
  if (candidate.status === "disposed") return "ALREADY_DISPOSED";
  // A legal hold wins over everything: even a package past its retention stays.
  if (candidate.onHold) return "ON_HOLD";
  if (candidate.disposeAfter === null) return "PERMANENT";
  if (candidate.disposeAfter.getTime() > now.getTime()) return "RETENTION_RUNNING";
  return undefined;
}
