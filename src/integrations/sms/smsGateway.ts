import { httpMessageGateway, type MessageGatewayPort } from "../gateway/messageGateway.ts";

/** The SMS port: text messages to Vietnamese mobile numbers through the province's SMS gateway (SMS_GATEWAY_URL). */
export type SmsPort = MessageGatewayPort;

export function smsGateway(url: string): SmsPort {
  return httpMessageGateway(url);
}
