import { ConfigError } from "../../config.ts";

/** The public postal service (issue #18; README, configuration; docs/postal.md). Read at boot by `onestop serve`. */
export interface PostalSettings {
  /** POSTAL_URL: the postal service's order API; unset = `onestop serve` starts the simulator on loopback. */
  postalUrl: string | undefined;
  /** POSTAL_TOKEN: OneStop's bearer token at the postal service; required with POSTAL_URL. */
  postalToken: string | undefined;
  /** POSTAL_TIMEOUT_MS: how long a call to the postal service may take (default 10 s). */
  postalTimeoutMs: number;
  /** POSTAL_WEBHOOK_SECRET: HMAC secret of its state notices; unset with the simulator = random per process. */
  postalWebhookSecret: string | undefined;
}

type Env = Record<string, string | undefined>;

export function readPostalSettings(env: Env): PostalSettings {
  const raw = env.POSTAL_URL || undefined;
  if (raw !== undefined) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ConfigError("POSTAL_URL", "không phải là một URL hợp lệ");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new ConfigError("POSTAL_URL", "phải bắt đầu bằng http: hoặc https:");
  }
  const token = env.POSTAL_TOKEN || undefined;
  if (raw !== undefined && token === undefined)
    throw new ConfigError("POSTAL_TOKEN", "bắt buộc khi đặt POSTAL_URL");
  const secret = env.POSTAL_WEBHOOK_SECRET || undefined;
  if (secret !== undefined && secret.length < 16)
    throw new ConfigError("POSTAL_WEBHOOK_SECRET", "phải dài ít nhất 16 ký tự");
  if (raw !== undefined && secret === undefined)
    throw new ConfigError("POSTAL_WEBHOOK_SECRET", "bắt buộc khi đặt POSTAL_URL");
  const timeout = env.POSTAL_TIMEOUT_MS || "10000";
  if (!/^\d+$/.test(timeout) || Number(timeout) < 100 || Number(timeout) > 120_000)
    throw new ConfigError(
      "POSTAL_TIMEOUT_MS",
      `phải là số nguyên trong khoảng 100–120000 (đang là "${timeout}")`,
    );
  return {
    postalUrl: raw,
    postalToken: token,
    postalTimeoutMs: Number(timeout),
    postalWebhookSecret: secret,
  };
}
