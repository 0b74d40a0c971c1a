import { randomBytes } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { FeedbackKind, FeedbackSubject } from "../../db/feedbackTables.ts";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { normalizePhone } from "../../domain/contact/phone.ts";
import { feedbackDueAt } from "../../domain/feedback/deadlines.ts";
import type { Actor } from "../accounts/actor.ts";
import { feedbackCalendar } from "./calendars.ts";
import { consumeVerifiedContact } from "./contactVerification.ts";
import {
  agencyCodeUnknown,
  contactNotVerified,
  dossierCodeUnknown,
  invalidInput,
  procedureCodeUnknown,
} from "./feedbackErrors.ts";

/**
 * Receiving feedback (R-PAKN-1, R-PAKN-2) and questions (R-QA-1) from the portal: a signed-in person, or anyone with a
 * contact verified by a one-time code. The item waits for the service center to route it; feedback's 10 working days
 * run from receipt (R-PAKN-2), a question's time from its routing (R-QA-1).
 */

export interface SubmitItemInput {
  kind: FeedbackKind;
  /** Feedback only: what it is about. Questions are always about a procedure. */
  subject?: FeedbackSubject | undefined;
  dossierCode?: string | undefined;
  procedureCode?: string | undefined;
  agencyCode?: string | undefined;
  officerName?: string | undefined;
  title: string;
  content: string;
  name: string;
  phone?: string | undefined;
  email?: string | undefined;
  /** R-QA-1: a person's ID number and address (an organisation's representative and establishment decision). */
  identity?: string | undefined;
  consentPublish: boolean;
  attachmentIds?: string[] | undefined;
  /** Without a session: the verified one-time code. */
  verificationId?: string | undefined;
}

export interface SubmittedItem {
  id: string;
  code: string;
  status: "received";
  receivedAt: Date;
  dueAt: Date | null;
}

/** R-QA-1: questions are in Vietnamese with diacritics; a long text without any mark is refused. */
export function hasVietnameseDiacritics(text: string): boolean {
  return /[\u0300-\u036f]|đ|Đ/.test(text.normalize("NFD"));
}

const codeOf = (kind: FeedbackKind, now: Date) =>
  `${kind === "feedback" ? "PA" : "HD"}-${now.toISOString().slice(0, 10).replace(/-/g, "")}-${randomBytes(4)
    .toString("hex")
    .toUpperCase()}`;

async function subjectRefs(trx: Transaction<Database>, input: SubmitItemInput) {
  let dossierId: string | null = null;
  let procedureId: string | null = null;
  let agencyId: string | null = null;
  if (input.dossierCode) {
    const dossier = await trx
      .selectFrom("dossiers")
      .select(["id", "procedure_id", "agency_id"])
      .where("code", "=", input.dossierCode.trim())
      .executeTakeFirst();
    if (!dossier) throw dossierCodeUnknown();
    dossierId = dossier.id;
    procedureId = dossier.procedure_id;
    agencyId = dossier.agency_id;
  }
  if (input.procedureCode) {
    const procedure = await trx
      .selectFrom("procedures")
      .select("id")
      .where("code", "=", input.procedureCode.trim())
      .executeTakeFirst();
    if (!procedure) throw procedureCodeUnknown();
    procedureId = procedure.id;
  }
  if (input.agencyCode) {
    const agency = await trx
      .selectFrom("agencies")
      .select("id")
      .where("code", "=", input.agencyCode.trim())
      .executeTakeFirst();
    if (!agency) throw agencyCodeUnknown();
    agencyId = agency.id;
  }
  return { dossierId, procedureId, agencyId };
}

