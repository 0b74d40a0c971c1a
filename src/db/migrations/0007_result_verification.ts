import { type Kysely, sql } from "kysely";

/**
 * Verifiable electronic results (R-RES-1, R-RES-2): the province's signing keys and one row per issued result with
 * its verification code, the result file's sha256 and the signed JWS its QR code carries.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table result_signing_keys (
    kid text primary key,
    algorithm text not null,
    public_jwk jsonb not null,
    private_jwk jsonb not null,
    created_at timestamptz not null default now(),
    retired_at timestamptz,
    expires_at timestamptz
  )`.execute(db);
  // One active (not retired) key at a time: two processes creating the first key at once cannot both win.
  await sql`create unique index result_signing_keys_one_active on result_signing_keys ((true))
    where retired_at is null`.execute(db);
  await sql`create table issued_results (
    id uuid primary key default gen_random_uuid(),
    dossier_id uuid not null references dossiers (id),
    file_id uuid not null references dossier_files (id),
    verification_code text not null unique,
    file_sha256 text not null,
    kid text not null references result_signing_keys (kid),
    jws text not null,
    issued_at timestamptz not null,
    agency_id uuid not null references agencies (id),
    agency_name text not null,
    dossier_code text not null,
    procedure_code text not null,
    procedure_name text not null,
    holder_kind text not null check (holder_kind in ('person', 'organisation')),
    holder_name text not null
  )`.execute(db);
  await sql`create index issued_results_dossier on issued_results (dossier_id, issued_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table issued_results`.execute(db);
  await sql`drop table result_signing_keys`.execute(db);
}
