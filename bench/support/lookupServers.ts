/**
 * The three HTTP servers of the lookup benchmark, run in a child process of the bench (so the load generator does
 * not share their event loop), each on 127.0.0.1 and a random port:
 *
 * - `app`: the real application (buildApp) on PostgreSQL, lookup rate limit raised out of the way;
 * - `constant`: a Fastify route answering a constant body of the same shape (the HTTP ceiling);
 * - `minimal`: a Fastify route running the same lookup statement (LOOKUP_SQL) as src/services/lookup/lookupDossier.ts with raw `pg`
 *   and a pool of the same size, answering the same body (the floor our stack adds to).
 *
 * Started by bench/lookup.bench.ts with BENCH_LOOKUP_DATABASE_URL; sends `{ ports }` over IPC once listening and
 * closes everything when the parent disconnects.
 */
import Fastify, { type FastifyInstance } from "fastify";
import type pg from "pg";
import { connectDatabase } from "../../src/db/connection.ts";
import { buildApp } from "../../src/http/app.ts";
import {
  LOOKUP_SQL,
  type LookupRow,
  lookupParams,
  shapeLookup,
} from "../../src/services/lookup/lookupDossier.ts";
import { benchPool, memoryStorage } from "./benchDatabase.ts";

export const LOOKUP_POOL_SIZE = 10;
export const PUBLIC_URL = "http://127.0.0.1:3000";
export const LOOKUP_PATH = "/api/public/lookup/";

export interface LookupPorts {
  app: number;
  constant: number;
  minimal: number;
}

const CONSTANT_BODY = {
  code: "000.20.01.H99-261123-0001",
  lookupUrl: `${PUBLIC_URL}/tra-cuu/000.20.01.H99-261123-0001`,
  receivingAgency: "Ủy ban nhân dân phường Trung Tâm",
  departments: [
    "Ủy ban nhân dân phường Trung Tâm",
    "Phòng Văn hóa – Xã hội – Ủy ban nhân dân phường Trung Tâm",
  ],
  organisationName: null,
  applicantName: "Nguyễn Văn An",
  receivedAt: "2026-11-23T01:30:00.000Z",
  appointmentAt: "2026-11-30T01:30:00.000Z",
};

/** The minimal route: the same statement and the same body shaping, no plugins, no validation, no serializer schema. */
async function minimalServer(url: string): Promise<{ app: FastifyInstance; pool: pg.Pool }> {
  const pool = benchPool(url, LOOKUP_POOL_SIZE);
  const app = Fastify({ logger: false });
  // The app masks the applicant's name for a reader who gives no proof (R-LOOK-2; LOOKUP_MASK_NAMES defaults to on),
  // and the bench's requests give none: the floor must answer the same body.
  const options = { publicUrl: PUBLIC_URL, maskNames: true };
  app.get<{ Params: { code: string } }>(`${LOOKUP_PATH}:code`, async (request, reply) => {
    const row = (await pool.query<LookupRow>(LOOKUP_SQL, lookupParams(request.params.code))).rows[0];
    if (!row) return reply.code(404).send({ error: "NOT_FOUND" });
    return shapeLookup(row, options);
  });
  return { app, pool };
}

async function main(): Promise<void> {
  const url = process.env.BENCH_LOOKUP_DATABASE_URL;
  if (!url || !process.send) throw new Error("run by bench/lookup.bench.ts");

  const handle = await connectDatabase({ databaseUrl: url, poolMax: LOOKUP_POOL_SIZE });
  const app = await buildApp({
    db: handle.db,
    databaseKind: "postgres",
    config: {
      logLevel: "silent",
      publicUrl: PUBLIC_URL,
      publicRateLimitPerMinute: 1_000_000_000,
      lookupRateLimitPerMinute: 1_000_000_000,
    },
    storage: memoryStorage(),
  });
  const constant = Fastify({ logger: false });
  constant.get(`${LOOKUP_PATH}:code`, async () => CONSTANT_BODY);
  const minimal = await minimalServer(url);

  const listen = async (server: FastifyInstance) => {
    await server.listen({ host: "127.0.0.1", port: 0 });
    const address = server.server.address();
    if (!address || typeof address === "string") throw new Error("no port");
    return address.port;
  };
  const ports: LookupPorts = {
    app: await listen(app),
    constant: await listen(constant),
    minimal: await listen(minimal.app),
  };
  process.send({ ports });
  // The parent asks for this process's CPU time around each load, to tell server CPU per request.
  process.on("message", (message) => {
    if (message === "cpu") process.send?.({ cpu: process.cpuUsage() });
  });
  process.once("disconnect", () => {
    void Promise.allSettled([app.close(), constant.close(), minimal.app.close()])
      .then(() => Promise.allSettled([handle.close(), minimal.pool.end()]))
      .finally(() => process.exit(0));
  });
}

if (process.env.BENCH_LOOKUP_DATABASE_URL && process.send) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
