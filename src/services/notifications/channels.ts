import type { EmailPort } from "../../integrations/email/emailPort.ts";
import type { MessageGatewayPort } from "../../integrations/gateway/messageGateway.ts";

/** The three delivery ports the sender uses (real adapters in production, loopback simulators in dev and tests). */
export interface NotificationChannels {
  email: EmailPort;
  sms: MessageGatewayPort;
  social: MessageGatewayPort;
  /** Issue #18: the official account on the social-messaging platform; without it such notifications wait. */
  zalo?: MessageGatewayPort;
}