function checkShape(input: SubmitItemInput) {
  if (input.kind === "question") {
    if (!input.procedureCode)
      throw invalidInput("procedureCode", {
        vi: "Câu hỏi cần chọn thủ tục hành chính",
        en: "A question must name its procedure",
      });
    if (!input.identity?.trim())
      throw invalidInput("identity", {
        vi: "Câu hỏi cần số định danh (CCCD) và địa chỉ của người hỏi",
        en: "A question needs the asker's ID number and address",
      });
    if (!hasVietnameseDiacritics(`${input.title} ${input.content}`))
      throw invalidInput("content", {
        vi: "Vui lòng viết câu hỏi bằng tiếng Việt có dấu",
        en: "Please write the question in Vietnamese with diacritics",
      });
    return;
  }
  const needs: Record<FeedbackSubject, keyof SubmitItemInput> = {
    dossier: "dossierCode",
    procedure: "procedureCode",
    agency: "agencyCode",
    officer: "agencyCode",
  };
  if (!input.subject)
    throw invalidInput("subject", {
      vi: "Chọn nội dung phản ánh về",
      en: "Choose what the feedback is about",
    });
  const field = needs[input.subject];
  if (!input[field])
    throw invalidInput(field, { vi: "Thông tin này là bắt buộc", en: "This information is required" });
  if (input.subject === "officer" && !input.officerName?.trim())
    throw invalidInput("officerName", {
      vi: "Ghi tên hoặc chức danh cán bộ được phản ánh",
      en: "Give the officer's name or title",
    });
}

export async function submitItem(
  db: Kysely<Database>,
  input: SubmitItemInput & { actor?: Actor | undefined; now: Date },
): Promise<SubmittedItem> {
  checkShape(input);
  let phone: string | null = null;
  if (input.phone?.trim()) {
    phone = normalizePhone(input.phone) ?? null;
    if (!phone)
      throw invalidInput("phone", { vi: "Số điện thoại không hợp lệ", en: "The phone number is not valid" });
  }
  let email = input.email?.trim().toLowerCase() || null;
  if (!input.actor && !input.verificationId) throw contactNotVerified();
  const calendar = await feedbackCalendar(db, null);
  return inTransaction(db, async (trx) => {
    let verified = input.actor !== undefined;
    if (!input.actor && input.verificationId) {
      const contact = await consumeVerifiedContact(trx, input.verificationId, input.now);
      if (contact.channel === "sms") phone = contact.address;
      else email = contact.address;
      verified = true;
    }
    if (!phone && !email)
      throw invalidInput("phone", {
        vi: "Cần số điện thoại hoặc thư điện tử để nhận trả lời",
        en: "A phone number or e-mail is needed for the answer",
      });
    const refs = await subjectRefs(trx, input);
    const code = codeOf(input.kind, input.now);
    const dueAt = input.kind === "feedback" ? feedbackDueAt(calendar, input.now) : null;
    const row = await trx
      .insertInto("feedback_items")
      .values({
        code,
        kind: input.kind,
        channel: "portal",
        subject: input.kind === "question" ? "procedure" : (input.subject ?? null),
        dossier_id: refs.dossierId,
        procedure_id: refs.procedureId,
        subject_agency_id: refs.agencyId,
        officer_name: input.officerName?.trim() || null,
        title: input.title.trim(),
        content: input.content.trim(),
        submitter_user_id: input.actor?.userId ?? null,
        submitter_name: input.name.trim(),
        submitter_phone: phone,
        submitter_email: email,
        submitter_identity: input.identity?.trim() || null,
        contact_verified: verified,
        consent_publish: input.consentPublish,
        status: "received",
        received_at: input.now,
        due_at: dueAt,
        created_at: input.now,
      })
      .returning(["id", "code", "received_at", "due_at"])
      .executeTakeFirstOrThrow();
    const ownerKey = input.actor ? `user:${input.actor.userId}` : `contact:${input.verificationId}`;
    if (input.attachmentIds?.length) {
      const attached = await trx
        .updateTable("feedback_attachments")
        .set({ feedback_id: row.id })
        .where("id", "in", input.attachmentIds)
        .where("owner_key", "=", ownerKey)
        .where("feedback_id", "is", null)
        .returning("id")
        .execute();
      if (attached.length !== new Set(input.attachmentIds).size)
        throw invalidInput("attachmentIds", {
          vi: "Tệp đính kèm không tồn tại hoặc đã được dùng",
          en: "An attachment does not exist or is already used",
        });
    }
    await trx
      .insertInto("feedback_events")
      .values({
        feedback_id: row.id,
        type: "received",
        at: input.now,
        actor_user_id: input.actor?.userId ?? null,
        from_agency_id: null,
        to_agency_id: null,
        payload: JSON.stringify({ channel: "portal" }),
      })
      .execute();
    return { id: row.id, code: row.code, status: "received", receivedAt: row.received_at, dueAt: row.due_at };
  });
}
