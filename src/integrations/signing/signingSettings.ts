import { ConfigError } from "../../config.ts";

/** The officers' signing service (issue #16; README, configuration). Read at boot by `onestop serve`. */
export interface SigningSettings {
  /** SIGNING_SERVICE_URL: the CA's remote-signing API; unset = `onestop serve` starts the simulator and uses it. */
  signingServiceUrl: string | undefined;
  /** SIGNING_SERVICE_TOKEN: OneStop's bearer token at the service; required with SIGNING_SERVICE_URL. */
  signingServiceToken: string | undefined;
  /** SIGNING_TIMEOUT_MS: how long the officer has to confirm on the CA's app (default 60 s). */
  signingTimeoutMs: number;
}

type Env = Record<string, string | undefined>;

export function readSigningSettings(env: Env): SigningSettings {
  const raw = env.SIGNING_SERVICE_URL || undefined;
  if (raw !== undefined) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ConfigError("SIGNING_SERVICE_URL", "không phải là một URL hợp lệ");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new ConfigError("SIGNING_SERVICE_URL", "phải bắt đầu bằng http: hoặc https:");
  }
  const token = env.SIGNING_SERVICE_TOKEN || undefined;
  if (raw !== undefined && token === undefined)
    throw new ConfigError("SIGNING_SERVICE_TOKEN", "bắt buộc khi đặt SIGNING_SERVICE_URL");
  const timeout = env.SIGNING_TIMEOUT_MS || "60000";
  if (!/^\d+$/.test(timeout) || Number(timeout) < 1000 || Number(timeout) > 600_000)
    throw new ConfigError(
      "SIGNING_TIMEOUT_MS",
      `phải là số nguyên trong khoảng 1000–600000 (đang là "${timeout}")`,
    );
  return { signingServiceUrl: raw, signingServiceToken: token, signingTimeoutMs: Number(timeout) };
}
