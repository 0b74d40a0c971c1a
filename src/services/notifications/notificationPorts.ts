import { smtpEmail } from "../../integrations/email/smtpEmail.ts";
import { type SmtpSimulator, startSmtpSimulator } from "../../integrations/email/smtpSimulator.ts";
import type { GatewaySimulator } from "../../integrations/gateway/gatewaySimulator.ts";
import { smsGateway } from "../../integrations/sms/smsGateway.ts";
import { startSmsSimulator } from "../../integrations/sms/smsSimulator.ts";
import { socialGateway } from "../../integrations/social/socialGateway.ts";
import { startSocialSimulator } from "../../integrations/social/socialSimulator.ts";
import type { NotificationChannels } from "./channels.ts";

/** The simulators started in place of unconfigured gateways, for the dev mailbox. */
export interface RunningSimulators {
  email?: SmtpSimulator;
  sms?: GatewaySimulator;
  social?: GatewaySimulator;
}

export interface NotificationPorts {
  channels: NotificationChannels;
  simulators: RunningSimulators;
  close(): Promise<void>;
}

/**
 * The delivery ports of a process: the configured SMTP server and gateways, and for each one left unset a simulator on
 * loopback (development and demos really send, and what was sent can be read back; a province sets all three URLs).
 */
export async function openNotificationPorts(config: {
  smtpUrl: string | undefined;
  mailFrom: string;
  smsGatewayUrl: string | undefined;
  socialGatewayUrl: string | undefined;
}): Promise<NotificationPorts> {
  const simulators: RunningSimulators = {};
  if (!config.smtpUrl) simulators.email = await startSmtpSimulator();
  if (!config.smsGatewayUrl) simulators.sms = await startSmsSimulator();
  if (!config.socialGatewayUrl) simulators.social = await startSocialSimulator();
  const email = smtpEmail({ url: config.smtpUrl ?? simulators.email!.url, from: config.mailFrom });
  const channels: NotificationChannels = {
    email,
    sms: smsGateway(config.smsGatewayUrl ?? simulators.sms!.url),
    social: socialGateway(config.socialGatewayUrl ?? simulators.social!.url),
  };
  return {
    channels,
    simulators,
    async close() {
      await email.close();
      await Promise.all(Object.values(simulators).map((simulator) => simulator.close()));
    },
  };
}
