import type { Kysely } from "kysely";
import type { PostalConsentMethod } from "../../db/postalTables.ts";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { normalizePhone } from "../../domain/contact/phone.ts";
import { type Actor, hasRole } from "../accounts/actor.ts";
import { appendDossierNote } from "../digitisation/dossierNoteEvent.ts";
import { type AttachedFileInput, createDossier } from "../dossiers/createDossier.ts";
import { type DossierRecord, findDossier, outboxRows } from "../dossiers/dossierStore.ts";
import { ForbiddenError, ValidationError } from "../errors.ts";
import type { FileLimits } from "../files/storeUpload.ts";
import type { FieldError } from "../validation/messages.ts";
import { checkRecipient, type RecipientInput } from "./postalOrders.ts";

export interface CitizenConsentInput {
  /** How the citizen agreed: a signed request form kept by the post office, or a confirmation by phone call. */
  method: PostalConsentMethod;
  /** The form's number, or the call's time and the number called. */
  reference: string;
  /** The postal worker confirms the citizen agreed to this filing. */
  confirmed: boolean;
}

export interface SubmitForCitizenInput {
  actor: Actor;
  procedureCode: string;
  agencyCode: string;
  citizen: {
    name: string;
    idNumber: string;
    phone: string;
    address?: string | undefined;
    email?: string | undefined;
  };
  consent: CitizenConsentInput;
  formData: Record<string, unknown>;
  files: AttachedFileInput[];
  /** The applicant wants the result by post at this address (R-RES-3); sent when the counter hands it over. */
  resultByPost?: RecipientInput | undefined;
  summary?: string | undefined;
  now: Date;
  limits: FileLimits;
}

/**
 * A postal worker files online on a citizen's behalf (R-SUB-2, S3 Đ30): the citizen's consent is recorded (who,
 * identity number, phone, how they agreed, the confirmation), the dossier is created submitted online with channel
 * `postal` (KenhThucHien 3 in the national sync, R-SYNC-3), on the citizen's account when they have one (found by
 * identity number) — the consent, the dossier, its events and the result-by-post request in one transaction, the
 * dossier's code last (issue #21, R-CODE-1).
 *
 * Outcomes: the dossier; 400 per field (consent not confirmed, identity number, phone, form, files); 403 without the
 * postal role; 404 unknown offering; 409 channel not offered.
 */
