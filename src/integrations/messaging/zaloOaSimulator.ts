import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { MAX_TEXT_LENGTH, SIGNATURE_HEADER, signEvent } from "./zaloOa.ts";

/** A message the simulated platform accepted for a follower: one per distinct Idempotency-Key. */
export interface SimulatedOaMessage {
  id: string;
  to: string;
  text: string;
  idempotencyKey: string | null;
  receivedAt: string;
}

/** The faults the simulated platform can answer the next sends with. */
export type OaFault = "timeout" | "unavailable" | "refused";

/** What a follower sends the account, delivered to OneStop's webhook as the platform would. */
export interface SimulatedUserMessage {
  /** The follower id the account knows the person by. */
  from: string;
  text?: string | undefined;
  /** A photo of a paper: served by the simulator, its URL put in the event. */
  photo?: { content: Uint8Array; contentType: string } | undefined;
  /** The event's message id (default: a new one). */
  eventId?: string | undefined;
  /** The event's timestamp in epoch milliseconds (default: now). */
  timestamp?: number | undefined;
  /** Deliver the same signed event this many times (the platform's redeliveries). */
  times?: number | undefined;
  /** Sign with another secret (a forged event). */
  forge?: boolean | undefined;
}

export interface WebhookAnswer {
  status: number;
  body: unknown;
}

export interface ZaloOaSimulator {
  /** The base address to configure as ZALO_OA_URL. */
  url: string;
  token: string;
  /** Where and how the simulated platform signs the events it delivers. */
  setWebhook(target: { url: string; secret: string; appId: string }): void;
  /** Delivers a follower's message to the webhook, signed; answers each delivery's response. */
  userSends(message: SimulatedUserMessage): Promise<WebhookAnswer[]>;
  sent(): readonly SimulatedOaMessage[];
  /** Messages to one follower, oldest first. */
  sentTo(followerId: string): readonly SimulatedOaMessage[];
  /** Sends that repeated an accepted Idempotency-Key (answered with the first id, not delivered again). */
  repeats(): number;
  /** The next `count` sends fail: held until the caller gives up, answered 503, or refused with an error code. */
  failNext(count: number, fault?: OaFault): void;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;
const MAX_KEPT = 1000;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The other side of the official account for development and tests (issue #18): an HTTP server on loopback that
 * speaks the OA message API of zaloOa.ts (checking the token and the message like the platform does), records what
 * it accepts, honours Idempotency-Key, serves the photos followers send, delivers followers' messages to OneStop's
 * webhook signed as the platform signs them, and injects faults: timeouts, 5xx, refusals, redelivered events.
 */
export async function startZaloOaSimulator(
  options: { port?: number; token?: string } = {},
): Promise<ZaloOaSimulator> {
  const token = options.token ?? `sim-${randomUUID()}`;
  const delivered: SimulatedOaMessage[] = [];
  const byKey = new Map<string, string>();
  const media = new Map<string, { content: Uint8Array; contentType: string }>();
  const faults: OaFault[] = [];
  let repeated = 0;
  let webhook: { url: string; secret: string; appId: string } | undefined;

  const server = createServer(async (request, response) => {
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    const path = new URL(request.url ?? "/", "http://simulator").pathname;
    if (request.method === "GET" && path.startsWith("/media/")) {
      const found = media.get(path.slice("/media/".length));
      if (!found) return answer(404, { error: "no such media" });
      response.writeHead(200, {
        "content-type": found.contentType,
        "content-length": String(found.content.byteLength),
      });
      return response.end(Buffer.from(found.content));
    }
    if (request.method !== "POST" || path !== "/v3.0/oa/message/cs")
      return answer(404, { error: -201, message: "unknown endpoint" });
    if (request.headers.access_token !== token)
      return answer(200, { error: -216, message: "Access token is invalid" });
    let parsed: { recipient?: { user_id?: unknown }; message?: { text?: unknown } };
    try {
      parsed = JSON.parse(await readBody(request)) as typeof parsed;
    } catch {
      return answer(400, { error: -201, message: "invalid JSON" });
    }
    const to = parsed.recipient?.user_id;
    const text = parsed.message?.text;
    if (typeof to !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(to))
      return answer(200, { error: -201, message: "recipient.user_id is invalid" });
    if (typeof text !== "string" || text.trim() === "" || text.length > MAX_TEXT_LENGTH)
      return answer(200, { error: -201, message: "message.text is invalid" });
    const fault = faults.shift();
    if (fault === "timeout") return; // held until the caller's timeout (closed with the server)
    if (fault === "unavailable") return answer(503, { error: -32, message: "service unavailable" });
    if (fault === "refused") return answer(200, { error: -213, message: "user has not followed the OA" });
    const key =
      typeof request.headers["idempotency-key"] === "string" ? request.headers["idempotency-key"] : null;
    const known = key ? byKey.get(key) : undefined;
    if (known) {
      repeated += 1;
      return answer(200, { error: 0, message: "Success", data: { message_id: known, user_id: to } });
    }
    const id = randomUUID().replace(/-/g, "");
    if (key) byKey.set(key, id);
    delivered.push({ id, to, text, idempotencyKey: key, receivedAt: new Date().toISOString() });
    if (delivered.length > MAX_KEPT) delivered.shift();
    return answer(200, { error: 0, message: "Success", data: { message_id: id, user_id: to } });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    token,
    setWebhook(target) {
      webhook = target;
    },
    async userSends(message) {
      if (!webhook) throw new Error("the simulated platform has no webhook to deliver to");
      const eventId = message.eventId ?? randomUUID().replace(/-/g, "");
      const timestamp = String(message.timestamp ?? Date.now());
      let event: Record<string, unknown>;
      const base = {
        app_id: webhook.appId,
        user_id_by_app: message.from,
        sender: { id: message.from },
        recipient: { id: "oa" },
        timestamp,
      };
      if (message.photo) {
        const mediaId = randomUUID();
        media.set(mediaId, message.photo);
        event = {
          ...base,
          event_name: "user_send_image",
          message: {
            msg_id: eventId,
            text: message.text ?? "",
            attachments: [
              {
                type: "image",
                payload: { url: `${url}/media/${mediaId}`, thumbnail: `${url}/media/${mediaId}` },
              },
            ],
          },
        };
      } else {
        event = {
          ...base,
          event_name: "user_send_text",
          message: { msg_id: eventId, text: message.text ?? "" },
        };
      }
      const body = JSON.stringify(event);
      const signature = signEvent(
        message.forge ? `${webhook.secret}-forged` : webhook.secret,
        webhook.appId,
        body,
        timestamp,
      );
      const answers: WebhookAnswer[] = [];
      for (let attempt = 0; attempt < (message.times ?? 1); attempt++) {
        const response = await fetch(webhook.url, {
          method: "POST",
          headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signature },
          body,
        });
        const text = await response.text();
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // kept as text
        }
        answers.push({ status: response.status, body: parsed });
      }
      return answers;
    },
    sent: () => [...delivered],
    sentTo: (followerId) => delivered.filter((message) => message.to === followerId),
    repeats: () => repeated,
    failNext(count, fault = "unavailable") {
      for (let index = 0; index < count; index++) faults.push(fault);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
