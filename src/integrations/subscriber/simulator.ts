import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { DossierCloudEvent } from "../../domain/events/dossierEvents.ts";
import {
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyEventSignature,
} from "../../services/events/signature.ts";

/**
 * A loopback subscriber of OneStop's outbound events (issue #18): what a sector system, the LGSP or the document
 * system does on its side. It verifies each request's signature and timestamp exactly as docs/outbound-events.md
 * says, checks the CloudEvents envelope, records every event, applies each event id once (a redelivery is
 * acknowledged again as a duplicate), notes any dossier event that arrives behind a later one of the same dossier,
 * and can inject faults: a timeout (answers after the sender gave up, having applied the event), a server error, a
 * refusal, and a lost acknowledgement (applies the event, then answers 503 so the sender delivers it again).
 */

export type SubscriberFaultMode = "timeout" | "error" | "reject" | "lostAck";

export interface SubscriberFault {
  mode: SubscriberFaultMode;
  /** How many requests it affects; null = until cleared. */
  count: number | null;
  /** For `timeout`: how long to wait before answering (default 2 s). */
  delayMs?: number;
  /** Only requests of this dossier code (CloudEvents subject). */
  subject?: string;
}

export interface ReceivedRequest {
  receivedAt: string;
  eventId: string | null;
  verified: boolean;
  outcome: "applied" | "duplicate" | "badSignature" | "invalid" | SubscriberFaultMode;
  attempt: number | null;
}

export interface SubscriberSimulator {
  /** Where OneStop sends: `http://127.0.0.1:<port>/events`. */
  url: string;
  baseUrl: string;
  /** Every request, in arrival order, with what the simulator did. */
  received(): ReceivedRequest[];
  /** The events applied, once each, in the order they were applied. */
  applied(): DossierCloudEvent[];
  /** Events that arrived after a later event of the same dossier had been applied (must stay empty). */
  orderViolations(): { eventId: string; subject: string; sequence: number; after: number }[];
  addFault(fault: SubscriberFault): void;
  clearFaults(): void;
  reset(): void;
  setSecrets(secrets: string[]): void;
  close(): Promise<void>;
}

const ENVELOPE_FIELDS = ["specversion", "id", "source", "type", "subject", "time", "datacontenttype", "data"];

function readBody(request: IncomingMessage, limit = 1_048_576): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error("too large"));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

