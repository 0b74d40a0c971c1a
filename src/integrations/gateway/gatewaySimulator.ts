import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** What the simulated gateway accepted: one entry per distinct Idempotency-Key. */
export interface GatewayDelivery {
  id: string;
  to: string;
  text: string;
  idempotencyKey: string | null;
  receivedAt: string;
}

export interface GatewaySimulator {
  /** The address to configure as the gateway URL. */
  url: string;
  received(): readonly GatewayDelivery[];
  /** How many requests repeated a key already accepted (answered with the first id, not delivered again). */
  repeats(): number;
  /** The next `count` requests are answered 503, as a gateway under load does. */
  failNext(count: number): void;
  close(): Promise<void>;
}

const MAX_KEPT = 500;
const MAX_BODY = 64 * 1024;

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
 * The other side of an HTTP messaging gateway (SMS, social network) for development and tests: a small HTTP server on
 * loopback that speaks the contract of httpMessageGateway, records what it accepts, honours Idempotency-Key like a
 * real provider (a repeated key is not delivered twice), and can be told to fail.
 */
export async function startGatewaySimulator(options: { port?: number } = {}): Promise<GatewaySimulator> {
  const delivered: GatewayDelivery[] = [];
  const byKey = new Map<string, string>();
  let failures = 0;
  let repeated = 0;
  const server = createServer(async (request, response) => {
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.method !== "POST") return answer(405, { error: "POST only" });
    let parsed: { to?: unknown; text?: unknown };
    try {
      parsed = JSON.parse(await readBody(request)) as typeof parsed;
    } catch {
      return answer(400, { error: "invalid JSON" });
    }
    if (typeof parsed.to !== "string" || !parsed.to || typeof parsed.text !== "string")
      return answer(400, { error: "to and text are required" });
    if (failures > 0) {
      failures -= 1;
      return answer(503, { error: "simulated outage" });
    }
    const header = request.headers["idempotency-key"];
    const key = typeof header === "string" && header ? header : null;
    const known = key ? byKey.get(key) : undefined;
    if (known) {
      repeated += 1;
      return answer(200, { id: known, repeated: true });
    }
    const id = randomUUID();
    if (key) byKey.set(key, id);
    delivered.push({
      id,
      to: parsed.to,
      text: parsed.text,
      idempotencyKey: key,
      receivedAt: new Date().toISOString(),
    });
    if (delivered.length > MAX_KEPT) delivered.shift();
    return answer(200, { id });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/messages`,
    received: () => delivered,
    repeats: () => repeated,
    failNext(count) {
      failures = count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
