import { type Kysely, sql } from "kysely";

/**
 * Accounts (issue #4 §1): server-side sessions and the security audit (logins, lockouts, denials).
 * Only a SHA-256 of the session token is stored, so a leaked table cannot be replayed as cookies.
 * Plain PostgreSQL accepted by both PostgreSQL 15 and PGlite (PostgreSQL 18).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Organisation accounts (R-ACC-1): the organisation's name beside the representative's (users.full_name).
  await sql`alter table users add column organisation_name text`.execute(db);

  await sql`
    create table sessions (
      id uuid primary key default gen_random_uuid(),
      token_hash text not null unique,
      user_id uuid not null references users (id),
      csrf_token text not null,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      -- sliding idle expiry, never later than created_at + the absolute maximum
      expires_at timestamptz not null,
      ip text,
      user_agent text,
      -- R-ACC-2: the password must be changed before anything else
      restricted boolean not null default false
    )`.execute(db);
  await sql`create index sessions_user_idx on sessions (user_id)`.execute(db);
  await sql`create index sessions_expires_idx on sessions (expires_at)`.execute(db);

  await sql`
    create table security_events (
      id uuid primary key default gen_random_uuid(),
      at timestamptz not null,
      kind text not null check (kind in ('login', 'login_failed', 'locked', 'login_blocked', 'logout',
        'password_changed', 'registered', 'access_denied')),
      user_id uuid references users (id),
      -- as typed at login (lower-cased): failures for unknown names are audited too
      username text,
      ip text,
      route text,
      detail jsonb not null default '{}'
    )`.execute(db);
  await sql`create index security_events_at_idx on security_events (at)`.execute(db);
  await sql`create index security_events_user_idx on security_events (user_id, at)`.execute(db);
  await sql`create index security_events_username_idx on security_events (username, at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists security_events`.execute(db);
  await sql`drop table if exists sessions`.execute(db);
  await sql`alter table users drop column if exists organisation_name`.execute(db);
}
