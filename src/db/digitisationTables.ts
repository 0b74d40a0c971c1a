import type { Generated } from "kysely";
import type { SignatureState } from "../integrations/signing/verifyPdfSignatures.ts";

/** Digitised components and results with the officer's signature (migration 0029_digitisation_and_signatures). */
export interface DigitisationsTable {
  id: Generated<string>;
  dossier_id: string;
  agency_id: string;
  file_id: string | null;
  component_id: string | null;
  kind: "component" | "result";
  component_code: string;
  document_type: string;
  issuer: string;
  document_number: string | null;
  /** `date` columns, read and written as YYYY-MM-DD text. */
  issue_date: string | null;
  valid_until: string | null;
  pages: number;
  media_type: string | null;
  dpi: number | null;
  pdf_a: Generated<boolean>;
  exempt_reason: "electronicSubmission" | "shownOnly" | "appraisalOutput" | "classified" | null;
  exempt_note: string | null;
  original_sha256: string | null;
  signed_sha256: string | null;
  signer_user_id: string | null;
  signer_name: string | null;
  certificate_serial: string | null;
  certificate_issuer: string | null;
  signed_at: Date | null;
  signature_state: SignatureState | null;
  recorded_by: string;
  recorded_at: Date;
}

export interface DigitisationTables {
  digitisations: DigitisationsTable;
}
