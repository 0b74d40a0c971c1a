import { randomBytes } from "node:crypto";
import { httpPostalService } from "../../integrations/postal/httpPostalService.ts";
import type { PostalService } from "../../integrations/postal/postalService.ts";
import type { PostalSettings } from "../../integrations/postal/postalSettings.ts";
import { type PostalSimulator, startPostalSimulator } from "../../integrations/postal/postalSimulator.ts";

/** The postal side of the app (issue #18): the port, the webhook secret, where webhooks go, the simulator when used. */
export interface PostalPorts {
  service: PostalService;
  /** POSTAL_WEBHOOK_SECRET; unset with a real service = the webhook answers 503. */
  webhookSecret: string | undefined;
  /** Where the postal service posts its notices: PUBLIC_URL + /api/integration/postal/webhook. */
  webhookUrl: string;
  simulator?: PostalSimulator;
  close(): Promise<void>;
}

/**
 * The configured postal service (POSTAL_URL), or a simulator on loopback when it is unset (development, tests). With
 * the simulator and no POSTAL_WEBHOOK_SECRET, a random secret is shared with it for this process only; it moves
 * orders on by itself every `stepMs` (20 s in `onestop serve`, so a demo sees the states change).
 */
export async function openPostalPorts(
  settings: PostalSettings,
  options: { publicUrl: string; stepMs?: number },
): Promise<PostalPorts> {
  const webhookUrl = `${options.publicUrl.replace(/\/+$/, "")}/api/integration/postal/webhook`;
  if (settings.postalUrl)
    return {
      service: httpPostalService({
        url: settings.postalUrl,
        token: settings.postalToken,
        timeoutMs: settings.postalTimeoutMs,
      }),
      webhookSecret: settings.postalWebhookSecret,
      webhookUrl,
      close: async () => {},
    };
  const secret = settings.postalWebhookSecret ?? randomBytes(32).toString("hex");
  const token = randomBytes(16).toString("hex");
  const simulator = await startPostalSimulator({ secret, token, stepMs: options.stepMs });
  return {
    service: httpPostalService({ url: simulator.url, token, timeoutMs: settings.postalTimeoutMs }),
    webhookSecret: secret,
    webhookUrl,
    simulator,
    close: () => simulator.close(),
  };
}
