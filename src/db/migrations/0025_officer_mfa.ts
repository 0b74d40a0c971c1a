import { type Kysely, sql } from "kysely";

/**
 * Officers' second factor and province SSO (issue #14, R-ACC-2): each officer's TOTP secret (RFC 6238; sealed with
 * MFA_ENCRYPTION_KEY when set, never returned once confirmed) with the last time step accepted (a code is good
 * once), the recovery codes (argon2 hashes, each single use), and the sign-ins waiting for their code after the
 * password or the SSO: no session exists until the code is right. Own tables, nothing else reads them.
 * Plain PostgreSQL accepted by PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table officer_mfa (
      user_id uuid primary key references users (id) on delete cascade,
      secret text not null,
      created_at timestamptz not null,
      -- null while enrolment waits for its first code
      confirmed_at timestamptz,
      -- the RFC 6238 time step of the last code accepted: that code and older ones are refused (replay)
      last_used_step bigint,
      failed_attempts integer not null default 0,
      locked_until timestamptz
    )`.execute(db);

  await sql`
    create table officer_mfa_recovery_codes (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      code_hash text not null,
      used_at timestamptz
    )`.execute(db);
  await sql`create index officer_mfa_recovery_codes_user_idx on officer_mfa_recovery_codes (user_id)`.execute(
    db,
  );

  await sql`
    create table mfa_challenges (
      -- SHA-256 of the cookie's value
      token_hash text primary key,
      user_id uuid not null references users (id) on delete cascade,
      method text not null check (method in ('password', 'officer_sso')),
      -- R-ACC-2: the first-login password change still owed after the code
      must_change_password boolean not null,
      -- the province SSO's ID token, kept for the session's RP-initiated logout
      id_token text,
      return_to text not null,
      attempts integer not null default 0,
      created_at timestamptz not null,
      expires_at timestamptz not null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists mfa_challenges`.execute(db);
  await sql`drop table if exists officer_mfa_recovery_codes`.execute(db);
  await sql`drop table if exists officer_mfa`.execute(db);
}
