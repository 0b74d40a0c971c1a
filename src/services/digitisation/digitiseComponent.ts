import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { toLocalDate } from "../../domain/calendar/workingCalendar.ts";
import {
  type DigitisationMetadata,
  type MetadataProblem,
  metadataProblems,
} from "../../domain/digitisation/metadata.ts";
import {
  checkScan,
  type RetentionKind,
  type ScanProblem,
} from "../../domain/digitisation/scanRequirements.ts";
import type { FileStorage } from "../../integrations/storage/fileStorage.ts";
import type { Actor } from "../accounts/actor.ts";
import { ConflictError, UnprocessableError, ValidationError } from "../errors.ts";
import { organisationOf, signAsOfficer } from "../signing/officerSignature.ts";
import type { SigningPorts } from "../signing/signingPorts.ts";
import type { LocalizedText } from "../validation/messages.ts";
import { analyseScan } from "./analyseScan.ts";
import { actingRole, dossierFor, fileNotFound } from "./digitisationAccess.ts";
import { appendDossierNote } from "./dossierNoteEvent.ts";

export const RECEPTION_ROLES = ["counter_officer"] as const;

export interface DigitiseComponentInput {
  dossierId: string;
  fileId: string;
  actor: Actor;
  now: Date;
  metadata: Omit<DigitisationMetadata, "componentCode">;
  retention: RetentionKind;
  pdfARequired: boolean;
}

const METADATA_MESSAGES: Record<MetadataProblem, { field: string; message: LocalizedText }> = {
  ISSUE_DATE_IN_FUTURE: {
    field: "issueDate",
    message: { vi: "Ngày cấp không được sau hôm nay", en: "The issue date cannot be after today" },
  },
  VALID_UNTIL_BEFORE_ISSUE: {
    field: "validUntil",
    message: { vi: "Ngày hết hiệu lực phải sau ngày cấp", en: "Validity must end after the issue date" },
  },
  EXPIRED_DOCUMENT: {
    field: "validUntil",
    message: {
      vi: "Giấy tờ đã hết hiệu lực, không số hóa như giấy tờ còn hiệu lực",
      en: "The document has expired and is not digitised as a valid one",
    },
  },
  PAGES_OUT_OF_RANGE: {
    field: "pages",
    message: { vi: "Số trang phải từ 1 đến 2000", en: "Pages must be between 1 and 2000" },
  },
};

function scanMessage(problem: ScanProblem): LocalizedText {
  switch (problem.code) {
    case "FORMAT_NOT_ACCEPTED":
      return {
        vi: "định dạng không phải PDF hoặc ảnh quét",
        en: "the format is neither PDF nor a scanned image",
      };
    case "RESOLUTION_TOO_LOW":
      return {
        vi: `độ phân giải ${problem.dpi} dpi, cần tối thiểu ${problem.minimum} dpi`,
        en: `resolution ${problem.dpi} dpi, at least ${problem.minimum} dpi needed`,
      };
    case "PAGE_COUNT_MISMATCH":
      return {
        vi: `bản quét có ${problem.pages} trang, bản giấy có ${problem.sourcePages} trang`,
        en: `the scan has ${problem.pages} pages, the paper ${problem.sourcePages}`,
      };
    case "PDFA_REQUIRED":
      return { vi: "giấy tờ này phải lưu ở định dạng PDF/A", en: "this document must be kept as PDF/A" };
  }
}

/**
 * The receiving officer digitises one component of a paper dossier (R-RECV-7, R-DIG-1/2): the metadata is checked,
 * the scan is measured against the requirements (format, resolution, pages, PDF/A where asked), the officer signs it
 * (PAdES through the signing port, outside the transaction: the CA's service may wait for the officer's
 * confirmation), and then, in one transaction, the dossier's file becomes the signed rendition (the original scan
 * stays in the store, named by the record), the digitisation is recorded and the event appended.
 *
 * Outcomes: the record's id; 404 dossier or file; 403 not a counter officer of the receiving agency; 400 metadata;
 * 409 already digitised, already signed, stale, or the officer declined; 422 scan check; 503 signing service.
 */
