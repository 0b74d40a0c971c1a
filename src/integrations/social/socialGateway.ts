import { httpMessageGateway, type MessageGatewayPort } from "../gateway/messageGateway.ts";

/**
 * The social-messaging port (R-LOOK-3 "approved social network", e.g. an official account): a message to the user's
 * handle on that network, through the relay at SOCIAL_GATEWAY_URL.
 */
export type SocialPort = MessageGatewayPort;

export function socialGateway(url: string): SocialPort {
  return httpMessageGateway(url);
}
