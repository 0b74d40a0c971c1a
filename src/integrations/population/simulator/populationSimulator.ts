import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { CitizenRecord, FieldMatch, IdentityClaim } from "../populationDatabase.ts";
import { demoPopulation } from "./demoPopulation.ts";

/**
 * What to break, as the real database sometimes does (issue #14: slow or unavailable): `slow` waits `delayMs` before
 * answering, `error` answers 503, `unavailable` drops the connection without an answer.
 */
export interface PopulationFaults {
  mode: "none" | "slow" | "error" | "unavailable";
  delayMs: number;
}

/** One query as the simulator received it (a test checks who asked and why). */
export interface ReceivedQuery {
  path: string;
  idNumber: string;
  requestedBy: string;
  purpose: string;
  agencyCode: string | null;
  dossierCode: string | null;
}

export interface PopulationSimulator {
  /** The address to configure as POPULATION_DB_URL. */
  url: string;
  /** The bearer token it expects (POPULATION_DB_TOKEN). */
  token: string;
  faults: PopulationFaults;
  resetFaults(): void;
  queries(): readonly ReceivedQuery[];
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024;
const ID_NUMBER = /^[0-9]{12}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

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

const send = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
};

/** Names compare as the database does: Unicode-normalised, spaces collapsed, case ignored. */
const sameName = (a: string, b: string) =>
  a.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("vi") ===
  b.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("vi");

const decodeHeader = (value: string | string[] | undefined): string => {
  if (typeof value !== "string") return "";
  try {
    return decodeURIComponent(value);
  } catch {
    return "";
  }
};

/**
 * The national population database's other side on loopback (development and tests, issue #14): looks citizens up
 * by ID number and checks declared identities field by field, for a caller with the token that says who asks and
 * why — and breaks in the ways it is told to (`POST /_faults`).
 */
export async function startPopulationSimulator(
  options: { port?: number; token?: string; people?: CitizenRecord[] } = {},
): Promise<PopulationSimulator> {
  const token = options.token ?? "population-simulator-token";
  const people = new Map((options.people ?? demoPopulation()).map((person) => [person.idNumber, person]));
  const faults: PopulationFaults = { mode: "none", delayMs: 0 };
  const received: ReceivedQuery[] = [];
  const open = new Set<import("node:net").Socket>();

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (request.method === "POST" && path === "/_faults") {
      const body = JSON.parse((await readBody(request)) || "{}") as Partial<PopulationFaults>;
      if (body.mode !== undefined && !["none", "slow", "error", "unavailable"].includes(body.mode))
        return send(response, 400, { error: "mode must be none, slow, error or unavailable" });
      if (body.delayMs !== undefined && !(Number.isInteger(body.delayMs) && body.delayMs >= 0))
        return send(response, 400, { error: "delayMs must be a non-negative integer" });
      faults.mode = body.mode ?? faults.mode;
      faults.delayMs = body.delayMs ?? faults.delayMs;
      return send(response, 200, faults);
    }
    if (request.method !== "POST" || (path !== "/citizens/lookup" && path !== "/citizens/verify"))
      return send(response, 404, { error: "not found" });
    if (request.headers.authorization !== `Bearer ${token}`)
      return send(response, 401, { error: "bad token" });
    const requestedBy = decodeHeader(request.headers["x-requested-by"]);
    const purpose = decodeHeader(request.headers["x-purpose"]);
    // The database answers no one who does not say who asks and why.
    if (!requestedBy || !purpose)
      return send(response, 400, { error: "x-requested-by and x-purpose are required" });
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(await readBody(request));
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        throw new Error("not an object");
      body = parsed as Record<string, unknown>;
    } catch {
      return send(response, 400, { error: "body must be a JSON object" });
    }
    const idNumber = typeof body.idNumber === "string" ? body.idNumber : "";
    if (!ID_NUMBER.test(idNumber)) return send(response, 400, { error: "idNumber must be 12 digits" });

    if (faults.mode === "unavailable") {
      request.socket.destroy();
      return;
    }
    if (faults.mode === "slow") await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
    if (faults.mode === "error") return send(response, 503, { error: "service unavailable" });
    received.push({
      path,
      idNumber,
      requestedBy,
      purpose,
      agencyCode:
        typeof request.headers["x-agency-code"] === "string" ? request.headers["x-agency-code"] : null,
      dossierCode:
        typeof request.headers["x-dossier-code"] === "string" ? request.headers["x-dossier-code"] : null,
    });

    const person = people.get(idNumber);
    if (path === "/citizens/lookup") {
      if (!person) return send(response, 404, { error: "no such citizen" });
      return send(response, 200, person);
    }
    const claim = body as Partial<IdentityClaim>;
    if (typeof claim.fullName !== "string" || claim.fullName.trim() === "")
      return send(response, 400, { error: "fullName is required" });
    if (typeof claim.birthDate !== "string" || !DATE.test(claim.birthDate))
      return send(response, 400, { error: "birthDate must be YYYY-MM-DD" });
    const match = (ok: boolean): FieldMatch => (ok ? "match" : "mismatch");
    return send(response, 200, {
      found: person !== undefined,
      fields: {
        idNumber: match(person !== undefined),
        fullName: match(person !== undefined && sameName(person.fullName, claim.fullName)),
        birthDate: match(person !== undefined && person.birthDate === claim.birthDate),
      },
    });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) send(response, 400, { error: "bad request" });
    });
  });
  server.on("connection", (socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    faults,
    resetFaults() {
      faults.mode = "none";
      faults.delayMs = 0;
    },
    queries: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
