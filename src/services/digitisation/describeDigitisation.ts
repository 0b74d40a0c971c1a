import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { PdfSignatureCheck } from "../../integrations/signing/verifyPdfSignatures.ts";
import type { FileStorage } from "../../integrations/storage/fileStorage.ts";
import { type Actor, isApplicant } from "../accounts/actor.ts";
import { assertCanSee } from "../dossiers/dossierAccess.ts";
import { findDossier } from "../dossiers/dossierStore.ts";
import { dossierNotFound } from "../dossiers/runDossierCommand.ts";
import { checkSignatures } from "../signing/officerSignature.ts";
import type { SigningPorts } from "../signing/signingPorts.ts";
import { fileNotFound } from "./digitisationAccess.ts";

export interface DigitisationView {
  id: string;
  fileId: string | null;
  kind: "component" | "result";
  componentCode: string;
  documentType: string;
  issuer: string;
  documentNumber: string | null;
  issueDate: string | null;
  validUntil: string | null;
  pages: number;
  dpi: number | null;
  pdfA: boolean;
  exemptReason: string | null;
  exemptNote: string | null;
  signerName: string | null;
  signedAt: string | null;
  recordedAt: string;
}

export interface DossierDigitisation {
  /** The dossier's component and result files with whether each is digitised, exempted or waiting. */
  files: {
    fileId: string;
    fileName: string;
    purpose: string;
    componentCode: string | null;
    state: "digitised" | "exempt" | "pending";
  }[];
  records: DigitisationView[];
}

/**
 * A dossier's digitisation for the office page: every record, and each component or result file with its state
 * (`digitised`, `exempt`, `pending`). Anyone who may see the dossier in the office may read it.
 */
export async function describeDigitisation(
  db: Kysely<Database>,
  actor: Actor,
  dossierId: string,
): Promise<DossierDigitisation> {
  const record = await findDossier(db, dossierId);
  if (!record || isApplicant(actor)) throw dossierNotFound();
  assertCanSee(actor, record.row);
  const rows = await db
    .selectFrom("digitisations")
    .selectAll()
    .where("dossier_id", "=", dossierId)
    .orderBy("recorded_at")
    .execute();
  const files = await db
    .selectFrom("dossier_files as f")
    .leftJoin("procedure_components as c", "c.id", "f.component_id")
    .select(["f.id", "f.file_name", "f.purpose", "c.code", "c.position"])
    .where("f.dossier_id", "=", dossierId)
    .where("f.purpose", "in", ["component", "supplement", "result"])
    .orderBy("f.uploaded_at")
    .execute();
  const byFile = new Map(rows.filter((row) => row.file_id).map((row) => [row.file_id!, row]));
  return {
    files: files.map((file) => {
      const done = byFile.get(file.id);
      return {
        fileId: file.id,
        fileName: file.file_name,
        purpose: file.purpose,
        componentCode: file.code ?? (file.position === null ? null : `TP${file.position + 1}`),
        state: (done ? (done.exempt_reason ? "exempt" : "digitised") : "pending") as
          | "digitised"
          | "exempt"
          | "pending",
      };
    }),
    records: rows.map((row) => ({
      id: row.id,
      fileId: row.file_id,
      kind: row.kind,
      componentCode: row.component_code,
      documentType: row.document_type,
      issuer: row.issuer,
      documentNumber: row.document_number,
      issueDate: row.issue_date,
      validUntil: row.valid_until,
      pages: row.pages,
      dpi: row.dpi,
      pdfA: row.pdf_a,
      exemptReason: row.exempt_reason,
      exemptNote: row.exempt_note,
      signerName: row.signer_name,
      signedAt: row.signed_at?.toISOString() ?? null,
      recordedAt: row.recorded_at.toISOString(),
    })),
  };
}

/**
 * The signatures of one of a dossier's files as a reader judges them now (verification on display): to those who may
 * see the dossier; the applicant not the office's internal documents.
 */
export async function fileSignatures(
  db: Kysely<Database>,
  storage: FileStorage,
  signing: SigningPorts,
  input: { actor: Actor; dossierId: string; fileId: string },
): Promise<PdfSignatureCheck[]> {
  const record = await findDossier(db, input.dossierId);
  if (!record) throw dossierNotFound();
  assertCanSee(input.actor, record.row);
  const file = await db
    .selectFrom("dossier_files")
    .select(["storage_key", "media_type"])
    .where("id", "=", input.fileId)
    .where("dossier_id", "=", record.row.id)
    .$if(isApplicant(input.actor), (query) => query.where("purpose", "!=", "internal"))
    .executeTakeFirst();
  if (!file) throw fileNotFound();
  const content = await storage.get(file.storage_key);
  if (!content) throw fileNotFound();
  return checkSignatures(signing, content, file.media_type);
}

/** The signatures of one of the caller's own uploads (verification on upload, before it is attached). */
export async function uploadSignatures(
  db: Kysely<Database>,
  storage: FileStorage,
  signing: SigningPorts,
  input: { actor: Actor; uploadId: string },
): Promise<PdfSignatureCheck[]> {
  const upload = await db
    .selectFrom("uploads")
    .select(["storage_key", "media_type"])
    .where("id", "=", input.uploadId)
    .where("owner_user_id", "=", input.actor.userId)
    .executeTakeFirst();
  const content = upload ? await storage.get(upload.storage_key) : undefined;
  if (!upload || !content) throw fileNotFound();
  return checkSignatures(signing, content, upload.media_type);
}
