import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { commonDeclarationSourceSchema } from "../../domain/eform/commonDeclarationSources.ts";
import {
  checkSourcedValues,
  type FieldCheck,
  isPopulationSource,
  sourcedFields,
  valueAt,
} from "../../domain/eform/fieldSources.ts";
import type { PopulationDatabase } from "../../integrations/population/populationDatabase.ts";
import type { Actor } from "../accounts/actor.ts";
import { lookupCitizen } from "./queryPopulation.ts";

/**
 * After an online submission (issue #14, R-SUB-1): the values the form says come from the population database are
 * checked against it, field by field, so the officer sees which are verified. The database unavailable never blocks
 * the submission: the fields are recorded `unverified` (degraded mode). Runs once per dossier: a repeated submission
 * (same idempotency key) neither asks again nor logs a second query. Returns how many fields were recorded.
 */
export async function checkSubmittedDossier(
  db: Kysely<Database>,
  population: PopulationDatabase,
  input: { dossierId: string; actor: Actor; now: Date },
): Promise<number> {
  // One statement (issue #21: it follows every online submission): the dossier and whether it was checked already.
  const dossier = await db
    .selectFrom("dossiers as d")
    .innerJoin("procedure_offerings as o", "o.id", "d.offering_id")
    .innerJoin("procedures as p", "p.id", "d.procedure_id")
    .innerJoin("users as u", "u.id", "d.owner_user_id")
    .select((eb) => [
      "d.id",
      "d.code",
      "d.form_data",
      "o.form_schema",
      "p.name as procedure_name",
      "u.identification_number",
      eb
        .exists(
          eb
            .selectFrom("population_field_checks as c")
            .select("c.path")
            .whereRef("c.dossier_id", "=", "d.id"),
        )
        .as("already"),
    ])
    .where("d.id", "=", input.dossierId)
    .executeTakeFirst();
  if (!dossier || dossier.already) return 0;
  const schema = dossier.form_schema ?? commonDeclarationSourceSchema();
  const claimed = sourcedFields(schema).filter(
    (field) => isPopulationSource(field.source) && valueAt(dossier.form_data, field.path) !== undefined,
  );
  if (claimed.length === 0) return 0;
  let checks: FieldCheck[];
  if (!dossier.identification_number) checks = checkSourcedValues(schema, dossier.form_data, null);
  else {
    const answer = await lookupCitizen(db, population, {
      actor: input.actor,
      agency: null,
      citizenIdNumber: dossier.identification_number,
      dossier: { id: dossier.id, code: dossier.code },
      purpose: "submission_check",
      purposeNote: `Đối chiếu tờ khai khi nộp hồ sơ: ${dossier.procedure_name}`,
      now: input.now,
    });
    checks = checkSourcedValues(
      schema,
      dossier.form_data,
      answer.outcome === "answered" ? answer.record : null,
    );
    // Not found: the account's number is not registered, so nothing claimed from the database holds.
    if (answer.outcome === "not_found") checks = checks.map((check) => ({ ...check, status: "mismatch" }));
  }
  if (checks.length === 0) return 0;
  await db
    .insertInto("population_field_checks")
    .values(
      checks.map((check) => ({
        dossier_id: dossier.id,
        path: check.path,
        source: check.source,
        status: check.status,
        checked_at: input.now,
      })),
    )
    .onConflict((conflict) => conflict.columns(["dossier_id", "path"]).doNothing())
    .execute();
  return checks.length;
}
