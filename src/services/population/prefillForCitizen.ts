import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { type RegisteredPerson, sourcedFields } from "../../domain/eform/fieldSources.ts";
import type { PopulationDatabase } from "../../integrations/population/populationDatabase.ts";
import type { Actor } from "../accounts/actor.ts";
import { NotFoundError } from "../errors.ts";
import { offeringSourceSchema } from "./formSources.ts";
import { lookupCitizen } from "./queryPopulation.ts";

/**
 * What the wizard prefills: `answered` with the person's registered data (only what the form's sources need),
 * `not_found`, `unavailable` (degraded mode: the form stays editable, nothing is marked verified), or
 * `no_identity` when the account's ID number was not proven with VNeID (a number typed at registration could be anyone's:
 * their registered data are never handed to this account), `not_needed` when the form asks nothing of the database.
 */
export interface PrefillAnswer {
  status: "answered" | "not_found" | "unavailable" | "no_identity" | "not_needed";
  person: Partial<RegisteredPerson> | null;
  account: { fullName: string; phone: string | null; email: string | null };
}

/**
 * The signed-in person's data for the e-form of one offering (issue #14, R-SUB-1: not asked twice). The database is
 * asked only when the form declares a population source, and only the data those sources need are handed on
 * (personal-data minimisation). The query is logged with the procedure as its purpose.
 */
export async function prefillForCitizen(
  db: Kysely<Database>,
  population: PopulationDatabase,
  input: { actor: Actor; procedureCode: string; agencyCode: string; now: Date },
): Promise<PrefillAnswer> {
  const form = await offeringSourceSchema(db, input.procedureCode, input.agencyCode);
  if (!form)
    throw new NotFoundError({
      vi: "Không tìm thấy thủ tục tại cơ quan này",
      en: "The procedure is not offered by this agency",
    });
  const user = await db
    .selectFrom("users")
    .select(["full_name", "phone", "email", "identification_number"])
    .where("id", "=", input.actor.userId)
    .executeTakeFirstOrThrow();
  const account = { fullName: user.full_name, phone: user.phone, email: user.email };
  const needed = new Set(sourcedFields(form.schema).map((field) => field.source));
  if (![...needed].some((source) => source.startsWith("population.")))
    return { status: "not_needed", person: null, account };
  // R-ACC-1: only an identity verified with the national e-ID opens that person's registered data.
  const verified = await db
    .selectFrom("vneid_identities")
    .select("user_id")
    .where("user_id", "=", input.actor.userId)
    .executeTakeFirst();
  if (!user.identification_number || !verified) return { status: "no_identity", person: null, account };
  const answer = await lookupCitizen(db, population, {
    actor: input.actor,
    agency: null,
    citizenIdNumber: user.identification_number,
    dossier: null,
    purpose: "prefill",
    purposeNote: `Điền sẵn tờ khai: ${form.procedureName}`,
    now: input.now,
  });
  if (answer.outcome !== "answered") return { status: answer.outcome, person: null, account };
  const record = answer.record;
  const person: Partial<RegisteredPerson> = {};
  if (needed.has("population.fullName")) person.fullName = record.fullName;
  if (needed.has("population.idNumber")) person.idNumber = record.idNumber;
  if (needed.has("population.birthDate")) person.birthDate = record.birthDate;
  if (needed.has("population.sex")) person.sex = record.sex;
  if (needed.has("population.permanentAddress")) person.permanentAddress = record.permanentAddress;
  if (needed.has("population.currentAddress")) person.currentAddress = record.currentAddress;
  // Household relations only where the procedure's form asks for them.
  if (needed.has("population.household")) person.household = record.household;
  return { status: "answered", person, account };
}
