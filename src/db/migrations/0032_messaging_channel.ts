import { type Kysely, sql } from "kysely";

/**
 * The public-administration channel on a social-messaging platform (issue #18, Zalo OA style; R-LOOK-1, R-LOOK-3).
 *
 * - `messaging_followers`: who follows which dossier on the channel (the platform's follower id), with the language
 *   of their messages; an unfollow keeps the row (`unfollowed_at`), a new follow opens it again.
 * - `messaging_inbound_events`: every webhook event once, by the platform's event id (a redelivery changes
 *   nothing), with what was done and who sent it (the hourly quota counts these).
 * - `messaging_photos`: photos of papers sent for a dossier awaiting a supplement, held for the officer to accept
 *   (attached as supplement files) or reject.
 * - the notification dispatcher gets the channel `zalo`; each account may turn it off for the dossiers it owns.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table messaging_followers (
      id uuid primary key default gen_random_uuid(),
      follower_id text not null,
      dossier_id uuid not null references dossiers (id),
      language text not null default 'vi' check (language in ('vi', 'en')),
      followed_at timestamptz not null,
      unfollowed_at timestamptz,
      unique (follower_id, dossier_id)
    )`.execute(db);
  await sql`create index messaging_followers_dossier on messaging_followers (dossier_id) where unfollowed_at is null`.execute(
    db,
  );
  await sql`
    create table messaging_inbound_events (
      event_id text primary key,
      follower_id text not null,
      event_name text not null,
      received_at timestamptz not null,
      outcome text not null,
      dossier_id uuid references dossiers (id),
      notification_id uuid references notifications (id)
    )`.execute(db);
  await sql`create index messaging_inbound_events_sender on messaging_inbound_events (follower_id, received_at)`.execute(
    db,
  );
  await sql`
    create table messaging_photos (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossiers (id),
      agency_id uuid not null references agencies (id),
      follower_id text not null,
      event_id text not null references messaging_inbound_events (event_id),
      storage_key text not null,
      sha256 text not null,
      file_name text not null,
      media_type text not null,
      size_bytes integer not null check (size_bytes > 0),
      received_at timestamptz not null,
      status text not null default 'pending' check (status in ('pending', 'accepted', 'rejected')),
      decided_by uuid references users (id),
      decided_at timestamptz,
      reject_reason text,
      dossier_file_id uuid references dossier_files (id)
    )`.execute(db);
  await sql`create index messaging_photos_dossier on messaging_photos (dossier_id, received_at)`.execute(db);
  await sql`alter table notifications drop constraint notifications_channel_check`.execute(db);
  await sql`
    alter table notifications add constraint notifications_channel_check
      check (channel in ('email', 'sms', 'social', 'zalo'))`.execute(db);
  await sql`alter table notification_preferences add column zalo boolean not null default true`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table notification_preferences drop column zalo`.execute(db);
  await sql`delete from notifications where channel = 'zalo'`.execute(db);
  await sql`alter table notifications drop constraint notifications_channel_check`.execute(db);
  await sql`
    alter table notifications add constraint notifications_channel_check
      check (channel in ('email', 'sms', 'social'))`.execute(db);
  await sql`drop table messaging_photos`.execute(db);
  await sql`drop table messaging_inbound_events`.execute(db);
  await sql`drop table messaging_followers`.execute(db);
}
