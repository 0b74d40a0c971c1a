import { type Kysely, sql } from "kysely";

/**
 * The public lookup (R-LOOK-2) reads a dossier's consultations by dossier; without this index every lookup of an
 * accepted dossier scanned the whole table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index consultations_dossier_idx on consultations (dossier_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists consultations_dossier_idx`.execute(db);
}