export async function startSubscriberSimulator(
  options: { secrets: string[]; port?: number; clock?: () => Date; toleranceSeconds?: number } = {
    secrets: [],
  },
): Promise<SubscriberSimulator> {
  const clock = options.clock ?? (() => new Date());
  let secrets = [...options.secrets];
  let received: ReceivedRequest[] = [];
  let applied: DossierCloudEvent[] = [];
  let appliedIds = new Set<string>();
  let lastSequence = new Map<string, number>();
  let violations: { eventId: string; subject: string; sequence: number; after: number }[] = [];
  let faults: SubscriberFault[] = [];
  const pendingTimers = new Set<NodeJS.Timeout>();

  const takeFault = (subject: string | undefined): SubscriberFault | undefined => {
    const index = faults.findIndex((fault) => fault.subject === undefined || fault.subject === subject);
    if (index < 0) return undefined;
    const fault = faults[index]!;
    if (fault.count !== null) {
      fault.count -= 1;
      if (fault.count <= 0) faults.splice(index, 1);
    }
    return fault;
  };

  const apply = (event: DossierCloudEvent): "applied" | "duplicate" => {
    if (appliedIds.has(event.id)) return "duplicate";
    appliedIds.add(event.id);
    const last = lastSequence.get(event.subject);
    if (last !== undefined && event.sequence <= last)
      violations.push({ eventId: event.id, subject: event.subject, sequence: event.sequence, after: last });
    lastSequence.set(event.subject, Math.max(last ?? 0, event.sequence));
    applied.push(event);
    return "applied";
  };

  const handleEvent = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(request);
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const attempt = Number(header("x-onestop-delivery-attempt"));
    const record = (entry: Omit<ReceivedRequest, "receivedAt" | "attempt">) =>
      received.push({
        ...entry,
        receivedAt: clock().toISOString(),
        attempt: Number.isFinite(attempt) ? attempt : null,
      });
    const verified = verifyEventSignature({
      secrets,
      header: header(SIGNATURE_HEADER),
      timestamp: header(TIMESTAMP_HEADER),
      body,
      nowSeconds: Math.floor(clock().getTime() / 1000),
      toleranceSeconds: options.toleranceSeconds ?? 300,
    });
    if (!verified) {
      record({ eventId: header(EVENT_ID_HEADER) ?? null, verified: false, outcome: "badSignature" });
      return json(response, 401, { error: "bad signature" });
    }
    let event: DossierCloudEvent;
    try {
      event = JSON.parse(body) as DossierCloudEvent;
    } catch {
      record({ eventId: null, verified: true, outcome: "invalid" });
      return json(response, 400, { error: "not JSON" });
    }
    const contentType = header("content-type") ?? "";
    if (
      !contentType.startsWith("application/cloudevents+json") ||
      event.specversion !== "1.0" ||
      ENVELOPE_FIELDS.some((field) => (event as unknown as Record<string, unknown>)[field] === undefined) ||
      typeof event.sequence !== "number"
    ) {
      record({ eventId: event.id ?? null, verified: true, outcome: "invalid" });
      return json(response, 400, { error: "not a CloudEvent" });
    }
    const fault = takeFault(event.subject);
    if (fault?.mode === "error") {
      record({ eventId: event.id, verified: true, outcome: "error" });
      return json(response, 500, { error: "simulated failure" });
    }
    if (fault?.mode === "reject") {
      record({ eventId: event.id, verified: true, outcome: "reject" });
      return json(response, 422, { error: "simulated refusal" });
    }
    const outcome = apply(event);
    if (fault?.mode === "lostAck") {
      record({ eventId: event.id, verified: true, outcome: "lostAck" });
      return json(response, 503, { error: "simulated lost acknowledgement" });
    }
    if (fault?.mode === "timeout") {
      record({ eventId: event.id, verified: true, outcome: "timeout" });
      const timer = setTimeout(() => {
        pendingTimers.delete(timer);
        if (!response.writableEnded) json(response, 200, { received: event.id, late: true });
      }, fault.delayMs ?? 2_000);
      pendingTimers.add(timer);
      return;
    }
    record({ eventId: event.id, verified: true, outcome });
    return json(response, 200, { received: event.id, duplicate: outcome === "duplicate" });
  };

  const reset = () => {
    received = [];
    applied = [];
    appliedIds = new Set();
    lastSequence = new Map();
    violations = [];
    faults = [];
  };

  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    (async () => {
      if (request.method === "POST" && path === "/events") return handleEvent(request, response);
      // Control endpoints, for a person trying the demo with curl (tests use the methods).
      if (request.method === "GET" && path === "/control/received")
        return json(response, 200, { received, applied: applied.map((event) => event.id) });
      if (request.method === "POST" && path === "/control/faults") {
        const fault = JSON.parse((await readBody(request)) || "{}") as SubscriberFault;
        if (!["timeout", "error", "reject", "lostAck"].includes(fault.mode))
          return json(response, 400, { error: "mode must be timeout, error, reject or lostAck" });
        faults.push({ ...fault, count: fault.count ?? 1 });
        return json(response, 200, { ok: true });
      }
      if (request.method === "DELETE" && path === "/control/faults") {
        faults = [];
        return json(response, 200, { ok: true });
      }
      if (request.method === "POST" && path === "/control/reset") {
        reset();
        return json(response, 200, { ok: true });
      }
      return json(response, 404, { error: "not found" });
    })().catch((error: unknown) => {
      if (!response.headersSent) json(response, 400, { error: (error as Error).message });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: `${baseUrl}/events`,
    baseUrl,
    received: () => [...received],
    applied: () => [...applied],
    orderViolations: () => [...violations],
    addFault: (fault) => faults.push({ ...fault }),
    clearFaults: () => {
      faults = [];
    },
    reset,
    setSecrets: (next) => {
      secrets = [...next];
    },
    close: async () => {
      for (const timer of pendingTimers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
