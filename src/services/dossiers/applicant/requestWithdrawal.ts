import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { Actor } from "../../accounts/actor.ts";
import { authorizeAs, domainActor } from "../dossierAccess.ts";
import type { DossierRecord } from "../dossierStore.ts";
import { runDossierCommand } from "../runDossierCommand.ts";

/**
 * The applicant asks to withdraw (R-STOP-1, status 7); the counter then issues the stop notice (7 → 8). Refused once
 * a decision or result notice exists (409 WITHDRAWAL_AFTER_DECISION); 404 when not the applicant's dossier.
 */
export async function requestWithdrawal(
  db: Kysely<Database>,
  input: {
    actor: Actor;
    dossierId: string;
    reason?: string | undefined;
    expectedVersion?: number | undefined;
    now: Date;
  },
): Promise<DossierRecord> {
  const role = input.actor.kind === "organisation" ? "organisation_representative" : "citizen";
  return runDossierCommand(db, {
    dossierId: input.dossierId,
    command: { type: "requestWithdrawal", ...(input.reason ? { reason: input.reason } : {}) },
    actor: domainActor(input.actor, role),
    author: { userId: input.actor.userId, role },
    now: input.now,
    expectedVersion: input.expectedVersion,
    authorize: authorizeAs(input.actor, role),
  });
}
