import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { PaperIntakeOutcome } from "../../../domain/dossier/commands.ts";
import { type Actor, agencyIdsFor } from "../../accounts/actor.ts";
import { ForbiddenError } from "../../errors.ts";
import type { FileLimits } from "../../files/storeUpload.ts";
import type { FieldError } from "../../validation/messages.ts";
import { type ApplicantInput, createDossier } from "../createDossier.ts";
import { domainActor } from "../dossierAccess.ts";
import type { DossierRecord } from "../dossierStore.ts";
import { checkText, checkTexts, throwIfInvalid } from "./counterCommand.ts";

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
  /** Received outside the office: mobile reception or on site (R-RECV-5); absent: at the counter. */
  receptionPlace?: "mobile" | "on_site" | undefined;
  /**
   * What the check found (R-RECV-2): absent or `complete` → received (c); `incomplete` with the reason and every item
   * to complete, listed once (a, R-FORM-2); `refused` with the reasons (b, R-FORM-3).
   */
  outcome?: IntakeOutcomeInput | undefined;
  now: Date;
  limits: FileLimits;
}

export type IntakeOutcomeInput =
  | { kind: "complete" }
  | { kind: "incomplete"; reason: string; items: string[] }
  | { kind: "refused"; reasons: string[] };

/** The outcome trimmed, or 400 VALIDATION_FAILED naming `reason`, `items`, `items.N`, `reasons`, `reasons.N`. */
function checkedOutcome(outcome: IntakeOutcomeInput | undefined): PaperIntakeOutcome | undefined {
  if (!outcome || outcome.kind === "complete") return undefined;
  const errors: FieldError[] = [];
  const checked: PaperIntakeOutcome =
    outcome.kind === "refused"
      ? { kind: "refused", reasons: checkTexts(errors, "reasons", outcome.reasons) }
      : {
          kind: "incomplete",
          reason: checkText(errors, "reason", outcome.reason),
          items: checkTexts(errors, "items", outcome.items),
        };
  throwIfInvalid(errors);
  return checked;
}

/**
 * The counter enters a complete paper or postal dossier (R-RECV-2 c, R-RECV-5): it is received on the spot
 * (status 2), gets its dossier code from the receiving agency's daily sequence (R-CODE-1) and its appointment on the
 * agency's calendar (R-CAL-7). Every component is a scan of the paper, flagged digitized: the officer who scanned it
 * answers for its fidelity (R-RECV-7).
 *
 * Incomplete or refused paper is entered too (R-RECV-5), with its slip: an incomplete dossier goes to status 5 with
 * the one reception request (R-RECV-2 a, R-RECV-6; Phiếu yêu cầu bổ sung, R-FORM-2), a refused one to status 3 with
 * its reasons (R-RECV-2 b, R-REJ-1; Phiếu từ chối tiếp nhận, R-FORM-3). Neither is received: no appointment.
 *
 * Reception does not depend on administrative boundaries (R-XFER-3): a counter officer anywhere in the province
 * receives for any agency of the province. `agencyCode` names the deciding agency; the officer's own counter is the
 * receiving agency (the agency's usual counter when the officer works for it) and where the applicant was helped.
 * The counter then transfers the paper under the 15:00 rule (R-XFER-1, R-XFER-2).
 *
 * Outcomes: the created record; 403 FORBIDDEN (not a counter officer anywhere — the catalog is public, so this is
 * not hidden); 404 NOT_FOUND (the agency does not handle the procedure);
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
  const ownCounters = agencyIdsFor(input.actor, ["counter_officer"]);
  if (ownCounters.length === 0)
    throw new ForbiddenError({
      vi: "Bạn không phải cán bộ Bộ phận Một cửa",
      en: "You are not a counter officer",
    });
  const paperOutcome = checkedOutcome(input.outcome);
  // An officer of the agency or of its usual counter receives there as always; anyone else receives at their own
  // counter (R-XFER-3). Where the officer works is where the applicant was helped.
  const usualCounter = agency
    ? [agency.received_at_agency_id ?? agency.id, agency.id].find((agencyId) =>
        ownCounters.includes(agencyId),
      )
    : undefined;
  return createDossier(db, {
    receivingAgencyId: usualCounter ? undefined : ownCounters[0],
    assistedAtAgencyId: usualCounter ?? ownCounters[0],
    receptionPlace: input.receptionPlace,
    paperOutcome,
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
