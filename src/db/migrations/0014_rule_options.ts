import { type Kysely, sql } from "kysely";

/**
 * Rule options (issue #12 §6, REGULATIONS §0 [M], §24): the province's values live in `settings` under the key
 * `rule_options`; a procedure offering may override any of them here. Only the options an offering changes are
 * stored (a JSON object); the others follow the province. Plain PostgreSQL accepted by PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table offering_rule_options (
      offering_id uuid primary key references procedure_offerings (id) on delete cascade,
      options jsonb not null check (jsonb_typeof(options) = 'object'),
      updated_at timestamptz not null default now()
    )`.execute(db);
  // The abandonment job (R-SUPP-4) looks only at dossiers waiting for a supplement.
  await sql`create index dossiers_waiting_supplement_idx on dossiers (id) where status = 5`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists dossiers_waiting_supplement_idx`.execute(db);
  await sql`drop table if exists offering_rule_options`.execute(db);
}
