import { type Kysely, NoResultError, type QueryNode } from "kysely";
import { bindSlots, compiledOnce, slot } from "../../../db/compiledOnce.ts";
import type { Database } from "../../../db/schema.ts";
import { normalizePhone } from "../../../domain/contact/phone.ts";
import type { FileStorage } from "../../../integrations/storage/fileStorage.ts";
import type { Actor } from "../../accounts/actor.ts";
import type { ReuseReference } from "../../dataStore/reuseAtSubmission.ts";
import type { FileLimits } from "../../files/storeUpload.ts";
import { assertAssuranceForSubmission } from "../../identity/vneidVerification.ts";
import { actingCoversCode, mandateRefused, submitterOf } from "../../organisation/actingFor.ts";
import { type AttachedFileInput, createDossier } from "../createDossier.ts";
import { domainActor } from "../dossierAccess.ts";
import type { DossierRecord } from "../dossierStore.ts";

export interface SubmitOnlineInput {
  actor: Actor;
  procedureCode: string;
  agencyCode: string;
  formData: Record<string, unknown>;
  files: AttachedFileInput[];
  /** Components taken from the applicant's DataStore (R-KHO-1). */
  reuses?: ReuseReference[] | undefined;
  address?: string | undefined;
  summary?: string | undefined;
  idempotencyKey?: string | undefined;
  now: Date;
  limits: FileLimits;
  /** Where the declaration generated from the e-form is kept (issue #19); without it the form is data only. */
  storage?: FileStorage | undefined;
}

/**
 * A citizen or organisation submits online (R-SUB-1, R-RECV-1). The applicant is the account holder: name,
 * identification number, tax code and contacts come from the account (R-ACC-1), never from the request, so nobody
 * files a dossier in someone else's name. Outcomes: the new dossier at status 1 (or the same one again for a retried
 * Idempotency-Key); 400 per field; 404 unknown offering; 409 channel not offered or key reused; 413 too large.
 */
export async function submitOnlineDossier(
  db: Kysely<Database>,
  input: SubmitOnlineInput,
): Promise<DossierRecord> {
  // Issue #21: built and compiled once per process (compiledOnce), run with the caller's id.
  const accountQuery = compiledOnce("submitOnlineDossier:account", db, (db) =>
    db
      .selectFrom("users")
      .select([
        "kind",
        "full_name",
        "identification_number",
        "organisation_tax_code",
        "organisation_name",
        "phone",
        "email",
      ])
      .where("id", "=", slot("userId")),
  );
  const account = (await db.executeQuery(bindSlots(accountQuery, { userId: input.actor.userId }))).rows[0];
  if (!account) throw new NoResultError(accountQuery.query as QueryNode);
  const role = account.kind === "organisation" ? "organisation_representative" : "citizen";
  // Issue #14 (R-ACC-1): a person acting for an organisation files only what their mandate covers; the e-ID level
  // the offering asks for is the person's own.
  const acting = input.actor.actingFor;
  if (acting && !actingCoversCode(acting, input.procedureCode))
    throw mandateRefused(acting.organisation.name, "out_of_scope");
  // Issue #14 (R-ACC-1): the offering may ask for a VNeID account of a minimum assurance level.
  await assertAssuranceForSubmission(db, {
    userId: acting?.person.userId ?? input.actor.userId,
    procedureCode: input.procedureCode,
    agencyCode: input.agencyCode,
  });
  return createDossier(db, {
    procedureCode: input.procedureCode,
    agencyCode: input.agencyCode,
    channel: "online",
    applicant: {
      kind: account.kind === "organisation" ? "organisation" : "person",
      name: account.full_name,
      idNumber: account.identification_number ?? undefined,
      // Issue #14: acting for an organisation, it is named as the e-ID registered it.
      organisationName: acting?.organisation.name ?? account.organisation_name ?? undefined,
      taxCode: acting?.organisation.taxCode ?? account.organisation_tax_code ?? undefined,
      address: input.address,
      // The account's number in the national form; one stored before normalisation that is not a valid number is
      // left out rather than blocking a submission the applicant cannot correct here (issue #12 §7).
      phone: account.phone ? normalizePhone(account.phone) : undefined,
      email: account.email ?? undefined,
    },
    formData: input.formData,
    summary: input.summary,
    submitter: acting ? submitterOf(acting, input.procedureCode) : undefined,
    // The digitized and reused flags are OneStop's to set (reception scans, the DataStore), never the applicant's:
    // they count for the 766 index (R-KPI-3 4.2, 4.3).
    files: input.files.map((file) => ({
      componentPosition: file.componentPosition,
      uploadId: file.uploadId,
    })),
    reuses: input.reuses,
    ownerUserId: input.actor.userId,
    uploaderUserId: input.actor.userId,
    actor: domainActor(input.actor, role),
    author: { userId: input.actor.userId, role },
    now: input.now,
    limits: input.limits,
    idempotencyKey: input.idempotencyKey,
    declarationStorage: input.storage,
  });
}
