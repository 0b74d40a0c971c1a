import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { type ExemptionReason, exemptionRefusal } from "../../domain/digitisation/exemptions.ts";
import type { Actor } from "../accounts/actor.ts";
import { ConflictError, UnprocessableError } from "../errors.ts";
import { actingRole, dossierFor, fileNotFound } from "./digitisationAccess.ts";
import { RECEPTION_ROLES } from "./digitiseComponent.ts";
import { appendDossierNote } from "./dossierNoteEvent.ts";

export interface ExemptComponentInput {
  dossierId: string;
  /** The component's file; none for a paper only shown (then `componentPosition` names it). */
  fileId?: string | undefined;
  componentPosition?: number | undefined;
  reason: ExemptionReason;
  note: string | null;
  actor: Actor;
  now: Date;
}

/**
 * Records that a component is not digitised, and why (R-RECV-7 exemptions, TT 03/2025 Điều 5 k2): an electronic
 * submission, a paper only shown, an appraisal output, a classified document. The officer and time are kept, and the
 * event tells the dossier's history.
 *
 * Outcomes: the record's id; 404 dossier, file or component; 403 not a counter officer of the receiving agency;
 * 409 already digitised or exempted, stale; 422 the reason does not fit (electronic for a paper dossier, classified
 * without a note).
 */
export async function exemptComponent(
  db: Kysely<Database>,
  input: ExemptComponentInput,
): Promise<{ id: string }> {
  const { actor, now } = input;
  const record = await dossierFor(db, actor, input.dossierId, RECEPTION_ROLES, "receiving");
  const refusal = exemptionRefusal(input.reason, record.row.channel, input.note);
  if (refusal === "ONLINE_ONLY_FOR_ELECTRONIC")
    throw new UnprocessableError(refusal, {
      vi: "Chỉ hồ sơ nộp trực tuyến mới được miễn số hóa vì đã là bản điện tử",
      en: "Only a dossier submitted online is exempt as an electronic submission",
    });
  if (refusal === "NOTE_REQUIRED")
    throw new UnprocessableError(refusal, {
      vi: "Tài liệu mật cần ghi rõ căn cứ miễn số hóa",
      en: "A classified document needs a note giving the basis of the exemption",
    });
  let component: { id: string; code: string | null; position: number } | undefined;
  let fileId: string | null = null;
  if (input.fileId) {
    const file = await db
      .selectFrom("dossier_files as f")
      .innerJoin("procedure_components as c", "c.id", "f.component_id")
      .select(["f.id", "c.id as component_id", "c.code", "c.position"])
      .where("f.id", "=", input.fileId)
      .where("f.dossier_id", "=", record.row.id)
      .executeTakeFirst();
    if (!file) throw fileNotFound();
    fileId = file.id;
    component = { id: file.component_id, code: file.code, position: file.position };
  } else {
    component = await db
      .selectFrom("procedure_components")
      .select(["id", "code", "position"])
      .where("procedure_id", "=", record.row.procedure_id)
      .where("position", "=", input.componentPosition ?? -1)
      .executeTakeFirst();
    if (!component) throw fileNotFound();
  }
  const known = await db
    .selectFrom("digitisations")
    .select("id")
    .where("dossier_id", "=", record.row.id)
    .where((eb) => (fileId ? eb("file_id", "=", fileId) : eb("component_id", "=", component.id)))
    .executeTakeFirst();
  if (known)
    throw new ConflictError("ALREADY_DIGITISED", {
      vi: "Thành phần này đã được số hóa hoặc đã ghi nhận miễn số hóa",
      en: "This component is already digitised or exempted",
    });
  const componentCode = component.code ?? `TP${component.position + 1}`;
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto("digitisations")
      .values({
        dossier_id: record.row.id,
        agency_id: record.row.agency_id,
        file_id: fileId,
        component_id: component.id,
        kind: "component",
        component_code: componentCode,
        document_type: "other",
        issuer: "",
        document_number: null,
        issue_date: null,
        valid_until: null,
        pages: 0,
        media_type: null,
        dpi: null,
        exempt_reason: input.reason,
        exempt_note: input.note,
        original_sha256: null,
        signed_sha256: null,
        signer_user_id: null,
        signer_name: null,
        certificate_serial: null,
        certificate_issuer: null,
        signed_at: null,
        signature_state: null,
        recorded_by: actor.userId,
        recorded_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendDossierNote(trx, record.row, {
      type: "componentExempted",
      at: now,
      actorUserId: actor.userId,
      actorRole: actingRole(actor, RECEPTION_ROLES, record.row.agency_id),
      payload: { componentCode, fileId, reason: input.reason, note: input.note },
    });
    return { id: row.id };
  });
}
