import { ConfigError } from "../../config.ts";

/**
 * The province's public-administration channel on a social-messaging platform (issue #18, Zalo Official Account
 * style; R-LOOK-1, R-LOOK-3). Read at boot by `onestop serve` (README, configuration; docs/messaging-channel.md).
 */
export interface ZaloOaSettings {
  /** ZALO_OA_URL: the OA API's base address; unset = `onestop serve` starts the simulator on loopback. */
  zaloOaUrl: string | undefined;
  /** ZALO_OA_TOKEN: the OA access token sent in the `access_token` header; required with ZALO_OA_URL. */
  zaloOaToken: string | undefined;
  /** ZALO_OA_TIMEOUT_MS: how long one call to the OA API may take (default 10 s). */
  zaloOaTimeoutMs: number;
  /** ZALO_OA_APP_ID: the app id the platform puts in every webhook event and in its signature. */
  zaloOaAppId: string;
  /** ZALO_OA_WEBHOOK_SECRET: the OA secret key of the webhook signature; unset = the webhook answers 503. */
  zaloOaWebhookSecret: string | undefined;
  /** ZALO_OA_WEBHOOK_WINDOW_SECONDS: how far an event's timestamp may be from now (replay protection). */
  zaloOaWebhookWindowSeconds: number;
  /** ZALO_OA_MEDIA_HOSTS: the hosts (or parent domains) photos are fetched from; nothing else is fetched. */
  zaloOaMediaHosts: string[];
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name] || String(fallback);
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new ConfigError(name, `phải là số nguyên trong khoảng ${min}–${max} (đang là "${raw}")`);
  return Number(raw);
}

export function readZaloOaSettings(env: Env): ZaloOaSettings {
  const url = env.ZALO_OA_URL || undefined;
  if (url !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError("ZALO_OA_URL", "không phải là một URL hợp lệ");
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
      throw new ConfigError("ZALO_OA_URL", "phải bắt đầu bằng http: hoặc https:");
  }
  const token = env.ZALO_OA_TOKEN || undefined;
  if (url !== undefined && token === undefined)
    throw new ConfigError("ZALO_OA_TOKEN", "bắt buộc khi đặt ZALO_OA_URL");
  const secret = env.ZALO_OA_WEBHOOK_SECRET || undefined;
  if (secret !== undefined && secret.length < 16)
    throw new ConfigError("ZALO_OA_WEBHOOK_SECRET", "phải dài ít nhất 16 ký tự");
  const appId = env.ZALO_OA_APP_ID || "onestop-oa";
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(appId))
    throw new ConfigError(
      "ZALO_OA_APP_ID",
      `phải là 1–64 chữ cái, chữ số, dấu chấm, gạch (đang là "${appId}")`,
    );
  const hosts = (env.ZALO_OA_MEDIA_HOSTS || "zdn.vn,zalo.me")
    .split(",")
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
  for (const host of hosts)
    if (!/^[a-z0-9.-]+(:\d+)?$/.test(host))
      throw new ConfigError(
        "ZALO_OA_MEDIA_HOSTS",
        `phải là danh sách tên máy, cách nhau bởi dấu phẩy (sai: "${host}")`,
      );
  return {
    zaloOaUrl: url,
    zaloOaToken: token,
    zaloOaTimeoutMs: integer(env, "ZALO_OA_TIMEOUT_MS", 10_000, 100, 120_000),
    zaloOaAppId: appId,
    zaloOaWebhookSecret: secret,
    zaloOaWebhookWindowSeconds: integer(env, "ZALO_OA_WEBHOOK_WINDOW_SECONDS", 300, 10, 3600),
    zaloOaMediaHosts: hosts,
  };
}
