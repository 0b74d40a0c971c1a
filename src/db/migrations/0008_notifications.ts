import { type Kysely, sql } from "kysely";

/**
 * Notifications (issue #7, R-LOOK-3) and the SMS lookup (R-LOOK-1).
 *
 * The outbox stays readable by every consumer (reports, national sync): the notification dispatcher never marks an
 * outbox row as processed. It records what it has handled in `outbox_consumptions` (one row per consumer and outbox
 * row; the primary key makes a second dispatcher's insert a no-op), and turns each outbox row into one `notifications`
 * row per recipient × channel, whose unique `idempotency_key` makes the fan-out idempotent. A notification row is
 * delivered by whichever dispatcher claims it (FOR UPDATE SKIP LOCKED + a lease), with attempts, exponential backoff
 * and a dead letter after the configured number of failures.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table outbox_consumptions (
      consumer text not null,
      outbox_id bigint not null references outbox (id),
      processed_at timestamptz not null,
      primary key (consumer, outbox_id)
    )`.execute(db);

  // Per-user channel choices; a user without a row gets the defaults (e-mail and SMS on, social off).
  await sql`
    create table notification_preferences (
      user_id uuid primary key references users (id),
      email boolean not null,
      sms boolean not null,
      social boolean not null,
      -- the account on the approved social network (R-LOOK-3), e.g. a Zalo phone number
      social_handle text,
      language text not null check (language in ('vi', 'en')),
      updated_at timestamptz not null,
      check (not social or social_handle is not null)
    )`.execute(db);

  await sql`
    create table notifications (
      id uuid primary key default gen_random_uuid(),
      -- also the Message-ID / Idempotency-Key handed to the gateway, so a resend after a lost answer is recognisable
      idempotency_key text not null unique,
      outbox_id bigint references outbox (id),
      dossier_id uuid references dossiers (id),
      -- the dossier's receiving agency: scopes the dead-letter list of an agency administrator
      agency_id uuid references agencies (id),
      kind text not null,
      channel text not null check (channel in ('email', 'sms', 'social')),
      recipient_user_id uuid references users (id),
      address text not null,
      language text not null check (language in ('vi', 'en')),
      subject text,
      body text not null,
      status text not null check (status in ('pending', 'sent', 'dead')),
      attempts integer not null default 0,
      available_at timestamptz not null,
      locked_until timestamptz,
      lease_token uuid,
      last_error text,
      provider_message_id text,
      sent_at timestamptz,
      dead_at timestamptz,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index notifications_due_idx on notifications (available_at) where status = 'pending'`.execute(
    db,
  );
  await sql`create index notifications_dead_idx on notifications (agency_id, dead_at) where status = 'dead'`.execute(
    db,
  );
  await sql`create index notifications_dossier_idx on notifications (dossier_id, created_at)`.execute(db);

  // Inbound SMS of the lookup (R-LOOK-1): the gateway's message id makes a redelivered webhook answer once, and the
  // rows per phone number are the rate limit shared by every server process.
  await sql`
    create table sms_inbound (
      id uuid primary key default gen_random_uuid(),
      gateway_message_id text not null unique,
      phone text not null,
      text text not null,
      received_at timestamptz not null,
      outcome text not null check (outcome in ('found', 'unknown', 'invalid', 'limited', 'silenced')),
      notification_id uuid references notifications (id)
    )`.execute(db);
  await sql`create index sms_inbound_phone_idx on sms_inbound (phone, received_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["sms_inbound", "notifications", "notification_preferences", "outbox_consumptions"])
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
}
