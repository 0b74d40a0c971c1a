import { randomUUID } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname } from "node:path";
import { LocalCertificateAuthority, signDigestWithKey } from "./localCertificateAuthority.ts";

/** What to break, as a real signing service sometimes does. */
export interface SigningFaults {
  /** Hold every answer this long (beyond the client's timeout = a timeout). */
  delayMs: number;
  /** Answer this many next requests with 503. */
  failNext: number;
  /** The officer declines the next signature request(s) on the app. */
  declineNext: number;
  /** Transactions stay pending this many polls before the officer confirms. */
  pendingPolls: number;
}

const NO_FAULTS: SigningFaults = { delayMs: 0, failNext: 0, declineNext: 0, pendingPolls: 0 };

export interface SigningSimulator {
  /** The address to configure as SIGNING_SERVICE_URL. */
  url: string;
  token: string;
  ca: LocalCertificateAuthority;
  faults: SigningFaults;
  resetFaults(): void;
  /** Every signature request received (for tests). */
  requests(): readonly { credentialId: string; description: string }[];
  close(): Promise<void>;
}

interface Transaction {
  id: string;
  status: "pending" | "confirmed" | "declined";
  signature?: string;
  pollsLeft: number;
}

const MAX_BODY = 64 * 1024;

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

const send = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
};

const text = (value: unknown, max: number): value is string =>
  typeof value === "string" && value.trim().length > 0 && value.length <= max;

/**
 * The other side of the remote-signing port (issue #16) on loopback, for `npm start` and tests: a CA of its own
 * (LocalCertificateAuthority) that enrols officers, checks the bearer token and every field, and "the officer
 * confirms on the app" at once unless a fault says otherwise. With `stateFile`, its CA and officers survive a restart,
 * so documents signed yesterday still verify.
 */
export async function startSigningSimulator(
  options: { token?: string; stateFile?: string; port?: number } = {},
): Promise<SigningSimulator> {
  const token = options.token ?? randomUUID();
  let ca: LocalCertificateAuthority | undefined;
  if (options.stateFile) {
    const saved = await readFile(options.stateFile, "utf8").catch(() => undefined);
    if (saved) ca = await LocalCertificateAuthority.restore(JSON.parse(saved));
  }
  ca ??= await LocalCertificateAuthority.create("OneStop Signing Simulator");
  const authority = ca;
  const persist = async () => {
    if (!options.stateFile) return;
    // The folder beside the file store may not exist yet (a PostgreSQL install with a fresh FILES_DIR).
    await mkdir(dirname(options.stateFile), { recursive: true });
    await writeFile(options.stateFile, JSON.stringify(await authority.state()), { mode: 0o600 });
  };
  await persist();
  const faults: SigningFaults = { ...NO_FAULTS };
  const transactions = new Map<string, Transaction>();
  const received: { credentialId: string; description: string }[] = [];

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (faults.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
    if (faults.failNext > 0) {
      faults.failNext -= 1;
      return send(response, 503, { error: "service unavailable" });
    }
    if (request.headers.authorization !== `Bearer ${token}`)
      return send(response, 401, { error: "bad token" });
    const path = new URL(request.url ?? "/", "http://simulator").pathname;
    if (request.method === "GET" && path === "/v1/trust") return send(response, 200, await authority.trust());
    if (request.method === "POST" && path === "/v1/credentials") {
      const body = (await readJson(request)) as Record<string, unknown>;
      if (!text(body.userId, 100) || !text(body.fullName, 200) || !text(body.organisation, 300))
        return send(response, 400, { error: "userId, fullName and organisation are required" });
      const issued = await authority.enrol({
        userId: body.userId,
        fullName: body.fullName,
        organisation: body.organisation,
      });
      await persist();
      return send(response, 200, {
        credentialId: issued.credentialId,
        certificatePem: issued.certificatePem,
        chainPem: issued.chainPem,
      });
    }
    if (request.method === "POST" && path === "/v1/signatures") {
      const body = (await readJson(request)) as Record<string, unknown>;
      if (body.hashAlgorithm !== "SHA-256")
        return send(response, 400, { error: "hashAlgorithm must be SHA-256" });
      const digest = typeof body.hash === "string" ? Buffer.from(body.hash, "base64") : Buffer.alloc(0);
      if (digest.length !== 32) return send(response, 400, { error: "hash must be 32 bytes in base64" });
      if (!text(body.description, 500)) return send(response, 400, { error: "description is required" });
      const credential = text(body.credentialId, 200) ? authority.credential(body.credentialId) : undefined;
      if (!credential) return send(response, 404, { error: "unknown credential" });
      received.push({ credentialId: credential.credentialId, description: body.description });
      const transaction: Transaction = {
        id: randomUUID(),
        status: "pending",
        pollsLeft: faults.pendingPolls,
      };
      if (faults.declineNext > 0) {
        faults.declineNext -= 1;
        transaction.status = "declined";
      } else if (transaction.pollsLeft === 0) {
        transaction.status = "confirmed";
        transaction.signature = signDigestWithKey(credential.privateKeyPem, digest).toString("base64");
      } else {
        // Signed now, handed out once the officer "confirms" after the polls the fault asks for.
        transaction.signature = signDigestWithKey(credential.privateKeyPem, digest).toString("base64");
      }
      transactions.set(transaction.id, transaction);
      const { pollsLeft: _, signature, ...shown } = transaction;
      return send(response, 202, {
        transactionId: shown.id,
        status: shown.status,
        ...(shown.status === "confirmed" ? { signature } : {}),
      });
    }
    const polled = /^\/v1\/signatures\/([0-9a-f-]{36})$/.exec(path);
    if (request.method === "GET" && polled) {
      const transaction = transactions.get(polled[1]!);
      if (!transaction) return send(response, 404, { error: "unknown transaction" });
      if (transaction.status === "pending") {
        transaction.pollsLeft -= 1;
        if (transaction.pollsLeft <= 0) transaction.status = "confirmed";
      }
      return send(response, 200, {
        transactionId: transaction.id,
        status: transaction.status,
        ...(transaction.status === "confirmed" ? { signature: transaction.signature } : {}),
      });
    }
    return send(response, 404, { error: "not found" });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        send(response, 400, { error: error instanceof Error ? error.message : "bad request" });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    token,
    ca: authority,
    faults,
    resetFaults: () => Object.assign(faults, NO_FAULTS),
    requests: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