export async function digitiseComponent(
  db: Kysely<Database>,
  storage: FileStorage,
  signing: SigningPorts,
  input: DigitiseComponentInput,
): Promise<{ id: string }> {
  const { actor, now } = input;
  const record = await dossierFor(db, actor, input.dossierId, RECEPTION_ROLES, "receiving");
  const file = await db
    .selectFrom("dossier_files as f")
    .leftJoin("procedure_components as c", "c.id", "f.component_id")
    .select([
      "f.id",
      "f.storage_key",
      "f.sha256",
      "f.media_type",
      "f.file_name",
      "f.component_id",
      "c.code",
      "c.position",
    ])
    .where("f.id", "=", input.fileId)
    .where("f.dossier_id", "=", record.row.id)
    .where("f.purpose", "in", ["component", "supplement"])
    .executeTakeFirst();
  if (!file) throw fileNotFound();
  const done = await db
    .selectFrom("digitisations")
    .select("id")
    .where("file_id", "=", file.id)
    .executeTakeFirst();
  if (done)
    throw new ConflictError("ALREADY_DIGITISED", {
      vi: "Thành phần này đã được số hóa",
      en: "This component is already digitised",
    });
  const componentCode = file.code ?? (file.position === null ? "TP" : `TP${file.position + 1}`);
  const metadata: DigitisationMetadata = { ...input.metadata, componentCode };
  const problems = metadataProblems(metadata, toLocalDate(now));
  if (problems.length > 0) throw new ValidationError(problems.map((problem) => METADATA_MESSAGES[problem]));

  const content = await storage.get(file.storage_key);
  const facts = content ? await analyseScan(content, file.media_type) : undefined;
  if (!content || !facts)
    throw new UnprocessableError("UNREADABLE_SCAN", {
      vi: "Không đọc được tệp quét",
      en: "The scanned file cannot be read",
    });
  const scanProblems = checkScan(facts, {
    retention: input.retention,
    sourcePages: metadata.pages,
    pdfARequired: input.pdfARequired,
  });
  if (scanProblems.length > 0) {
    const texts = scanProblems.map(scanMessage);
    throw new UnprocessableError("SCAN_CHECK_FAILED", {
      vi: `Bản quét chưa đạt yêu cầu số hóa: ${texts.map((text) => text.vi).join("; ")}`,
      en: `The scan does not meet the digitisation requirements: ${texts.map((text) => text.en).join("; ")}`,
    });
  }

  const organisation = await organisationOf(db, record.row.agency_id);
  const { signed, check } = await signAsOfficer(signing, {
    actor,
    organisation,
    content,
    mediaType: file.media_type,
    dpi: facts.dpi,
    reason: "Số hóa hồ sơ tại Bộ phận Một cửa",
    location: organisation,
    now,
  });
  const stored = await storage.put(signed);
  const fileName = `${file.file_name.replace(/\.(pdf|jpe?g|png)$/i, "")}.pdf`;
  return inTransaction(db, async (trx) => {
    await trx
      .updateTable("dossier_files")
      .set({
        storage_key: stored.key,
        sha256: stored.sha256,
        size_bytes: stored.size,
        media_type: "application/pdf",
        file_name: fileName,
        digitized: true,
      })
      .where("id", "=", file.id)
      .execute();
    const row = await trx
      .insertInto("digitisations")
      .values({
        dossier_id: record.row.id,
        agency_id: record.row.agency_id,
        file_id: file.id,
        component_id: file.component_id,
        kind: "component",
        component_code: componentCode,
        document_type: metadata.documentType,
        issuer: metadata.issuer,
        document_number: metadata.documentNumber,
        issue_date: metadata.issueDate,
        valid_until: metadata.validUntil,
        pages: metadata.pages,
        media_type: file.media_type,
        dpi: facts.dpi,
        pdf_a: facts.pdfA,
        exempt_reason: null,
        exempt_note: null,
        original_sha256: file.sha256,
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
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendDossierNote(trx, record.row, {
      type: "componentDigitised",
      at: now,
      actorUserId: actor.userId,
      actorRole: actingRole(actor, RECEPTION_ROLES, record.row.agency_id),
      payload: {
        fileId: file.id,
        componentCode,
        originalSha256: file.sha256,
        signedSha256: stored.sha256,
        signature: check.state,
      },
    });
    return { id: row.id };
  });
}
