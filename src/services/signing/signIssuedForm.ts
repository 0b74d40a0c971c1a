import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { findPdfSignatures } from "../../integrations/signing/verifyPdfSignatures.ts";
import { type Actor, isApplicant } from "../accounts/actor.ts";
import { FORMS, type FormName } from "../forms/availableForms.ts";
import { organisationOf, signAsOfficer } from "./officerSignature.ts";
import type { SigningPorts } from "./signingPorts.ts";

/**
 * The forms that carry an officer's signature (issue #16): the reception slip, the supplement request and the
 * refusal notice are signed by the counter officer who receives (R-FORM-1…3), the apology letter and the stop notice
 * by the officer of the agency that issues them. The control sheet is an internal working document, signed step by
 * step in the system, not as a PDF.
 */
export const OFFICER_SIGNED_FORMS: ReadonlySet<FormName> = new Set<FormName>([
  "reception-slip",
  "supplement-request",
  "refusal-notice",
  "apology-letter",
  "stop-notice",
]);

export interface SignIssuedFormInput {
  actor: Actor;
  form: FormName;
  /** The agency the officer issues the form for (the dossier's receiving agency for reception forms). */
  agencyId: string;
  content: Uint8Array;
  now: Date;
}

/**
 * A form issued by an officer, signed by that officer (PAdES through the signing port) when it carries an officer's
 * signature; any other form, a form an applicant asks for, or one already signed comes back as it is. The caller
 * stores what this returns as the issued form, so later copies are the same signed bytes (the form is signed once,
 * when issued, not on every print).
 */
export async function signIssuedForm(
  db: Kysely<Database>,
  signing: SigningPorts,
  input: SignIssuedFormInput,
): Promise<Uint8Array> {
  if (!OFFICER_SIGNED_FORMS.has(input.form) || isApplicant(input.actor)) return input.content;
  if (findPdfSignatures(Buffer.from(input.content)).length > 0) return input.content;
  const organisation = await organisationOf(db, input.agencyId);
  const { signed } = await signAsOfficer(signing, {
    actor: input.actor,
    organisation,
    content: input.content,
    mediaType: "application/pdf",
    reason: `Ký ban hành ${FORMS[input.form].title.toLocaleLowerCase("vi")}`,
    location: organisation,
    now: input.now,
  });
  return signed;
}
