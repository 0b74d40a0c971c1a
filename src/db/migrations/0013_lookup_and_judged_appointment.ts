import { type Kysely, sql } from "kysely";

/**
 * Issue #12 §1–§2, issue #20 (name enumeration).
 *
 * - `lookup_token_keys`: the server's secret for the token the reception slip's QR code carries (an HMAC of the
 *   dossier code): with it the public lookup shows the applicant's full name, without it a masked one. One row,
 *   generated on first need like the result signing keys (0007), so no installation step can forget it.
 * - R-LATE-3 (clarified): timeliness is judged against the appointment before any extension. Verdicts projected
 *   before this (0010) took the extended appointment: every extended dossier is marked pending so the projection
 *   classifies it again with the rule as it is now.
 * - The live "overdue" counts read the judged appointment (`coalesce(original_due_at, due_at)`): an index for them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table lookup_token_keys (
      id smallint primary key default 1 check (id = 1),
      secret text not null,
      created_at timestamptz not null
    )`.execute(db);
  await sql`update dossiers set timeliness_pending = true where extended_due_at is not null`.execute(db);
  await sql`
    create index dossiers_open_judged_due_idx on dossiers (deciding_agency_id, (coalesce(original_due_at, due_at)))
      where status in (1, 2, 4, 5, 6, 7)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists dossiers_open_judged_due_idx`.execute(db);
  await sql`update dossiers set timeliness_pending = true where extended_due_at is not null`.execute(db);
  await sql`drop table if exists lookup_token_keys`.execute(db);
}
