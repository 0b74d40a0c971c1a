/**
 * The three HTTP servers of the lookup benchmark, run in a child process of the bench (so the load generator does
 * not share their event loop), each on 127.0.0.1 and a random port:
 *
 * - `app`: the real application (buildApp) on PostgreSQL, lookup rate limit raised out of the way;
 * - `constant`: a Fastify route answering a constant body of the same shape (the HTTP ceiling);
 * - `minimal`: a Fastify route running the same lookup queries as src/services/lookup/lookupDossier.ts with raw `pg`
 *   and a pool of the same size, answering the same body (the floor our stack adds to).
 *
 * Started by bench/lookup.bench.ts with BENCH_LOOKUP_DATABASE_URL; sends `{ ports }` over IPC once listening and
 * closes everything when the parent disconnects.
 */
import Fastify, { type FastifyInstance } from "fastify";
import type pg from "pg";
import { connectDatabase } from "../../src/db/connection.ts";
import { buildApp } from "../../src/http/app.ts";
import { lookupUrlOf } from "../../src/services/lookup/lookupDossier.ts";
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

// The queries lookupDossier runs, as Kysely compiles them.
const FIND = `select "d"."id", "d"."code", "d"."agency_id", "d"."deciding_agency_id", "d"."current_unit_id",
  "d"."applicant_name", "d"."organisation_name", "d"."submitted_at", "d"."received_at", "d"."due_at",
  "a"."name" as "agency_name" from "dossiers" as "d" inner join "agencies" as "a" on "a"."id" = "d"."agency_id"
  where ("d"."code" = $1 or "d"."national_code" = $2)`;
const TASKS = `select "a"."name" as "agency", "u"."name" as "unit", "t"."created_at" as "at" from "tasks" as "t"
  inner join "agencies" as "a" on "a"."id" = "t"."agency_id" left join "units" as "u" on "u"."id" = "t"."unit_id"
  where "t"."dossier_id" = $1 and "t"."status" != $2`;
const CONSULTATIONS = `select "a"."name" as "agency", "u"."name" as "unit", "c"."requested_at" as "at"
  from "consultations" as "c" inner join "agencies" as "a" on "a"."id" = "c"."to_agency_id"
  left join "units" as "u" on "u"."id" = "c"."to_unit_id" where "c"."dossier_id" = $1`;
const AGENCIES = `select "id", "name" from "agencies" where "id" in ($1, $2)`;
const CURRENT_UNIT = `select "a"."name" as "agency", "u"."name" as "unit" from "units" as "u"
  inner join "agencies" as "a" on "a"."id" = "u"."agency_id" where "u"."id" = $1`;

interface Place {
  agency: string;
  unit: string | null;
  at: Date;
}

/** The minimal route: the same queries and the same body, no plugins, no validation, no serializer schema. */
async function minimalServer(url: string): Promise<{ app: FastifyInstance; pool: pg.Pool }> {
  const pool = benchPool(url, LOOKUP_POOL_SIZE);
  const app = Fastify({ logger: false });
  app.get<{ Params: { code: string } }>(`${LOOKUP_PATH}:code`, async (request, reply) => {
    const code = request.params.code;
    const row = (await pool.query(FIND, [code, code])).rows[0];
    if (!row) return reply.code(404).send({ error: "NOT_FOUND" });
    const base = {
      code: row.code,
      lookupUrl: lookupUrlOf(PUBLIC_URL, row.code),
      receivingAgency: row.agency_name,
    };
    if (!row.received_at)
      return { ...base, applicantName: row.applicant_name, submittedAt: row.submitted_at.toISOString() };
    const [tasks, consultations, agencies, current] = await Promise.all([
      pool.query<Place>(TASKS, [row.id, "cancelled"]),
      pool.query<Place>(CONSULTATIONS, [row.id]),
      pool.query<{ id: string; name: string }>(AGENCIES, [row.agency_id, row.deciding_agency_id]),
      row.current_unit_id
        ? pool.query<{ agency: string; unit: string | null }>(CURRENT_UNIT, [row.current_unit_id])
        : undefined,
    ]);
    const agencyName = (id: string) => agencies.rows.find((agency) => agency.id === id)?.name;
    const label = (entry: { agency: string; unit: string | null }) =>
      entry.unit ? `${entry.unit} – ${entry.agency}` : entry.agency;
    const currentUnit = current?.rows[0];
    const names = [
      agencyName(row.agency_id),
      ...[...tasks.rows, ...consultations.rows]
        .sort((a, b) => a.at.getTime() - b.at.getTime())
        .map((entry) => label(entry)),
      currentUnit ? label(currentUnit) : undefined,
      agencyName(row.deciding_agency_id),
    ];
    return {
      ...base,
      departments: [...new Set(names.filter((name): name is string => name !== undefined))],
      organisationName: row.organisation_name,
      applicantName: row.applicant_name,
      receivedAt: row.received_at.toISOString(),
      appointmentAt: row.due_at ? row.due_at.toISOString() : null,
    };
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
