import { type Kysely, sql } from "kysely";

/**
 * Support and service announcements (issue #17): the support staff role and its tickets (R-OPS-4: in-app requests and
 * hotline calls, with response targets and a history), planned maintenance windows (R-OPS-3: announced 5 working days
 * ahead) and incidents with their reply and fix clocks (R-OPS-2).
 */
const ROLES_BEFORE = `'citizen', 'organisation_representative', 'counter_officer', 'specialist', 'unit_head',
  'agency_leader', 'agency_admin', 'service_center_monitor', 'system_admin'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // The role list is widened, never narrowed: any role another migration added stays allowed.
  const existing = await sql<{ definition: string }>`
    select pg_get_constraintdef(oid) as definition from pg_constraint
     where conname = 'role_grants_role_check'`.execute(db);
  const listed = new Set(
    [...(existing.rows[0]?.definition ?? ROLES_BEFORE).matchAll(/'([a-z_]+)'/g)].map((match) => match[1]!),
  );
  listed.add("support_staff");
  await sql`alter table role_grants drop constraint if exists role_grants_role_check`.execute(db);
  await sql`alter table role_grants add constraint role_grants_role_check check (role in (${sql.join(
    [...listed].map((role) => sql.lit(role)),
  )}))`.execute(db);

  await sql`
    create table support_tickets (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      channel text not null check (channel in ('web', 'hotline')),
      topic text not null check (topic in ('account', 'submission', 'payment', 'lookup', 'technical', 'other')),
      status text not null default 'new'
        check (status in ('new', 'in_progress', 'waiting_requester', 'resolved', 'closed')),
      description text not null,
      page_url text,
      dossier_id uuid references dossiers (id),
      requester_user_id uuid references users (id),
      requester_name text,
      requester_phone text,
      requester_email text,
      assignee_id uuid references users (id),
      logged_by uuid references users (id),
      created_at timestamptz not null,
      response_due_at timestamptz not null,
      resolution_due_at timestamptz not null,
      first_response_at timestamptz,
      resolved_at timestamptz,
      updated_at timestamptz not null,
      check (requester_user_id is not null or requester_phone is not null or requester_email is not null)
    )`.execute(db);
  await sql`create index support_tickets_status_idx on support_tickets (status, created_at)`.execute(db);
  await sql`create index support_tickets_created_idx on support_tickets (created_at)`.execute(db);
  await sql`create index support_tickets_requester_idx on support_tickets (requester_user_id)`.execute(db);

  await sql`
    create table support_ticket_events (
      id uuid primary key default gen_random_uuid(),
      -- Several rows of one change share their instant: the sequence keeps the order they were written in.
      seq bigint generated always as identity,
      ticket_id uuid not null references support_tickets (id),
      at timestamptz not null,
      actor_id uuid references users (id),
      kind text not null check (kind in ('created', 'status', 'assigned', 'note')),
      from_status text,
      to_status text,
      assignee_id uuid references users (id),
      note text
    )`.execute(db);
  await sql`create index support_ticket_events_ticket_idx on support_ticket_events (ticket_id, at)`.execute(
    db,
  );

  await sql`
    create table maintenance_windows (
      id uuid primary key default gen_random_uuid(),
      title text not null,
      message text not null,
      announced_at timestamptz not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      restrict_writes boolean not null default true,
      cancelled_at timestamptz,
      created_by uuid not null references users (id),
      check (ends_at > starts_at)
    )`.execute(db);
  await sql`create index maintenance_windows_end_idx on maintenance_windows (ends_at)`.execute(db);

  await sql`
    create table incidents (
      id uuid primary key default gen_random_uuid(),
      title text not null,
      description text not null,
      started_at timestamptz not null,
      response_due_at timestamptz not null,
      fix_due_at timestamptz not null,
      responded_at timestamptz,
      response text,
      estimated_fix_at timestamptz,
      resolved_at timestamptz,
      resolution text,
      created_by uuid not null references users (id),
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index incidents_started_idx on incidents (started_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table incidents`.execute(db);
  await sql`drop table maintenance_windows`.execute(db);
  await sql`drop table support_ticket_events`.execute(db);
  await sql`drop table support_tickets`.execute(db);
  await sql`delete from role_grants where role = 'support_staff'`.execute(db);
  await sql`alter table role_grants drop constraint if exists role_grants_role_check`.execute(db);
  await sql`alter table role_grants add constraint role_grants_role_check check (role in (${sql.raw(
    ROLES_BEFORE,
  )}))`.execute(db);
}
