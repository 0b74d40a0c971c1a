import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { KpiQuery } from "../kpi/kpiPopulations.ts";
import { agencyFilter } from "../kpi/scopeFilter.ts";

/** One dossier of 766 indicator 1.4 and, when it does not count, why. */
export interface SyncedDossier {
  id: string;
  meets: boolean;
  reason?: { code: string; vi: string; en: string };
}

function reasonOf(state: string | null, error: string | null): SyncedDossier["reason"] {
  if (state === "failed")
    return {
      code: "SYNC_FAILED",
      vi: `Cổng DVCQG từ chối hoặc không nhận được gói tin${error ? `: ${error}` : ""}`,
      en: `The national portal refused or never received the packet${error ? `: ${error}` : ""}`,
    };
  if (state === "pending")
    return {
      code: "SYNC_PENDING",
      vi: `Đang chờ đồng bộ${error ? ` (lỗi lần gần nhất: ${error})` : ""}`,
      en: `Waiting to be synchronised${error ? ` (last error: ${error})` : ""}`,
    };
  return {
    code: "SYNC_NONE",
    vi: "Chưa được đưa vào hàng đợi đồng bộ",
    en: "Not queued for synchronisation yet",
  };
}

/**
 * 766 indicator 1.4 (R-KPI-3, R-SYNC-1): the dossiers received (NgayTiepNhan) in the period by the agencies in scope,
 * each counted when its sync state says DVCQG holds its latest state. The denominator is our own count of received
 * dossiers: the national report's count is not available to OneStop, and DVCQG's own count (the reconciliation)
 * cannot exceed ours unless dossiers were lost here.
 */
export async function syncedDossiers(db: Kysely<Database>, query: KpiQuery): Promise<SyncedDossier[]> {
  if (query.agencyIds !== null && query.agencyIds.length === 0) return [];
  const rows = await db
    .selectFrom("dossiers as d")
    .leftJoin("dvcqg_sync_states as s", "s.dossier_id", "d.id")
    .select(["d.id", "s.state", "s.last_error"])
    .where("d.received_at", ">=", query.period.from)
    .where("d.received_at", "<", query.period.to)
    .where(agencyFilter("d.deciding_agency_id", query.agencyIds))
    .execute();
  return rows.map((row) => {
    const meets = row.state === "synced" || row.state === "baseline";
    return meets ? { id: row.id, meets } : { id: row.id, meets, reason: reasonOf(row.state, row.last_error) };
  });
}
