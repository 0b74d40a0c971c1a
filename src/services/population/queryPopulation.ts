import type { Kysely } from "kysely";
import type { PopulationOutcome, PopulationPurpose } from "../../db/populationTables.ts";
import type { Database } from "../../db/schema.ts";
import {
  type CitizenRecord,
  type IdentityClaim,
  type IdentityVerification,
  type PopulationDatabase,
  PopulationUnavailableError,
} from "../../integrations/population/populationDatabase.ts";
import type { Actor } from "../accounts/actor.ts";

/** Who asks, about whom, for which dossier and why: what the access log keeps for every query (004_… Đ20). */
export interface PopulationQueryContext {
  actor: Actor;
  /** The agency the officer acts for; null for the citizen's own form. */
  agency: { id: string; code: string } | null;
  citizenIdNumber: string;
  dossier: { id: string; code: string } | null;
  purpose: PopulationPurpose;
  /** The words sent to the database and shown to the citizen (e.g. the procedure's name, the officer's reason). */
  purposeNote: string;
  now: Date;
}

/** What the database said, or that it did not answer (degraded mode). */
export type LookupAnswer =
  | { outcome: "answered"; record: CitizenRecord }
  | { outcome: "not_found" }
  | { outcome: "unavailable"; reason: PopulationUnavailableError["reason"] };
export type VerifyAnswer =
  | { outcome: "answered" | "not_found"; verification: IdentityVerification }
  | { outcome: "unavailable"; reason: PopulationUnavailableError["reason"] };

async function logQuery(
  db: Kysely<Database>,
  context: PopulationQueryContext,
  query: "lookup" | "verify",
  outcome: PopulationOutcome,
): Promise<void> {
  await db
    .insertInto("population_access_log")
    .values({
      at: context.now,
      actor_user_id: context.actor.userId,
      agency_id: context.agency?.id ?? null,
      citizen_id_number: context.citizenIdNumber,
      dossier_id: context.dossier?.id ?? null,
      purpose: context.purpose,
      purpose_note: context.purposeNote.slice(0, 500),
      query,
      outcome,
    })
    .execute();
}

const askedBy = (context: PopulationQueryContext) => ({
  requestedBy: context.actor.username,
  agencyCode: context.agency?.code ?? null,
  purpose: context.purposeNote,
  dossierCode: context.dossier?.code ?? null,
});

/**
 * Looks a citizen up, and logs the query whatever came of it (a query the database never answered was still asked).
 * Only a failure to answer is caught: it becomes `unavailable`, so the caller goes on in degraded mode.
 */
export async function lookupCitizen(
  db: Kysely<Database>,
  population: PopulationDatabase,
  context: PopulationQueryContext,
): Promise<LookupAnswer> {
  let answer: LookupAnswer;
  try {
    const record = await population.findCitizen(context.citizenIdNumber, askedBy(context));
    answer = record ? { outcome: "answered", record } : { outcome: "not_found" };
  } catch (error) {
    if (!(error instanceof PopulationUnavailableError)) throw error;
    answer = { outcome: "unavailable", reason: error.reason };
  }
  await logQuery(db, context, "lookup", answer.outcome);
  return answer;
}

/** Checks declared identity fields one by one, logging the query like `lookupCitizen`. */
export async function verifyCitizen(
  db: Kysely<Database>,
  population: PopulationDatabase,
  claim: IdentityClaim,
  context: PopulationQueryContext,
): Promise<VerifyAnswer> {
  let answer: VerifyAnswer;
  try {
    const verification = await population.verifyIdentity(claim, askedBy(context));
    answer = { outcome: verification.found ? "answered" : "not_found", verification };
  } catch (error) {
    if (!(error instanceof PopulationUnavailableError)) throw error;
    answer = { outcome: "unavailable", reason: error.reason };
  }
  await logQuery(db, context, "verify", answer.outcome);
  return answer;
}
