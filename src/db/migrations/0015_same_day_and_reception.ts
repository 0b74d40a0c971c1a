import { type Kysely, sql } from "kysely";

/**
 * Issue #12 §3 and §5. Same-day and immediate procedures (R-CAL-6, R-RECV-4): a procedure's legal time may be a kind
 * besides its duration, and each dossier keeps the kind it was received under (like its legal time, R-LAW-2).
 * Reception outside the office (R-RECV-5: mobile, on site) is flagged per dossier. Plain PostgreSQL accepted by
 * PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table procedures
      add column time_limit_kind text check (time_limit_kind in ('same_day', 'immediate'))`.execute(db);
  await sql`
    alter table dossiers
      add column legal_time_kind text check (legal_time_kind in ('same_day', 'immediate')),
      add column reception_place text check (reception_place in ('mobile', 'on_site'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table dossiers drop column reception_place, drop column legal_time_kind`.execute(db);
  await sql`alter table procedures drop column time_limit_kind`.execute(db);
}
