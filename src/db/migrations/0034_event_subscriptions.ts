import { type Kysely, sql } from "kysely";

/**
 * Outbound dossier events (issue #18, seed 004 Đ18.2): the partner systems (sector software, the provincial
 * integration platform LGSP, the province's document system) that subscribe to OneStop's dossier events, each with
 * its target, signing secret and scope. The deliveries themselves are rows of the one outbound queue
 * (outbound_deliveries, destination `events:<subscription id>`), ordered per dossier.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table event_subscriptions (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      target_url text not null,
      secret text not null,
      agency_ids jsonb not null default '[]'::jsonb,
      event_types jsonb not null default '[]'::jsonb,
      include_applicant boolean not null default false,
      active boolean not null default true,
      created_by uuid references users (id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`create unique index event_subscriptions_name on event_subscriptions (lower(name))`.execute(db);
  // Replay "from a time" looks deliveries up by destination and creation time.
  await sql`create index outbound_deliveries_destination_created on outbound_deliveries (destination, created_at)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists outbound_deliveries_destination_created`.execute(db);
  await sql`drop table if exists event_subscriptions`.execute(db);
}
