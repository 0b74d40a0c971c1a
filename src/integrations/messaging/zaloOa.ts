import { createHmac, timingSafeEqual } from "node:crypto";
import { GatewayError, type GatewayMessage, type MessageGatewayPort } from "../gateway/messageGateway.ts";

/**
 * The port of the province's official account on the social-messaging platform (issue #18, Zalo OA style; R-LOOK-1
 * lookup, R-LOOK-3 "approved social network"). Outbound: a text message to a follower of the account, addressed by
 * the follower id the platform gives the account. Inbound events arrive at OneStop's webhook, signed (below).
 *
 * The contract mirrors the Zalo OA API: `POST <base>/v3.0/oa/message/cs` with the `access_token` header and
 * `{ recipient: { user_id }, message: { text } }`; the answer `{ error: 0, data: { message_id } }` is an acceptance,
 * any other `error` a refusal. The Idempotency-Key header is sent too: the platform ignores it, a relay honours it.
 */
export interface ZaloOaPort extends MessageGatewayPort {
  /** Sends `text` to the follower `to`; resolves with the platform's message id, rejects with a GatewayError. */
  send(message: GatewayMessage): Promise<{ id: string }>;
  /** Fetches a photo the follower sent (the URL in the event), at most `maxBytes`; rejects otherwise. */
  downloadMedia(url: string, maxBytes: number): Promise<Uint8Array>;
}

export interface ZaloOaOptions {
  /** ZALO_OA_URL. */
  url: string;
  /** ZALO_OA_TOKEN. */
  token: string;
  /** ZALO_OA_TIMEOUT_MS. */
  timeoutMs: number;
  /** ZALO_OA_MEDIA_HOSTS: hosts (or parent domains) a photo may be fetched from. */
  mediaHosts: readonly string[];
}

/** The longest text the platform takes in one message. */
export const MAX_TEXT_LENGTH = 2000;

/** May a photo be fetched from this URL? Only http(s) on a listed host or one of its subdomains. */
export function isAllowedMediaUrl(url: string, hosts: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return false;
  if (parsed.username || parsed.password) return false;
  const host = parsed.host.toLowerCase();
  const hostname = parsed.hostname.toLowerCase();
  return hosts.some(
    (allowed) => host === allowed || hostname === allowed || hostname.endsWith(`.${allowed}`),
  );
}

export function zaloOa(options: ZaloOaOptions): ZaloOaPort {
  const endpoint = new URL("v3.0/oa/message/cs", options.url.endsWith("/") ? options.url : `${options.url}/`);
  return {
    async send(message) {
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            access_token: options.token,
            "idempotency-key": message.idempotencyKey,
          },
          body: JSON.stringify({
            recipient: { user_id: message.to },
            message: { text: message.text.slice(0, MAX_TEXT_LENGTH) },
          }),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        throw new GatewayError(null, `messaging platform unreachable: ${(error as Error).message}`);
      }
      const body = await response.text();
      if (!response.ok)
        throw new GatewayError(
          response.status,
          `messaging platform answered ${response.status}: ${body.slice(0, 200)}`,
        );
      let parsed: { error?: unknown; message?: unknown; data?: { message_id?: unknown } };
      try {
        parsed = JSON.parse(body) as typeof parsed;
      } catch {
        throw new GatewayError(response.status, "messaging platform answered something other than JSON");
      }
      if (parsed.error !== 0)
        throw new GatewayError(
          response.status,
          `messaging platform refused the message: ${String(parsed.error)} ${String(parsed.message ?? "")}`.slice(
            0,
            300,
          ),
        );
      const id = parsed.data?.message_id;
      return { id: typeof id === "string" && id ? id : message.idempotencyKey };
    },

    async downloadMedia(url, maxBytes) {
      if (!isAllowedMediaUrl(url, options.mediaHosts))
        throw new GatewayError(null, "photo address not on an allowed host");
      let response: Response;
      try {
        response = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(options.timeoutMs) });
      } catch (error) {
        throw new GatewayError(null, `photo unreachable: ${(error as Error).message}`);
      }
      if (!response.ok || !response.body)
        throw new GatewayError(response.status, `photo answered ${response.status}`);
      const declared = Number(response.headers.get("content-length") ?? "0");
      if (declared > maxBytes) throw new MediaTooLargeError();
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new MediaTooLargeError();
        chunks.push(chunk);
      }
      return Buffer.concat(chunks);
    },
  };
}

export class MediaTooLargeError extends Error {
  constructor() {
    super("photo too large");
    this.name = "MediaTooLargeError";
  }
}

/** The webhook's signature header, as the platform names it. */
export const SIGNATURE_HEADER = "x-zevent-signature";

/**
 * The signature of one webhook event (Zalo's scheme: a MAC over app id + body + timestamp keyed by the OA secret),
 * as the header carries it: `mac=<hex>`. Here the MAC is HMAC-SHA256, keyed properly rather than appended.
 */
export function signEvent(secret: string, appId: string, body: string, timestamp: string): string {
  return `mac=${createHmac("sha256", secret).update(`${appId}${body}${timestamp}`).digest("hex")}`;
}

/** Is `header` the signature of this event? Compared in constant time. */
export function isValidEventSignature(
  secret: string,
  appId: string,
  body: string,
  timestamp: string,
  header: string | string[] | undefined,
): boolean {
  if (typeof header !== "string") return false;
  const expected = Buffer.from(signEvent(secret, appId, body, timestamp));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
