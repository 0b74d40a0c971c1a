import { type GatewaySimulator, startGatewaySimulator } from "../gateway/gatewaySimulator.ts";

/** The SMS gateway's other side on loopback (development and tests): records every text it is asked to send. */
export function startSmsSimulator(options: { port?: number } = {}): Promise<GatewaySimulator> {
  return startGatewaySimulator(options);
}
