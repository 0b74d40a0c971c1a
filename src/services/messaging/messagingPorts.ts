import { randomBytes } from "node:crypto";
import { type ZaloOaPort, zaloOa } from "../../integrations/messaging/zaloOa.ts";
import type { ZaloOaSettings } from "../../integrations/messaging/zaloOaSettings.ts";
import { startZaloOaSimulator, type ZaloOaSimulator } from "../../integrations/messaging/zaloOaSimulator.ts";

/** The messaging channel of a process (issue #18): its port, the webhook's checks, and the simulator if one runs. */
export interface MessagingPorts {
  port: ZaloOaPort;
  /** The app id and OA secret the webhook checks signatures with; no secret = the webhook answers 503. */
  webhook: { appId: string; secret: string | undefined; windowSeconds: number };
  simulator?: ZaloOaSimulator;
  close(): Promise<void>;
}

/**
 * The configured official account, or — when ZALO_OA_URL is unset — the simulator on loopback. With the simulator and
 * no ZALO_OA_WEBHOOK_SECRET, a random secret for this process is shared by the simulator and the webhook, so that
 * followers' messages can be tried out in development without configuring anything.
 */
export async function openMessagingPorts(settings: ZaloOaSettings): Promise<MessagingPorts> {
  const simulator = settings.zaloOaUrl ? undefined : await startZaloOaSimulator();
  const port = zaloOa({
    url: settings.zaloOaUrl ?? simulator!.url,
    token: settings.zaloOaToken ?? simulator!.token,
    timeoutMs: settings.zaloOaTimeoutMs,
    mediaHosts: simulator
      ? [...settings.zaloOaMediaHosts, new URL(simulator.url).host]
      : settings.zaloOaMediaHosts,
  });
  const secret = settings.zaloOaWebhookSecret ?? (simulator ? randomBytes(24).toString("hex") : undefined);
  return {
    port,
    webhook: { appId: settings.zaloOaAppId, secret, windowSeconds: settings.zaloOaWebhookWindowSeconds },
    ...(simulator ? { simulator } : {}),
    close: async () => {
      await simulator?.close();
    },
  };
}
