import { type Kysely, sql } from "kysely";

/**
 * The officer inbox by agency first (issue #21): the due-soon and overdue boxes gather the open dossiers of the
 * officer's receiving agencies in the deadline window through this index, instead of reading every open dossier of
 * the province in the window before filtering by agency (the deciding agency's side has dossiers_open_deciding_idx,
 * migration 0010). It carries the id, so the candidates are an index-only scan. Open here is what those boxes watch: received, in process, waiting for a payment (R-STATUS-1).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index dossiers_open_agency_due_idx on dossiers (agency_id, due_at) include (id)
      where status in (2, 4, 6)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists dossiers_open_agency_due_idx`.execute(db);
}
