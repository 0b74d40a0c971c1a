import type { Kysely } from "kysely";
import type { FieldCheckStatus } from "../../db/populationTables.ts";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../accounts/actor.ts";
import { assertCanSee } from "../dossiers/dossierAccess.ts";
import { findDossier } from "../dossiers/dossierStore.ts";
import { dossierNotFound } from "../dossiers/runDossierCommand.ts";

export interface DossierFieldCheck {
  path: string;
  source: string;
  status: FieldCheckStatus;
  checkedAt: Date;
}

/** Which of a dossier's form values were checked against the population database, and how (issue #14). */
export async function dossierFieldChecks(
  db: Kysely<Database>,
  input: { dossierId: string; actor: Actor },
): Promise<DossierFieldCheck[]> {
  const record = await findDossier(db, input.dossierId);
  if (!record) throw dossierNotFound();
  assertCanSee(input.actor, record.row);
  const rows = await db
    .selectFrom("population_field_checks")
    .select(["path", "source", "status", "checked_at"])
    .where("dossier_id", "=", input.dossierId)
    .orderBy("path")
    .execute();
  return rows.map((row) => ({
    path: row.path,
    source: row.source,
    status: row.status,
    checkedAt: row.checked_at,
  }));
}
