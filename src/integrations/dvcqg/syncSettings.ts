import { ConfigError } from "../../config.ts";

/** The national-portal sync's settings (issue #13; README, configuration). Part of Config. */
export interface DvcqgSyncSettings {
  /** DVCQG_SYNC_URL: where packets are POSTed; unset = `onestop serve` starts the DVCQG simulator and uses it. */
  dvcqgSyncUrl: string | undefined;
  /** DVCQG_SYNC_TOKEN: the bearer token; required with DVCQG_SYNC_URL. */
  dvcqgSyncToken: string | undefined;
  /** DVCQG_SYNC_TIMEOUT_MS: no answer within this is a failure, retried. */
  dvcqgSyncTimeoutMs: number;
  /** DVCQG_SYNC_MAX_BACKOFF_S: retry delays grow exponentially up to this. */
  dvcqgSyncMaxBackoffSeconds: number;
  /** DVCQG_SYNC_MAX_REJECTIONS: refusals (4xx) after which a packet is a dead letter. */
  dvcqgSyncMaxRejections: number;
  /** DVCQG_SYNC_GIVE_UP_HOURS: transient failures are retried this long, then the packet is a dead letter. */
  dvcqgSyncGiveUpHours: number;
  /** DVCQG_SYNC_INTERVAL_MS: how often the worker looks for new events and due packets. */
  dvcqgSyncIntervalMs: number;
  /** DVCQG_STATISTICS_URL: DVCQG's statistics for the daily reconciliation; default `statistics` beside the sync URL. */
  dvcqgStatisticsUrl: string | undefined;
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `phải là số nguyên (đang là "${raw}")`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `phải nằm trong khoảng ${min}–${max} (đang là ${value})`);
  return value;
}

function httpUrl(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, "không phải là một URL hợp lệ");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new ConfigError(name, "phải bắt đầu bằng http: hoặc https:");
  return raw;
}

export function readDvcqgSyncSettings(env: Env): DvcqgSyncSettings {
  const url = httpUrl(env, "DVCQG_SYNC_URL");
  const token = env.DVCQG_SYNC_TOKEN || undefined;
  if (url && !token) throw new ConfigError("DVCQG_SYNC_TOKEN", "là bắt buộc khi đặt DVCQG_SYNC_URL");
  return {
    dvcqgSyncUrl: url,
    dvcqgSyncToken: token,
    dvcqgSyncTimeoutMs: integer(env, "DVCQG_SYNC_TIMEOUT_MS", 10_000, 100, 600_000),
    dvcqgSyncMaxBackoffSeconds: integer(env, "DVCQG_SYNC_MAX_BACKOFF_S", 60, 1, 86_400),
    dvcqgSyncMaxRejections: integer(env, "DVCQG_SYNC_MAX_REJECTIONS", 5, 1, 100),
    dvcqgSyncGiveUpHours: integer(env, "DVCQG_SYNC_GIVE_UP_HOURS", 72, 1, 8_760),
    dvcqgSyncIntervalMs: integer(env, "DVCQG_SYNC_INTERVAL_MS", 2_000, 100, 3_600_000),
    dvcqgStatisticsUrl: httpUrl(env, "DVCQG_STATISTICS_URL"),
  };
}
