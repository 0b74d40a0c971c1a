/**
 * Databases for the benchmarks: a fresh PostgreSQL database per run (dropped at the end, even on failure) and an
 * in-memory PGlite, both migrated and seeded with the demo province plus one bench offering.
 */
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { pglitePool } from "../../src/db/connection.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { startPgliteWorker } from "../../src/db/pgliteWorker.ts";
import type { Database } from "../../src/db/schema.ts";
import { type FileStorage, StoredFileTooLargeError } from "../../src/integrations/storage/fileStorage.ts";
import { seedDemoProvince } from "../../src/services/seed/seedDemoProvince.ts";

export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** The agency every bench dossier is received and decided at (Phường Trung Tâm) and its demo officers. */
export const BENCH_AGENCY = "000.20.01.H99";
/** A local procedure added for the benchmarks: online, 5 working days, one component that is not required. */
export const BENCH_PROCEDURE = "9.999001";

export interface BenchPostgres {
  name: string;
  url: string;
  /** Drops the database (terminating any connection left). Safe to call twice. */
  drop(): Promise<void>;
}

/** Creates `onestop_bench_<random>` on the server of BENCH_DATABASE_URL (or the local one). */
export async function createBenchPostgres(): Promise<BenchPostgres> {
  const name = `onestop_bench_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      await client.query(`drop database if exists ${name} with (force)`);
    } finally {
      await client.end();
    }
  };
  // Ctrl-C during a run still drops the database.
  const onSignal = () => {
    drop().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return {
    name,
    url: url.toString(),
    drop: async () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      await drop();
    },
  };
}

/**
 * A `pg` pool for a bench side. An idle connection the server ends (the drop at the end terminates whatever is
 * still closing) is only discarded: without a listener its "error" event would crash the run.
 */
export function benchPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on("error", () => {});
  return pool;
}

/** Runs `work` on a fresh PostgreSQL database and drops it afterwards, whatever happens. */
export async function withBenchPostgres<T>(work: (database: BenchPostgres) => Promise<T>): Promise<T> {
  const database = await createBenchPostgres();
  try {
    return await work(database);
  } finally {
    await database.drop();
  }
}

/** An in-memory PGlite with one pooled connection, built exactly as src/db/connection.ts builds it. */
export async function openMemoryPglite(): Promise<{
  pool: pg.Pool;
  db: Kysely<Database>;
  close(): Promise<void>;
}> {
  // Issue #21: in its worker thread, as the app runs it.
  const pglite = await startPgliteWorker({ dataDir: "memory://", durability: "fsync" });
  const pool = pglitePool(pglite);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    pool,
    db,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

/** Migrates, seeds the demo province and adds the bench offering. */
export async function prepareDatabase(db: Kysely<Database>): Promise<void> {
  await migrateToLatest(db);
  await seedDemoProvince(db);
  await addBenchOffering(db);
}

/**
 * A copy of Đăng ký lại khai sinh's catalog row as a local procedure with one optional component, offered online at
 * Phường Trung Tâm: the submission needs no upload, so the figure measures the dossier's lifecycle, not file
 * handling. (The result the leader approves is still uploaded, through the in-memory storage.)
 */
export async function addBenchOffering(db: Kysely<Database>): Promise<void> {
  await sql`
    insert into procedures (code, name, field_id, time_limit_amount, time_limit_unit, online_level, search_text, source)
    select ${BENCH_PROCEDURE}, 'Thủ tục đo hiệu năng', field_id, 5, 'wd', 'full', 'thu tuc do hieu nang', 'local'
    from procedures where code = '1.004884'`.execute(db);
  await sql`
    insert into procedure_components (procedure_id, position, name, required)
    select id, 0, 'Tờ khai (không bắt buộc)', false from procedures where code = ${BENCH_PROCEDURE}`.execute(
    db,
  );
  await sql`
    insert into procedure_offerings (agency_id, procedure_id, online_level, channels)
    select a.id, p.id, 'full', '{online,counter}'
    from agencies a, procedures p where a.code = ${BENCH_AGENCY} and p.code = ${BENCH_PROCEDURE}`.execute(db);
}

/** The FileStorage port in memory, so disk I/O does not dominate either side. */
export function memoryStorage(): FileStorage {
  const files = new Map<string, Uint8Array>();
  return {
    async put(content) {
      const sha256 = createHash("sha256").update(content).digest("hex");
      if (!files.has(sha256)) files.set(sha256, content);
      return { key: sha256, sha256, size: content.byteLength };
    },
    async putStream(source, options) {
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of source) {
        size += chunk.byteLength;
        if (size > options.maxBytes) throw new StoredFileTooLargeError(options.maxBytes);
        chunks.push(chunk);
      }
      const content = Buffer.concat(chunks);
      const sha256 = createHash("sha256").update(content).digest("hex");
      await options.verify?.(() => Readable.from([content], { objectMode: false }), {
        key: sha256,
        sha256,
        size,
      });
      if (!files.has(sha256)) files.set(sha256, content);
      return { key: sha256, sha256, size };
    },
    async get(key) {
      return files.get(key);
    },
    async getStream(key) {
      const content = files.get(key);
      return content
        ? { body: Readable.from([content], { objectMode: false }), size: content.byteLength }
        : undefined;
    },
    async has(key) {
      return files.has(key);
    },
  };
}

/** A minimal valid PDF (what the content check accepts), different for each `text`. */
export const samplePdf = (text: string): Uint8Array =>
  new TextEncoder().encode(
    `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );

export const fmt = (value: number, digits = 0): string =>
  value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const pct = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;
