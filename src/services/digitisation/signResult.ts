import type { Kysely, Transaction } from "kysely";
import { bindSlots, compiledOnce, slot } from "../../db/compiledOnce.ts";
import type { Database } from "../../db/schema.ts";
import { toLocalDate } from "../../domain/calendar/workingCalendar.ts";
import type { PdfSignatureCheck } from "../../integrations/signing/verifyPdfSignatures.ts";
import type { FileStorage } from "../../integrations/storage/fileStorage.ts";
import type { Actor } from "../accounts/actor.ts";
import { UnprocessableError } from "../errors.ts";
import { cleanFileName } from "../files/storeUpload.ts";
import { organisationOf, signAsOfficer } from "../signing/officerSignature.ts";
import type { SigningPorts } from "../signing/signingPorts.ts";
import { analyseScan } from "./analyseScan.ts";
import { dossierFor } from "./digitisationAccess.ts";

/** Who approves results, and so signs them (the approval step's roles, R-RES-1). */
export const APPROVER_ROLES = ["agency_leader", "unit_head"] as const;

export interface SignResultInput {
  dossierId: string;
  /** The approver's own upload, not yet attached (POST /api/uploads). */
  uploadId: string;
  actor: Actor;
  now: Date;
}

export interface SignedResult {
  /** The signed rendition, a new upload of the approver's, to approve with. */
  uploadId: string;
  fileName: string;
  signature: PdfSignatureCheck;
}

const uploadNotFound = () =>
  new UnprocessableError("UPLOAD_NOT_FOUND", {
    vi: "Không tìm thấy tệp đã tải lên (hoặc tệp đã được dùng cho hồ sơ khác)",
    en: "No such uploaded file (or it is already attached to a dossier)",
  });

/**
 * The approving leader signs the result before approving it (R-RES-1: the electronic result, digitally signed, has
 * the legal value of paper): the upload is signed through the signing port, stored as a new upload of the leader's,
 * and its digitisation is recorded for the dossier (metadata from the dossier: issued by the deciding agency, numbered
 * by the dossier code, dated today). Approving with the signed upload links the record to the result file
 * (`linkSignedResult`); the QR code's seal is then made over the signed bytes, so both hold.
 *
 * Outcomes: the signed upload; 404 dossier; 403 not an approver of the deciding agency; 422 upload not found or not
 * signable; 409 already signed or declined; 503 signing service.
 */
export async function signResult(
  db: Kysely<Database>,
  storage: FileStorage,
  signing: SigningPorts,
  input: SignResultInput,
): Promise<SignedResult> {
  const { actor, now } = input;
  const record = await dossierFor(db, actor, input.dossierId, APPROVER_ROLES, "deciding");
  const upload = await db
    .selectFrom("uploads")
    .select(["id", "storage_key", "file_name", "media_type"])
    .where("id", "=", input.uploadId)
    .where("owner_user_id", "=", actor.userId)
    .where("attached_at", "is", null)
    .executeTakeFirst();
  if (!upload) throw uploadNotFound();
  const content = await storage.get(upload.storage_key);
  if (!content) throw uploadNotFound();
  const facts = await analyseScan(content, upload.media_type);
  const organisation = await organisationOf(db, record.row.deciding_agency_id);
  const { signed, check } = await signAsOfficer(signing, {
    actor,
    organisation,
    content,
    mediaType: upload.media_type,
    dpi: facts?.dpi ?? null,
    reason: "Phê duyệt kết quả giải quyết thủ tục hành chính",
    location: organisation,
    now,
  });
  const stored = await storage.put(signed);
  const fileName = cleanFileName(`${upload.file_name.replace(/\.(pdf|jpe?g|png)$/i, "")}-da-ky-so.pdf`);
  const pages = (await analyseScan(signed, "application/pdf"))?.pages ?? 1;
  return db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto("uploads")
      .values({
        owner_user_id: actor.userId,
        storage_key: stored.key,
        sha256: stored.sha256,
        file_name: fileName,
        media_type: "application/pdf",
        size_bytes: stored.size,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const agency = await trx
      .selectFrom("agencies")
      .select("name")
      .where("id", "=", record.row.deciding_agency_id)
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("digitisations")
      .values({
        dossier_id: record.row.id,
        agency_id: record.row.deciding_agency_id,
        file_id: null,
        component_id: null,
        kind: "result",
        component_code: "KQ",
        document_type: "decision",
        issuer: agency.name,
        document_number: record.row.code,
        issue_date: toLocalDate(now),
        valid_until: null,
        pages,
        media_type: upload.media_type,
        dpi: facts?.dpi ?? null,
        exempt_reason: null,
        exempt_note: null,
        original_sha256: null,
        signed_sha256: stored.sha256,
        signer_user_id: actor.userId,
        signer_name: check.signerName,
        certificate_serial: check.certificateSerial,
        certificate_issuer: check.issuerName,
        signed_at: check.signedAt,
        signature_state: check.state,
        recorded_by: actor.userId,
        recorded_at: now,
      })
      .execute();
    return { uploadId: created.id, fileName, signature: check };
  });
}

/**
 * Called by the approval in its transaction: the result file approved is the signed rendition made for this dossier
 * (same bytes), so its digitisation record now names the file. Nothing happens for an unsigned result.
 */
export async function linkSignedResult(
  trx: Transaction<Database>,
  input: { dossierId: string; fileId: string; sha256: string },
): Promise<void> {
  // Issue #21: built and compiled once per process (compiledOnce), run with this dossier, file and hash.
  const query = compiledOnce("linkSignedResult", trx, (db) =>
    db
      .updateTable("digitisations")
      .set({ file_id: slot("fileId") })
      .where("dossier_id", "=", slot("dossierId"))
      .where("kind", "=", "result")
      .where("signed_sha256", "=", slot("sha256"))
      .where("file_id", "is", null),
  );
  await trx.executeQuery(
    bindSlots(query, { fileId: input.fileId, dossierId: input.dossierId, sha256: input.sha256 }),
  );
}
