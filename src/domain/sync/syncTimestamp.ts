/**
 * R-SYNC-3: every instant sent to DVCQG is `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh. The province's zone has been a fixed
 * UTC+07:00 for every date a dossier can have (as src/domain/codes/provinceDate.ts relies on), so a fixed offset is
 * exact and keeps the domain free of time-zone databases.
 */
const PROVINCE_OFFSET_MS = 7 * 60 * 60 * 1000;

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

export function syncTimestamp(at: Date): string {
  const local = new Date(at.getTime() + PROVINCE_OFFSET_MS);
  return (
    pad(local.getUTCFullYear(), 4) +
    pad(local.getUTCMonth() + 1) +
    pad(local.getUTCDate()) +
    pad(local.getUTCHours()) +
    pad(local.getUTCMinutes()) +
    pad(local.getUTCSeconds())
  );
}

export function optionalSyncTimestamp(at: Date | null | undefined): string | null {
  return at ? syncTimestamp(at) : null;
}

/** The instant a `yyyyMMddHHmmss` province time stands for (the inverse, for reconciliation and tests). */
export function parseSyncTimestamp(value: string): Date {
  const utc = Date.UTC(
    Number(value.slice(0, 4)),
    Number(value.slice(4, 6)) - 1,
    Number(value.slice(6, 8)),
    Number(value.slice(8, 10)),
    Number(value.slice(10, 12)),
    Number(value.slice(12, 14)),
  );
  return new Date(utc - PROVINCE_OFFSET_MS);
}
