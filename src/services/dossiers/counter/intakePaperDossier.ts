import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { type Actor, hasRole } from "../../accounts/actor.ts";
import { ForbiddenError } from "../../errors.ts";
import type { FileLimits } from "../../files/storeUpload.ts";
import { type ApplicantInput, createDossier } from "../createDossier.ts";
import { domainActor } from "../dossierAccess.ts";
import type { DossierRecord } from "../dossierStore.ts";

export interface ScannedComponentInput {
  /** Position of the procedure's component the scan is of. */
  componentPosition: number;
  /** The officer's own upload of the scan (POST /api/uploads). */
  uploadId: string;
}

export interface IntakePaperDossierInput {
  actor: Actor;
  procedureCode: string;
  /** The competent agency offering the procedure; its counter (or the one it receives at) receives. */
  agencyCode: string;
  /** Submitted in person at the counter or through the public postal service (R-SUB-2). */
  channel: "counter" | "postal";
  applicant: ApplicantInput;
  /** The person who brought it, when not the applicant (authorized person, postal staff). */
  submitter?: Record<string, unknown> | undefined;
  formData?: Record<string, unknown> | undefined;
  summary?: string | undefined;
  /** The scans, one or more per component (errors name them `files.N…`). */
  files: ScannedComponentInput[];
  now: Date;
  limits: FileLimits;
}

/**
 * The counter enters a complete paper or postal dossier (R-RECV-2 c, R-RECV-5): it is received on the spot
 * (status 2), gets its dossier code from the receiving agency's daily sequence (R-CODE-1) and its appointment on the
 * agency's calendar (R-CAL-7). Every component is a scan of the paper, flagged digitized: the officer who scanned it
 * answers for its fidelity (R-RECV-7). Incomplete paper is not entered here: the applicant is guided and takes it
 * back (R-RECV-2 a).
 *
 * Outcomes: the created record; 403 FORBIDDEN (not a counter officer of the receiving or the deciding agency — the
 * catalog is public, so this is not hidden); 404 NOT_FOUND (the agency does not handle the procedure);
 * 409 CHANNEL_NOT_OFFERED; 409 NO_LEGAL_TIME; 400 VALIDATION_FAILED (e-form data, `files.N.uploadId` not the
 * officer's free upload, `files.N.componentPosition`, `files.component.N` required component missing);
 * 413 PAYLOAD_TOO_LARGE (the scans together exceed the dossier limit).
 */
export async function intakePaperDossier(
  db: Kysely<Database>,
  input: IntakePaperDossierInput,
): Promise<DossierRecord> {
  const agency = await db
    .selectFrom("agencies")
    .select(["id", "received_at_agency_id"])
    .where("code", "=", input.agencyCode)
    .executeTakeFirst();
  // An unknown agency is left to createDossier, which answers 404 with the procedure it was asked for.
  if (agency) {
    const reaches = [agency.id, agency.received_at_agency_id ?? agency.id].some((agencyId) =>
      hasRole(input.actor, ["counter_officer"], { agencyId }),
    );
    if (!reaches)
      throw new ForbiddenError({
        vi: "Bạn không phải cán bộ Bộ phận Một cửa của cơ quan tiếp nhận hồ sơ này",
        en: "You are not a counter officer of the agency that receives this dossier",
      });
  }
  return createDossier(db, {
    procedureCode: input.procedureCode,
    agencyCode: input.agencyCode,
    channel: input.channel,
    applicant: input.applicant,
    submitter: input.submitter,
    formData: input.formData ?? {},
    summary: input.summary,
    files: input.files.map((file) => ({ ...file, digitized: true })),
    // A paper applicant may have no account; the dossier is then followed by its code (R-LOOK-1).
    ownerUserId: null,
    uploaderUserId: input.actor.userId,
    actor: domainActor(input.actor, "counter_officer"),
    author: { userId: input.actor.userId, role: "counter_officer" },
    now: input.now,
    limits: input.limits,
  });
}
