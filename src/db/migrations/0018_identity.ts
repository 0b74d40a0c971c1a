import { type Kysely, sql } from "kysely";

/**
 * Identity (issue #14, R-ACC-1, R-ACC-2): accounts verified with the national e-ID (VNeID) through OpenID Connect,
 * the pending sign-ins (state, nonce, PKCE verifier: single use), the links of existing local accounts waiting for
 * their password, the ID token kept for the provider's logout, and the minimum assurance level of an offering.
 * Own tables instead of new columns on users/sessions/procedure_offerings: nothing else reads them.
 * Plain PostgreSQL accepted by PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table vneid_identities (
      user_id uuid primary key references users (id),
      issuer text not null,
      -- the provider's stable subject identifier (sub)
      subject text not null,
      -- NĐ 69/2024: level 1 or level 2 e-ID account, from the acr claim
      assurance_level smallint not null check (assurance_level between 1 and 2),
      verified_at timestamptz not null,
      last_login_at timestamptz not null,
      unique (issuer, subject)
    )`.execute(db);

  await sql`
    create table oidc_login_requests (
      -- SHA-256 of the state sent to the provider: consumed once by the callback (a replayed code is refused)
      state_hash text primary key,
      provider text not null check (provider in ('citizen', 'officer')),
      nonce text not null,
      code_verifier text not null,
      return_to text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index oidc_login_requests_expires_idx on oidc_login_requests (expires_at)`.execute(db);

  await sql`
    create table oidc_link_requests (
      token_hash text primary key,
      user_id uuid not null references users (id),
      issuer text not null,
      subject text not null,
      assurance_level smallint not null check (assurance_level between 1 and 2),
      full_name text not null,
      -- kept for the session the link opens (the provider's logout needs it)
      id_token text not null,
      return_to text not null,
      attempts integer not null default 0,
      created_at timestamptz not null,
      expires_at timestamptz not null
    )`.execute(db);

  await sql`
    create table oidc_sessions (
      session_id uuid primary key references sessions (id) on delete cascade,
      provider text not null check (provider in ('citizen', 'officer')),
      -- the ID token, sent back as id_token_hint when the user logs out (RP-initiated logout)
      id_token text not null
    )`.execute(db);

  await sql`
    create table offering_identity_requirements (
      offering_id uuid primary key references procedure_offerings (id),
      min_assurance_level smallint not null check (min_assurance_level between 1 and 2),
      updated_at timestamptz not null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists offering_identity_requirements`.execute(db);
  await sql`drop table if exists oidc_sessions`.execute(db);
  await sql`drop table if exists oidc_link_requests`.execute(db);
  await sql`drop table if exists oidc_login_requests`.execute(db);
  await sql`drop table if exists vneid_identities`.execute(db);
}
