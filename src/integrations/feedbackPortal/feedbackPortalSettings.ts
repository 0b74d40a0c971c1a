import { ConfigError } from "../../config.ts";

/** DVCQG_FEEDBACK_URL / _TOKEN / _TIMEOUT_MS (issue #17). URL unset: `onestop serve` may start the simulator. */
export interface FeedbackPortalSettings {
  dvcqgFeedbackUrl: string | undefined;
  dvcqgFeedbackToken: string | undefined;
  dvcqgFeedbackTimeoutMs: number;
}

export function readFeedbackPortalSettings(env: Record<string, string | undefined>): FeedbackPortalSettings {
  const url = env.DVCQG_FEEDBACK_URL || undefined;
  if (url && !/^https?:\/\//.test(url))
    throw new ConfigError("DVCQG_FEEDBACK_URL", "phải bắt đầu bằng http: hoặc https:");
  const token = env.DVCQG_FEEDBACK_TOKEN || undefined;
  if (url && !token) throw new ConfigError("DVCQG_FEEDBACK_TOKEN", "là bắt buộc khi đặt DVCQG_FEEDBACK_URL");
  const rawTimeout = env.DVCQG_FEEDBACK_TIMEOUT_MS;
  const timeout = rawTimeout ? Number(rawTimeout) : 10_000;
  if (!Number.isInteger(timeout) || timeout < 100 || timeout > 600_000)
    throw new ConfigError("DVCQG_FEEDBACK_TIMEOUT_MS", "phải là số nguyên trong khoảng 100–600000");
  return { dvcqgFeedbackUrl: url, dvcqgFeedbackToken: token, dvcqgFeedbackTimeoutMs: timeout };
}
