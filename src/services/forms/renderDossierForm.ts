import type { Kysely } from "kysely";
import QRCode from "qrcode";
import type { Database } from "../../db/schema.ts";
import type { FileStorage } from "../../integrations/storage/fileStorage.ts";
import { type Actor, isApplicant } from "../accounts/actor.ts";
import { assertCanSee } from "../dossiers/dossierAccess.ts";
import { type DossierRow, findDossier } from "../dossiers/dossierStore.ts";
import { dossierNotFound } from "../dossiers/runDossierCommand.ts";
import { NotFoundError } from "../errors.ts";
import { printLogo } from "../provinceIdentity/provinceImages.ts";
import { findRegisterEntry } from "../register/enterInRegister.ts";
import { availableForms, FORMS, type FormName, type SourceEvent, sourceEventOf } from "./availableForms.ts";
import { renderApologyLetter } from "./documents/apologyLetter.ts";
import { renderControlSheet } from "./documents/controlSheet.ts";
import { renderReceptionSlip } from "./documents/receptionSlip.ts";
import { renderRefusalNotice } from "./documents/refusalNotice.ts";
import { renderStopNotice } from "./documents/stopNotice.ts";
import { renderSupplementRequest } from "./documents/supplementRequest.ts";
import { type DossierFormData, type FormEvent, loadFormData, payloadDate, payloadTexts } from "./formData.ts";

export interface DossierFormsInput {
  actor: Actor;
  dossierId: string;
}

export interface RenderDossierFormInput extends DossierFormsInput {
  form: FormName;
  /** The portal's public address, for the lookup URL in the QR code (R-CODE-6). */
  publicUrl: string;
  now: Date;
  /**
   * Issue #16: signs the form when it is issued (first rendered) by an officer, if it carries an officer's signature
   * (src/services/signing/signIssuedForm.ts); what it returns is what is stored, so every later copy is the same.
   */
  sign?: ((content: Uint8Array, agencyId: string) => Promise<Uint8Array>) | undefined;
}

export interface RenderedForm {
  fileId: string;
  fileName: string;
  sha256: string;
  content: Uint8Array;
}

export interface OfferedForm {
  form: FormName;
  title: string;
  fileName: string;
}

/**
 * Loads the dossier for `actor`: officers who may see it (assertCanSee) get every form; the owner only those meant
 * for the applicant. Everyone else, and the applicant asking for an internal form, is told the dossier does not
 * exist (404), as for any dossier they may not see.
 */
async function visibleDossier(
  db: Kysely<Database>,
  input: DossierFormsInput,
): Promise<{ row: DossierRow; events: SourceEvent[] }> {
  const record = await findDossier(db, input.dossierId);
  if (!record) throw dossierNotFound();
  assertCanSee(input.actor, record.row);
  const events = await db
    .selectFrom("dossier_events")
    .select(["sequence", "type", "at"])
    .where("dossier_id", "=", record.row.id)
    .orderBy("sequence")
    .execute();
  return { row: record.row, events };
}

const fileNameOf = (form: FormName, code: string) => `${FORMS[form].fileStem}-${code}.pdf`;

/**
 * The forms the dossier has data for and the actor may print ("a form is only offered when its data exist").
 * Outcomes: the list (maybe empty); 404 NOT_FOUND (no such dossier, or not visible to the actor).
 */
export async function listDossierForms(
  db: Kysely<Database>,
  input: DossierFormsInput,
): Promise<OfferedForm[]> {
  const { row, events } = await visibleDossier(db, input);
  const applicant = isApplicant(input.actor);
  return availableForms({ receivedAt: row.received_at }, events)
    .filter((form) => !applicant || FORMS[form].applicantMay)
    .map((form) => ({ form, title: FORMS[form].title, fileName: fileNameOf(form, row.code) }));
}

/**
 * One form of a dossier as a PDF. The first request renders it from the dossier's data and stores it as a dossier
 * document (purpose "notice", sha256, the source event's sequence); later requests for the same source event return
 * the stored bytes, so a printed form and its record never differ (R-FORM-8 keeps forms with the dossier).
 *
 * Outcomes: the PDF; 404 NOT_FOUND (no such dossier, not visible to the actor, a form the applicant may not have,
 * or no data for this form yet — the same answer as an unknown dossier for applicants).
 */
