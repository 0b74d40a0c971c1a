import { ConfigError } from "../../config.ts";

/** The national portal's inbound settings (issue #13): catalog pull and attachment fetch. Part of Config. */
export interface DvcqgInboundSettings {
  /**
   * DVCQG_CATALOG_URL: the national procedure database's list of procedures (R-SYNC-6); unset = the DVCQG simulator's
   * `/catalog/procedures` when `onestop serve` runs it (DVCQG_SYNC_URL unset), else no scheduled pull.
   */
  dvcqgCatalogUrl: string | undefined;
  /** DVCQG_CATALOG_TOKEN: bearer token of the catalog API; default DVCQG_SYNC_TOKEN (one DVCQG connection). */
  dvcqgCatalogToken: string | undefined;
  /** DVCQG_CATALOG_PULL_HOURS: a pull when the last successful one is older than this. */
  dvcqgCatalogPullHours: number;
  /** DVCQG_FILE_TIMEOUT_MS: a file download without an answer in this time is retried. */
  dvcqgFileTimeoutMs: number;
  /** DVCQG_FILE_MAX_ATTEMPTS: failed downloads after which a file is marked lỗi. */
  dvcqgFileMaxAttempts: number;
  /** DVCQG_FILE_BACKOFF_S: wait after a first failed download, doubled after each further one (at most 6 hours). */
  dvcqgFileBackoffSeconds: number;
  /**
   * DVCQG_FILE_HOSTS: the hosts (`host` or `host:port`, comma-separated) that a received dossier's file addresses may
   * name; unset = any https host, and plain http only on a loopback address (the simulator). The addresses come
   * from an authenticated message, but a file server of the province's own network must never be reachable
   * through one (server-side request forgery).
   */
  dvcqgFileHosts: string[];
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

export function readDvcqgInboundSettings(env: Env): DvcqgInboundSettings {
  const raw = env.DVCQG_CATALOG_URL;
  let catalogUrl: string | undefined;
  if (raw !== undefined && raw !== "") {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ConfigError("DVCQG_CATALOG_URL", "không phải là một URL hợp lệ");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new ConfigError("DVCQG_CATALOG_URL", "phải bắt đầu bằng http: hoặc https:");
    catalogUrl = raw;
  }
  return {
    dvcqgCatalogUrl: catalogUrl,
    dvcqgCatalogToken: env.DVCQG_CATALOG_TOKEN || env.DVCQG_SYNC_TOKEN || undefined,
    dvcqgCatalogPullHours: integer(env, "DVCQG_CATALOG_PULL_HOURS", 24, 1, 720),
    dvcqgFileTimeoutMs: integer(env, "DVCQG_FILE_TIMEOUT_MS", 30_000, 100, 600_000),
    dvcqgFileMaxAttempts: integer(env, "DVCQG_FILE_MAX_ATTEMPTS", 8, 1, 100),
    dvcqgFileBackoffSeconds: integer(env, "DVCQG_FILE_BACKOFF_S", 30, 1, 86_400),
    dvcqgFileHosts: (env.DVCQG_FILE_HOSTS ?? "")
      .split(",")
      .map((host) => host.trim().toLowerCase())
      .filter((host) => host !== ""),
  };
}
