import { ConfigError } from "../../config.ts";

/** The population database's settings (issue #14; README, configuration). Part of Config. */
export interface PopulationSettings {
  /** The database's API; unset = `onestop serve` starts the simulator on loopback and uses it. */
  populationDbUrl: string | undefined;
  /** The bearer token the database issued to OneStop. */
  populationDbToken: string | undefined;
  /** How long a query may take before the form goes on without it (degraded mode). */
  populationDbTimeoutMs: number;
}

type Env = Record<string, string | undefined>;

export function readPopulationSettings(env: Env): PopulationSettings {
  const raw = env.POPULATION_DB_URL || undefined;
  let url: URL | undefined;
  if (raw) {
    try {
      url = new URL(raw);
    } catch {
      throw new ConfigError("POPULATION_DB_URL", `không phải là địa chỉ hợp lệ ("${raw}")`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new ConfigError("POPULATION_DB_URL", "phải bắt đầu bằng http:// hoặc https://");
    // Personal data: plain http only to this machine (a simulator or a local gateway).
    if (url.protocol === "http:" && !["127.0.0.1", "localhost", "[::1]"].includes(url.hostname))
      throw new ConfigError("POPULATION_DB_URL", "phải dùng https:// khi không phải địa chỉ trên máy này");
    if (!env.POPULATION_DB_TOKEN)
      throw new ConfigError("POPULATION_DB_TOKEN", "là bắt buộc khi đặt POPULATION_DB_URL");
  }
  const timeoutRaw = env.POPULATION_DB_TIMEOUT_MS;
  let timeout = 3000;
  if (timeoutRaw !== undefined && timeoutRaw !== "") {
    timeout = Number(timeoutRaw);
    if (!Number.isInteger(timeout) || timeout < 100 || timeout > 60_000)
      throw new ConfigError(
        "POPULATION_DB_TIMEOUT_MS",
        `phải là số nguyên từ 100 đến 60000 (đang là "${timeoutRaw}")`,
      );
  }
  return {
    populationDbUrl: url ? raw : undefined,
    populationDbToken: env.POPULATION_DB_TOKEN || undefined,
    populationDbTimeoutMs: timeout,
  };
}