export async function submitForCitizen(
  db: Kysely<Database>,
  input: SubmitForCitizenInput,
): Promise<DossierRecord> {
  if (!hasRole(input.actor, ["postal_staff"]))
    throw new ForbiddenError({
      vi: "Chỉ nhân viên bưu chính công ích được nộp hồ sơ thay công dân",
      en: "Only public postal staff may file on a citizen's behalf",
    });
  const errors: FieldError[] = [];
  const name = input.citizen.name.trim();
  const idNumber = input.citizen.idNumber.trim();
  const phone = normalizePhone(input.citizen.phone);
  const reference = input.consent.reference.trim();
  if (name.length < 2)
    errors.push({
      field: "citizen.name",
      message: { vi: "Nhập họ tên công dân", en: "Enter the citizen's name" },
    });
  if (!/^\d{12}$/.test(idNumber))
    errors.push({
      field: "citizen.idNumber",
      message: { vi: "Số định danh cá nhân gồm 12 chữ số", en: "The personal ID number has 12 digits" },
    });
  if (!phone)
    errors.push({
      field: "citizen.phone",
      message: { vi: "Số điện thoại không hợp lệ", en: "The phone number is not valid" },
    });
  if (!input.consent.confirmed)
    errors.push({
      field: "consent.confirmed",
      message: {
        vi: "Cần xác nhận công dân đã đồng ý để nhân viên bưu điện nộp hồ sơ thay",
        en: "Confirm that the citizen agreed to this filing on their behalf",
      },
    });
  if (reference.length < 3)
    errors.push({
      field: "consent.reference",
      message: {
        vi: "Nhập số phiếu đề nghị có chữ ký hoặc thời điểm gọi điện xác nhận",
        en: "Enter the signed form's number or when the phone confirmation took place",
      },
    });
  const delivery = input.resultByPost ? checkRecipient(input.resultByPost, "resultByPost.") : undefined;
  if (delivery) errors.push(...delivery.errors);
  if (errors.length > 0) throw new ValidationError(errors);

  return inTransaction(db, async (trx) => {
    // On the citizen's account when they have one (S3 Đ30): they follow it, get its notices and its result online.
    const account = await trx
      .selectFrom("users")
      .select(["id", "email"])
      .where("identification_number", "=", idNumber)
      .where("kind", "=", "citizen")
      .where("is_active", "=", true)
      .executeTakeFirst();
    const consent = await trx
      .insertInto("postal_consents")
      .values({
        staff_user_id: input.actor.userId,
        citizen_name: name,
        citizen_id_number: idNumber,
        citizen_phone: phone!,
        method: input.consent.method,
        reference,
        confirmed_at: input.now,
        created_at: input.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return createDossier(trx, {
      procedureCode: input.procedureCode,
      agencyCode: input.agencyCode,
      channel: "postal",
      submittedOnline: true,
      applicant: {
        kind: "person",
        name,
        idNumber,
        phone: phone!,
        address: input.citizen.address?.trim() || undefined,
        email: input.citizen.email?.trim() || account?.email || undefined,
      },
      submitter: {
        role: "postal_staff",
        name: input.actor.fullName,
        userId: input.actor.userId,
        consentId: consent.id,
      },
      formData: input.formData,
      summary: input.summary,
      files: input.files,
      ownerUserId: account?.id ?? null,
      uploaderUserId: input.actor.userId,
      actor: { role: "applicant", id: account?.id ?? input.actor.userId },
      author: { userId: input.actor.userId, role: "postal_staff" },
      now: input.now,
      limits: input.limits,
      // Issue #21, R-CODE-1: the consent, its event and the result-by-post order are written before the dossier
      // takes its number, so the agency's per-day counter is the transaction's last write. They name the dossier by
      // its id; the event's outbox message carries the code, so it is written with the code, after the dossier's own.
      beforeCode: async (trx, record) => {
        const dossier = record.row;
        const status = record.state.status;
        await trx
          .updateTable("postal_consents")
          .set({ dossier_id: dossier.id })
          .where("id", "=", consent.id)
          .execute();
        const note = {
          type: "postalConsentRecorded",
          at: input.now,
          actorUserId: input.actor.userId,
          actorRole: "postal_staff",
          payload: { consentId: consent.id, method: input.consent.method },
        };
        // The dossier was written in this transaction, which holds its row: no locking read (appendPostalEvent's).
        const sequence = await appendDossierNote(trx, dossier, note, { outbox: false });
        if (delivery?.value)
          await trx
            .insertInto("postal_orders")
            .values({
              dossier_id: dossier.id,
              agency_id: dossier.agency_id,
              kind: "result_delivery",
              recipient_name: delivery.value.name,
              recipient_phone: delivery.value.phone,
              address: delivery.value.address,
              fee: null,
              requested_by_user_id: input.actor.userId,
              requested_by_role: "postal_staff",
              created_at: input.now,
              updated_at: input.now,
            })
            .execute();
        return {
          record: { ...record, row: { ...dossier, version: sequence, updated_at: input.now } },
          outbox: (code) =>
            outboxRows({ id: dossier.id, code }, sequence, [
              { type: note.type, from: status, to: status, at: note.at, payload: note.payload },
            ]),
        };
      },
    });
  });
}

export interface PostalSubmissionView {
  dossierId: string;
  code: string;
  procedureName: string;
  agencyName: string;
  citizenName: string;
  status: number;
  submittedAt: string;
  consentMethod: PostalConsentMethod;
  consentReference: string;
}

/** The dossiers a postal worker filed for citizens, newest first (their own list only). */
export async function listPostalSubmissions(
  db: Kysely<Database>,
  actor: Actor,
  options: { limit?: number; dossierId?: string } = {},
): Promise<PostalSubmissionView[]> {
  const rows = await db
    .selectFrom("postal_consents as c")
    .innerJoin("dossiers as d", "d.id", "c.dossier_id")
    .innerJoin("procedures as p", "p.id", "d.procedure_id")
    .innerJoin("agencies as a", "a.id", "d.deciding_agency_id")
    .select([
      "d.id",
      "d.code",
      "p.name as procedure_name",
      "a.name as agency_name",
      "c.citizen_name",
      "d.status",
      "d.submitted_at",
      "c.method",
      "c.reference",
    ])
    .where("c.staff_user_id", "=", actor.userId)
    .$if(options.dossierId !== undefined, (query) => query.where("d.id", "=", options.dossierId!))
    .orderBy("d.submitted_at", "desc")
    .limit(options.limit ?? 100)
    .execute();
  return rows.map((row) => ({
    dossierId: row.id,
    code: row.code,
    procedureName: row.procedure_name,
    agencyName: row.agency_name,
    citizenName: row.citizen_name,
    status: row.status,
    submittedAt: new Date(row.submitted_at).toISOString(),
    consentMethod: row.method,
    consentReference: row.reference,
  }));
}

/**
 * One dossier a postal worker filed for a citizen (R-SUB-2): the dossier as its applicant sees it — never the
 * officers' internal view — with the consent recorded for it. Another worker's dossier, or any other, is unknown.
 */
export async function findPostalSubmission(
  db: Kysely<Database>,
  actor: Actor,
  dossierId: string,
): Promise<{ record: DossierRecord; submission: PostalSubmissionView } | undefined> {
  const [submission] = await listPostalSubmissions(db, actor, { dossierId, limit: 1 });
  const record = submission ? await findDossier(db, dossierId) : undefined;
  return record && submission ? { record, submission } : undefined;
}
