/** A short text message to one address (a phone number for SMS, an account for the social network). */
export interface GatewayMessage {
  to: string;
  text: string;
  /** Sent as the Idempotency-Key header: a gateway that sees the same key twice sends the message once. */
  idempotencyKey: string;
}

/** The port of an HTTP messaging gateway (SMS, approved social network — R-LOOK-3). */
export interface MessageGatewayPort {
  /** Resolves with the gateway's id once it has accepted the message; rejects otherwise (the sender retries). */
  send(message: GatewayMessage): Promise<{ id: string }>;
}

export class GatewayError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message);
    this.name = "GatewayError";
  }
}

/**
 * The adapter: `POST <url>` with `{ "to", "text" }` as JSON and the Idempotency-Key header; any 2xx with `{ "id" }`
 * is an acceptance. The contract is the one most Vietnamese SMS brandname and OA gateways offer behind a small
 * relay; a province points SMS_GATEWAY_URL / SOCIAL_GATEWAY_URL at its provider's relay.
 */
export function httpMessageGateway(url: string, options: { timeoutMs?: number } = {}): MessageGatewayPort {
  return {
    async send(message) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": message.idempotencyKey },
          body: JSON.stringify({ to: message.to, text: message.text }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch (error) {
        throw new GatewayError(null, `gateway unreachable: ${(error as Error).message}`);
      }
      const body = await response.text();
      if (!response.ok)
        throw new GatewayError(response.status, `gateway answered ${response.status}: ${body.slice(0, 200)}`);
      let id: unknown;
      try {
        id = (JSON.parse(body) as { id?: unknown }).id;
      } catch {
        id = undefined;
      }
      return { id: typeof id === "string" && id ? id : message.idempotencyKey };
    },
  };
}
