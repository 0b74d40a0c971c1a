import { type Kysely, sql } from "kysely";

/**
 * The public postal service (BCCI, issue #18; R-SUB-2, R-RES-3):
 *
 * - the `postal_staff` role: postal workers who submit online on a citizen's behalf (S3 Đ30);
 * - `postal_consents`: the citizen's consent to such a submission, who gave it and how it was confirmed;
 * - `postal_orders`: a pickup of the dossier at an address, or the result delivered by post, sent to the postal
 *   port and followed through its states (accepted → collected → delivered, or failed), with the fee quoted and, for
 *   a result, the 24-hour delivery watch (R-RES-3: handed over → due 24 h later; warned, overdue);
 * - `postal_webhook_events`: every signed state notice received, once per notice id (duplicates are answered, never
 *   applied twice; a late one older than the order's state is kept but changes nothing).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // The role list is widened, never narrowed: any role another migration added stays allowed.
  const existing = await sql<{ definition: string }>`
    select pg_get_constraintdef(oid) as definition from pg_constraint
     where conname = 'role_grants_role_check'`.execute(db);
  const listed = new Set(
    [...(existing.rows[0]?.definition ?? "").matchAll(/'([a-z_]+)'/g)].map((match) => match[1]!),
  );
  listed.add("postal_staff");
  await sql`alter table role_grants drop constraint if exists role_grants_role_check`.execute(db);
  await sql`alter table role_grants add constraint role_grants_role_check check (role in (${sql.join(
    [...listed].map((role) => sql.lit(role)),
  )}))`.execute(db);

  await sql`
    create table postal_consents (
      id uuid primary key default gen_random_uuid(),
      staff_user_id uuid not null references users (id),
      citizen_name text not null,
      citizen_id_number text not null,
      citizen_phone text not null,
      method text not null check (method in ('signed_form', 'phone_confirmation')),
      reference text not null,
      confirmed_at timestamptz not null,
      dossier_id uuid references dossiers (id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index postal_consents_staff_idx on postal_consents (staff_user_id, created_at desc)`.execute(
    db,
  );
  await sql`create unique index postal_consents_dossier_idx on postal_consents (dossier_id)`.execute(db);

  await sql`
    create table postal_orders (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossiers (id),
      agency_id uuid not null references agencies (id),
      kind text not null check (kind in ('pickup', 'result_delivery')),
      status text not null default 'requested'
        check (status in ('requested', 'sending', 'accepted', 'collected', 'delivered', 'failed')),
      recipient_name text not null,
      recipient_phone text not null,
      address text not null,
      fee integer check (fee is null or fee >= 0),
      partner_order_code text unique,
      failure_reason text,
      last_state_at timestamptz,
      send_attempts integer not null default 0,
      next_attempt_at timestamptz,
      last_error text,
      requested_by_user_id uuid references users (id),
      requested_by_role text not null,
      handed_over_at timestamptz,
      watch_due_at timestamptz,
      watch_level text check (watch_level in ('dueSoon', 'overdue')),
      delivered_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  // One live order of each kind per dossier; a failed one may be followed by a new one.
  await sql`create unique index postal_orders_live_idx on postal_orders (dossier_id, kind)
    where status <> 'failed'`.execute(db);
  await sql`create index postal_orders_send_idx on postal_orders (next_attempt_at) where status = 'sending'`.execute(
    db,
  );
  await sql`create index postal_orders_watch_idx on postal_orders (watch_due_at)
    where watch_due_at is not null and delivered_at is null and status <> 'failed'`.execute(db);

  await sql`
    create table postal_webhook_events (
      event_id text primary key,
      order_id uuid not null references postal_orders (id),
      state text not null,
      at timestamptz not null,
      applied boolean not null,
      received_at timestamptz not null default now()
    )`.execute(db);
}
