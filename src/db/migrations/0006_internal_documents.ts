import { type Kysely, sql } from "kysely";

/**
 * Documents that stay with the office (the process control sheet, R-FORM-4 and R-FORM-8) get their own purpose, so
 * the applicant's view and downloads can leave them out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table dossier_files drop constraint dossier_files_purpose_check`.execute(db);
  await sql`alter table dossier_files add constraint dossier_files_purpose_check
    check (purpose in ('component', 'supplement', 'result', 'notice', 'internal', 'other'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table dossier_files drop constraint dossier_files_purpose_check`.execute(db);
  await sql`alter table dossier_files add constraint dossier_files_purpose_check
    check (purpose in ('component', 'supplement', 'result', 'notice', 'other'))`.execute(db);
}
