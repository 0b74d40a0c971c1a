import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/schema.ts";
import { commonDeclarationSourceSchema } from "../../domain/eform/commonDeclarationSources.ts";
import { sourcedFields, valueAt } from "../../domain/eform/fieldSources.ts";
import type {
  IdentityVerification,
  PopulationDatabase,
} from "../../integrations/population/populationDatabase.ts";
import { type Actor, hasRole, isApplicant } from "../accounts/actor.ts";
import { assertCanSee } from "../dossiers/dossierAccess.ts";
import { findDossier } from "../dossiers/dossierStore.ts";
import { dossierNotFound } from "../dossiers/runDossierCommand.ts";
import { ForbiddenError, UnprocessableError } from "../errors.ts";
import { verifyCitizen } from "./queryPopulation.ts";

/** The officers who handle dossiers and may check an applicant's identity (not the monitor, not an administrator). */
export const CHECKING_ROLES: readonly Role[] = [
  "counter_officer",
  "specialist",
  "unit_head",
  "agency_leader",
];

export type OfficerVerification =
  | { status: "answered" | "not_found"; fields: IdentityVerification["fields"] }
  | { status: "unavailable"; fields: null };

/**
 * An officer checks the applicant's declared identity (ID number, name, date of birth) against the population
 * database, field by field (issue #14), giving a reason the citizen will read in their access log (004_… Đ20).
 * Only an officer handling dossiers in the dossier's receiving or deciding agency; 404 for anyone who cannot see it.
 */
export async function verifyDossierApplicant(
  db: Kysely<Database>,
  population: PopulationDatabase,
  input: { dossierId: string; actor: Actor; reason: string; now: Date },
): Promise<OfficerVerification> {
  const record = await findDossier(db, input.dossierId);
  if (!record || isApplicant(input.actor)) throw dossierNotFound();
  const row = record.row;
  assertCanSee(input.actor, row);
  const agencyId = [row.agency_id, row.deciding_agency_id].find((id) =>
    hasRole(input.actor, CHECKING_ROLES, { agencyId: id }),
  );
  if (!agencyId)
    throw new ForbiddenError({
      vi: "Chỉ cán bộ xử lý hồ sơ của cơ quan mới được tra cứu dữ liệu dân cư",
      en: "Only officers handling the agency's dossiers may query the population database",
    });
  const offering = await db
    .selectFrom("procedure_offerings")
    .select("form_schema")
    .where("id", "=", row.offering_id)
    .executeTakeFirstOrThrow();
  const schema = offering.form_schema ?? commonDeclarationSourceSchema();
  const birthField = sourcedFields(schema).find((field) => field.source === "population.birthDate");
  const birthDate = birthField ? valueAt(row.form_data, birthField.path) : undefined;
  if (!row.applicant_id_number || typeof birthDate !== "string" || birthDate === "")
    throw new UnprocessableError("POPULATION_CLAIM_INCOMPLETE", {
      vi: "Hồ sơ chưa có đủ số định danh cá nhân và ngày sinh của người nộp để đối chiếu",
      en: "The dossier lacks the applicant's identification number or date of birth to check",
    });
  const agency = await db
    .selectFrom("agencies")
    .select(["id", "code"])
    .where("id", "=", agencyId)
    .executeTakeFirstOrThrow();
  const answer = await verifyCitizen(
    db,
    population,
    { idNumber: row.applicant_id_number, fullName: row.applicant_name, birthDate },
    {
      actor: input.actor,
      agency,
      citizenIdNumber: row.applicant_id_number,
      dossier: { id: row.id, code: row.code },
      purpose: "officer_check",
      purposeNote: input.reason,
      now: input.now,
    },
  );
  if (answer.outcome === "unavailable") return { status: "unavailable", fields: null };
  return { status: answer.outcome, fields: answer.verification.fields };
}
