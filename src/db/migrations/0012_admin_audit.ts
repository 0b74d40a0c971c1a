import { type Kysely, sql } from "kysely";

/**
 * The administrators' audit log (issue #6): every change made in the admin console — agencies, units, accounts,
 * role grants, offerings, e-forms, the working calendar — with who, when, what, and the record before and after,
 * written in the same transaction as the change; e-form schemas kept in their field order. Plain PostgreSQL accepted by PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table admin_audit (
      id uuid primary key default gen_random_uuid(),
      at timestamptz not null,
      actor_id uuid not null references users (id),
      actor_username text not null,
      -- the agency whose data changed; null for province-wide data (the holiday calendar, system accounts)
      agency_id uuid references agencies (id),
      action text not null check (char_length(action) between 1 and 60),
      entity text not null check (char_length(entity) between 1 and 40),
      entity_id text not null,
      summary text not null default '',
      before jsonb,
      after jsonb
    )`.execute(db);
  await sql`create index admin_audit_at_idx on admin_audit (at desc)`.execute(db);
  await sql`create index admin_audit_agency_idx on admin_audit (agency_id, at desc)`.execute(db);
  await sql`create index admin_audit_entity_idx on admin_audit (entity, entity_id)`.execute(db);
  // An e-form's fields are shown in the order of its schema's properties, and jsonb re-orders object keys (shortest
  // first): json keeps the text as the administrator saved it. Nothing queries inside the schema in SQL.
  await sql`alter table procedure_offerings alter column form_schema type json using form_schema::text::json`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table procedure_offerings alter column form_schema type jsonb using form_schema::jsonb`.execute(
    db,
  );
  await sql`drop table if exists admin_audit`.execute(db);
}