export async function renderDossierForm(
  db: Kysely<Database>,
  storage: FileStorage,
  input: RenderDossierFormInput,
): Promise<RenderedForm> {
  const { row, events } = await visibleDossier(db, input);
  const applicant = isApplicant(input.actor);
  if (applicant && !FORMS[input.form].applicantMay) throw dossierNotFound();
  const source = sourceEventOf(input.form, { receivedAt: row.received_at }, events);
  if (!source) {
    if (applicant) throw dossierNotFound();
    throw new NotFoundError({
      vi: `Hồ sơ chưa có dữ liệu cho ${FORMS[input.form].title.toLowerCase()}`,
      en: "The dossier has no data for this form yet",
    });
  }
  const fileName = fileNameOf(input.form, row.code);
  const stored = await db
    .selectFrom("dossier_files")
    .select(["id", "storage_key", "sha256"])
    .where("dossier_id", "=", row.id)
    .where("purpose", "in", ["notice", "internal"])
    .where("file_name", "=", fileName)
    .where("event_sequence", "=", source.sequence)
    .orderBy("uploaded_at")
    .executeTakeFirst();
  if (stored) {
    const content = await storage.get(stored.storage_key);
    if (content) return { fileId: stored.id, fileName, sha256: stored.sha256, content };
    // The record outlived its bytes: render again; the same data give the same bytes and key.
  }
  const data = await loadFormData(db, row, input.publicUrl);
  // Issue #19: the province's logo on every form's heading, the register's book and number on the slip (R-FORM-6).
  data.logo = await printLogo(db, storage);
  data.registerEntry = (await findRegisterEntry(db, row.id)) ?? null;
  const rendered = await renderForm(input.form, data, source);
  const content = input.sign ? await input.sign(rendered, row.agency_id) : rendered;
  const put = await storage.put(content);
  if (stored) return { fileId: stored.id, fileName, sha256: put.sha256, content };
  const inserted = await db
    .insertInto("dossier_files")
    .values({
      dossier_id: row.id,
      agency_id: row.agency_id,
      component_id: null,
      // The control sheet stays with the office (R-FORM-8): stored as internal, never listed for the applicant.
      purpose: FORMS[input.form].applicantMay ? "notice" : "internal",
      storage_key: put.key,
      sha256: put.sha256,
      file_name: fileName,
      media_type: "application/pdf",
      size_bytes: put.size,
      uploaded_by: null,
      uploaded_at: input.now,
      event_sequence: source.sequence,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { fileId: inserted.id, fileName, sha256: put.sha256, content };
}

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value : null);

/** Renders `form` from the data, dated at its source event so that the bytes depend on the data only. */
export async function renderForm(
  form: FormName,
  data: DossierFormData,
  source: SourceEvent,
): Promise<Uint8Array> {
  const event: FormEvent = data.events.find((e) => e.sequence === source.sequence) ?? {
    ...source,
    actorName: null,
    payload: {},
  };
  const { payload } = event;
  switch (form) {
    case "reception-slip": {
      const qrPng = await QRCode.toBuffer(data.lookupUrl, {
        type: "png",
        errorCorrectionLevel: "M",
        margin: 2,
        width: 240,
      });
      return renderReceptionSlip(data, { at: event.at, qrPng: new Uint8Array(qrPng) });
    }
    case "supplement-request":
      return renderSupplementRequest(data, {
        at: event.at,
        reason: text(payload.reason) ?? "",
        items: payloadTexts(payload.items),
        guideName: event.actorName,
      });
    case "refusal-notice":
      return renderRefusalNotice(data, {
        at: event.at,
        stage: event.type === "refusedAtReception" ? "reception" : "appraisal",
        reasons: payloadTexts(payload.reasons),
        signerName: event.actorName,
      });
    case "control-sheet":
      return renderControlSheet(data, { at: event.at });
    case "apology-letter":
      return renderApologyLetter(data, {
        at: event.at,
        originalDueAt: payloadDate(payload.originalDueAt) ?? payloadDate(payload.previousDueAt),
        newDueAt: payloadDate(payload.newDueAt) ?? data.dueAt ?? event.at,
        reason: text(payload.reason) ?? "",
      });
    case "stop-notice": {
      const request = data.events.findLast(
        (e) => e.type === "withdrawalRequested" && e.sequence < event.sequence,
      );
      if (event.type === "closedForMissingSupplement")
        return renderStopNotice(data, {
          at: event.at,
          ground: "missingSupplement",
          requestedAt: payloadDate(payload.supplementRequestedAt),
          reason: null,
          noticeRef: null,
          signerName: event.actorName,
        });
      return renderStopNotice(data, {
        at: event.at,
        ground: "withdrawal",
        requestedAt: request?.at ?? null,
        reason: text(request?.payload.reason),
        noticeRef: text(payload.noticeRef),
        signerName: event.actorName,
      });
    }
  }
}
