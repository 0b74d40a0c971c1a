import { type GatewaySimulator, startGatewaySimulator } from "../gateway/gatewaySimulator.ts";

/** The social network's relay on loopback (development and tests): records every message it is asked to deliver. */
export function startSocialSimulator(options: { port?: number } = {}): Promise<GatewaySimulator> {
  return startGatewaySimulator(options);
}
