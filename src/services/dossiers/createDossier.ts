import { createHash, randomUUID } from "node:crypto";
import type { Insertable, Kysely, Transaction } from "kysely";
import { bindSlots, compiledOnce, slot } from "../../db/compiledOnce.ts";
import type { OutboxTable } from "../../db/dossierTables.ts";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { INVALID_PHONE_MESSAGE, normalizePhone } from "../../domain/contact/phone.ts";
import type { Actor as DomainActor } from "../../domain/dossier/actor.ts";
import type { PaperIntakeOutcome } from "../../domain/dossier/commands.ts";
import { decide } from "../../domain/dossier/decide.ts";
import { decisionSettingsOf } from "../../domain/options/ruleOptions.ts";
import type { FileStorage } from "../../integrations/storage/fileStorage.ts";
import { attachReuses, type ReuseReference, resolveReuses } from "../dataStore/reuseAtSubmission.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import type { FileLimits } from "../files/storeUpload.ts";
import {
  attachDeclaration,
  declarationComponent,
  requesterErrors,
} from "../forms/declaration/declarationAtSubmission.ts";
import { checkFormData } from "../validation/formData.ts";
import type { FieldError } from "../validation/messages.ts";
import {
  attachUploads,
  type FileReference,
  missingRequiredComponents,
  resolveUploads,
} from "./attachUploads.ts";
import {
  type DossierRecord,
  type EventAuthor,
  findDossier,
  insertDossier,
  outboxRows,
  refusalError,
} from "./dossierStore.ts";
import { assignDossierCode, pendingDossierCode } from "./nextDossierCode.ts";
import { decisionInputsOf } from "./runDossierCommand.ts";

export interface ApplicantInput {
  kind: "person" | "organisation";
  /** The person's full name, or the organisation's representative. */
  name: string;
  idNumber?: string | undefined;
  organisationName?: string | undefined;
  taxCode?: string | undefined;
  address?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}

/** A file of the new dossier: every one is for a component of the procedure (R-SUB-1). */
export type AttachedFileInput = FileReference & { componentPosition: number };

export interface CreateDossierInput {
  procedureCode: string;
  /** The competent agency offering the procedure (R-XFER-3 deciding agency). */
  agencyCode: string;
  channel: "online" | "counter" | "postal";
  /**
   * A postal worker filing online on the citizen's behalf (R-SUB-2, issue #18): channel `postal`, but submitted online
   * (status 1, the counter's 8 working hours, R-RECV-1) rather than received on paper.
   */
  submittedOnline?: boolean | undefined;
  applicant: ApplicantInput;
  submitter?: Record<string, unknown> | undefined;
  formData: Record<string, unknown>;
  summary?: string | undefined;
  files: AttachedFileInput[];
  /** Components answered from the owner's DataStore instead of an upload (R-KHO-1, issue #16). */
  reuses?: ReuseReference[] | undefined;
  /** The account the dossier belongs to (the applicant's, R-ACC-1), or null for a paper applicant without one. */
  ownerUserId: string | null;
  /** Whose uploads the files are (the applicant online, the officer at the counter). */
  uploaderUserId: string;
  /** Where an officer helped the applicant, when not the receiving agency (R-XFER-3). */
  assistedAtAgencyId?: string | undefined;
  /**
   * The agency whose counter officially receives it, when not the offering's usual one: a counter anywhere in the
   * province receives for any agency of the province (R-XFER-3).
   */
  receivingAgencyId?: string | undefined;
  /** Received outside the office: mobile reception or on site (R-RECV-5). */
  receptionPlace?: "mobile" | "on_site" | undefined;
  /** A paper dossier found incomplete or refused at the counter, entered with its slip (R-RECV-2 a, b). */
  paperOutcome?: PaperIntakeOutcome | undefined;
  actor: DomainActor;
  author: EventAuthor;
  now: Date;
  limits: FileLimits;
  /** R-LAW-4: a dossier submitted on the national portal, with the code it got there. */
  nationalCode?: string | undefined;
  /** A retried submission with the same key returns the same dossier. */
  idempotencyKey?: string | undefined;
  /**
   * Issue #19 (R-SUB-1): online, where the declaration generated from the e-form is kept. When the offering's form
   * is a declaration (`x-declaration`), its component counts as provided by that PDF and the requester is checked
   * against the account (người nộp / người yêu cầu).
   */
  declarationStorage?: FileStorage | undefined;
  /**
   * Issue #21, R-CODE-1: the caller's own writes of the reception (the national portal's files to fetch, the postal
   * consent and order…), run in the same transaction once the dossier is written and just before its number is
   * taken, so the agency's per-day counter stays the last thing the transaction does. The dossier still has its
   * pending code here: these writes name it by its id, never by `record.row.code`; a message that carries the code
   * goes in `WrittenBeforeCode.outbox`, written with the real code.
   */
  beforeCode?:
    | ((trx: Transaction<Database>, record: DossierRecord) => Promise<WrittenBeforeCode>)
    | undefined;
}

/** What the caller's writes before the code (`beforeCode`) leave for the code's statement (issue #21, R-CODE-1). */
export interface WrittenBeforeCode {
  /** The dossier as those writes left it (a note bumps its version); the real code is set on it. */
  record?: DossierRecord | undefined;
  /**
   * The outbox messages of events those writes appended, built for the real code: written in the code's statement,
   * after the dossier's own (so the outbox keeps the events' order).
   */
  outbox?: ((code: string) => Insertable<OutboxTable>[]) | undefined;
}

function requestHash(input: CreateDossierInput): string {
  const {
    actor: _actor,
    author: _author,
    now: _now,
    limits: _limits,
    declarationStorage: _storage,
    beforeCode: _beforeCode,
    ...request
  } = input;
  return createHash("sha256").update(JSON.stringify(request)).digest("hex");
}

async function findIdempotent(
  trx: Transaction<Database>,
  input: CreateDossierInput,
): Promise<DossierRecord | "none"> {
  if (!input.idempotencyKey || !input.ownerUserId) return "none";
  // Issue #21: built and compiled once per process (compiledOnce), run with this caller's key.
  const query = compiledOnce("createDossier:idempotencyKey", trx, (db) =>
    db
      .selectFrom("idempotency_keys")
      .select(["dossier_id", "request_hash"])
      .where("user_id", "=", slot("userId"))
      .where("key", "=", slot("key")),
  );
  const previous = (
    await trx.executeQuery(bindSlots(query, { userId: input.ownerUserId, key: input.idempotencyKey }))
  ).rows[0];
  if (!previous) return "none";
  if (previous.request_hash !== requestHash(input)) {
    throw new ConflictError("IDEMPOTENCY_KEY_REUSED", {
      vi: "Mã Idempotency-Key này đã được dùng cho một yêu cầu nộp hồ sơ khác",
      en: "This Idempotency-Key was already used for a different submission",
    });
  }
  return (await findDossier(trx, previous.dossier_id)) ?? "none";
}

/**
 * Creates a dossier: online submission (status 1, R-RECV-1) or a paper/postal dossier received at the counter
 * (status 2, R-RECV-2 c). Everything is checked first (offering, channel, e-form data against the procedure's JSON
 * Schema, required components, the files' owner and size); then the dossier, its events, its files, the idempotency
 * key, the caller's own writes (`beforeCode`) and, last, its code (R-CODE-1, issue #21) are written in one
 * transaction.
 */
export async function createDossier(db: Kysely<Database>, input: CreateDossierInput): Promise<DossierRecord> {
  return inTransaction(db, async (trx) => {
    const repeated = await findIdempotent(trx, input);
    if (repeated !== "none") return repeated;

    // Issue #21: built and compiled once per process (compiledOnce), run with this request's codes.
    const offeringQuery = compiledOnce("createDossier:offering", trx, (db) =>
      db
        .selectFrom("procedure_offerings as o")
        .innerJoin("procedures as p", "p.id", "o.procedure_id")
        .innerJoin("agencies as a", "a.id", "o.agency_id")
        .select([
          "o.id",
          "o.agency_id",
          "o.enabled",
          "o.online_level",
          "o.channels",
          "o.form_schema",
          "o.time_limit_amount",
          "o.time_limit_unit",
          "p.id as procedure_id",
          "p.name as procedure_name",
          "p.withdrawn_at as procedure_withdrawn_at",
          "p.time_limit_amount as procedure_time_amount",
          "p.time_limit_unit as procedure_time_unit",
          "p.time_limit_kind as procedure_time_kind",
          "a.received_at_agency_id",
        ])
        .where("p.code", "=", slot("procedureCode"))
        .where("a.code", "=", slot("agencyCode")),
    );
    const offering = (
      await trx.executeQuery(
        bindSlots(offeringQuery, { procedureCode: input.procedureCode, agencyCode: input.agencyCode }),
      )
    ).rows[0];
    if (!offering?.enabled) {
      throw new NotFoundError({
        vi: `Cơ quan ${input.agencyCode} không giải quyết thủ tục ${input.procedureCode}`,
        en: `Agency ${input.agencyCode} does not handle procedure ${input.procedureCode}`,
      });
    }
    // R-SYNC-6 (issue #13): a procedure the national procedure database withdrew takes no new dossier.
    if (offering.procedure_withdrawn_at) {
      throw new ConflictError("PROCEDURE_WITHDRAWN", {
        vi: "Thủ tục này đã bị bãi bỏ trong Cơ sở dữ liệu quốc gia về thủ tục hành chính, không nhận hồ sơ mới",
        en: "This procedure was withdrawn from the national procedure database and takes no new dossiers",
      });
    }
    if (
      !offering.channels.includes(input.channel) ||
      (input.channel === "online" && offering.online_level === "none")
    ) {
      throw new ConflictError("CHANNEL_NOT_OFFERED", {
        vi: "Thủ tục này không nhận hồ sơ qua hình thức đã chọn",
        en: "This procedure does not accept dossiers through this channel",
      });
    }
    const legalAmount = offering.time_limit_amount ?? offering.procedure_time_amount;
    const legalUnit = offering.time_limit_unit ?? offering.procedure_time_unit;
    // An offering's own time limit is a duration; otherwise the procedure's kind applies (R-CAL-6, R-RECV-4).
    const legalKind = offering.time_limit_amount === null ? offering.procedure_time_kind : null;
    if (legalAmount === null || legalUnit === null) {
      throw new ConflictError("NO_LEGAL_TIME", {
        vi: "Thủ tục chưa được cấu hình thời hạn giải quyết; vui lòng liên hệ cơ quan giải quyết",
        en: "The procedure has no legal time configured; please contact the agency",
      });
    }

    const errors: FieldError[] = [];
    // Issue #12 §7: one national form for every number typed at a counter or online; a number from the national
    // portal is kept as sent when it is not one of ours (the dossier is not refused for the other system's data).
    const applicantPhone = phoneOnEntry(input.applicant.phone, "applicant.phone", errors, input.nationalCode);
    const submitterPhone = phoneOnEntry(
      input.submitter?.phone,
      "submitter.phone",
      errors,
      input.nationalCode,
    );
    const submitter =
      input.submitter && submitterPhone !== undefined
        ? { ...input.submitter, phone: submitterPhone }
        : input.submitter;
    // Issue #20 "Stored form data": bounded by the procedure's form, unknown fields refused, types kept (R-SUB-1).
    // A paper or postal dossier received at the counter brings the declaration as a scan of the paper (issue #19).
    // One received from the national portal brings the answers of the portal's own form (R-LAW-4): they are kept as
    // sent, bounded as free form data, since their fields are not our e-form's.
    const paperDeclaration = input.channel !== "online" && !input.submittedOnline;
    const fromNationalPortal = input.nationalCode !== undefined;
    errors.push(
      ...checkFormData(fromNationalPortal ? null : offering.form_schema, input.formData, "formData", {
        answersOptional: paperDeclaration,
      }),
    );
    // Issue #19: the e-form that is the procedure's declaration stands for its component (rendered below).
    const declaration = input.declarationStorage
      ? await declarationComponent(trx, offering.procedure_id, offering.form_schema)
      : null;
    if (declaration)
      errors.push(
        ...requesterErrors(offering.form_schema, input.formData, {
          fullName: input.applicant.name,
          idNumber: input.applicant.idNumber ?? null,
        }),
      );
    const resolved = await resolveUploads(trx, {
      procedureId: offering.procedure_id,
      uploaderUserId: input.uploaderUserId,
      files: input.files,
    });
    errors.push(...resolved.errors);
    const reuses = await resolveReuses(trx, {
      procedureId: offering.procedure_id,
      procedureCode: input.procedureCode,
      // Only the owner reaches their store: an officer entering a paper dossier cannot take from it.
      ownerUserId: input.ownerUserId === input.uploaderUserId ? input.ownerUserId : null,
      reuses: input.reuses ?? [],
      now: input.now,
    });
    errors.push(...reuses.errors);
    // A dossier from the national portal keeps its files there (R-LAW-4); ours must bring every required one (R-SUB-1).
    // A paper dossier found incomplete or refused is entered as it is: what is missing is on its slip (R-RECV-2 a, b).
    if (input.nationalCode === undefined && input.paperOutcome === undefined)
      errors.push(
        ...missingRequiredComponents(resolved, [
          ...input.files,
          // A component answered from the store counts as brought (R-KHO-1).
          ...reuses.resolved.map((reuse) => ({ componentPosition: reuse.componentPosition, uploadId: "" })),
          // The declaration typed in the e-form is provided by its generated PDF (issue #19).
          ...(declaration ? [{ componentPosition: declaration.position, uploadId: "" }] : []),
        ]),
      );
    if (errors.length > 0) throw new ValidationError(errors);

    const receivingAgencyId = input.receivingAgencyId ?? offering.received_at_agency_id ?? offering.agency_id;
    // The receiving agency's code, its calendar and the offering's rule options: one statement (issue #21).
    const inputs = await decisionInputsOf(trx, { agencyId: receivingAgencyId, offeringId: offering.id });
    const receivingAgency = { id: receivingAgencyId, code: inputs.agencyCode };
    const command =
      input.channel === "online" || input.submittedOnline
        ? ({ type: "submitOnline", applicantId: input.ownerUserId ?? input.uploaderUserId } as const)
        : ({
            type: "intakePaper",
            applicantId: input.ownerUserId ?? `person:${input.applicant.idNumber ?? input.applicant.name}`,
            channel: input.channel,
            outcome: input.paperOutcome,
          } as const);
    const decision = decide(undefined, command, input.actor, input.now, {
      calendar: inputs.calendar,
      legalTime: { amount: legalAmount, unit: legalUnit, kind: legalKind },
      // The reception limit of online dossiers is a rule option (R-RECV-1, issue #12 §6).
      ...decisionSettingsOf(inputs.options),
    });
    if (!decision.ok) throw refusalError(decision.refusal);

    // Issue #21, R-CODE-1: the dossier is written with a pending code and takes its number as late as possible, so
    // the agency's per-day counter row is held for the end of the transaction only (see assignDossierCode).
    const dossierId = randomUUID();
    const written = await insertDossier(
      trx,
      {
        id: dossierId,
        code: pendingDossierCode(dossierId),
        procedure_id: offering.procedure_id,
        offering_id: offering.id,
        assisted_at_agency_id: input.assistedAtAgencyId ?? null,
        agency_id: receivingAgency.id,
        deciding_agency_id: offering.agency_id,
        channel: input.channel,
        from_national_portal: input.nationalCode !== undefined,
        national_code: input.nationalCode ?? null,
        owner_user_id: input.ownerUserId,
        applicant_kind: input.applicant.kind,
        applicant_name: input.applicant.name,
        applicant_id_number: input.applicant.idNumber ?? null,
        organisation_name: input.applicant.organisationName ?? null,
        organisation_tax_code: input.applicant.taxCode ?? null,
        applicant_address: input.applicant.address ?? null,
        applicant_phone: applicantPhone ?? null,
        applicant_email: input.applicant.email ?? null,
        submitter: submitter ? JSON.stringify(submitter) : null,
        summary: input.summary ?? offering.procedure_name,
        form_data: JSON.stringify(input.formData),
        legal_time_amount: legalAmount,
        legal_time_unit: legalUnit,
        legal_time_kind: legalKind,
        reception_place: input.receptionPlace ?? null,
        submitted_at: input.now,
      },
      decision,
      input.author,
      { outbox: false },
    );
    let record = written;
    let code: string | undefined;
    /**
     * Takes the number (once): the counter, then the code into the dossier and its events' outbox messages, with
     * those of the caller's writes before the code (`more`). Taken earlier (a printed code), their messages go in
     * on their own.
     */
    const takeCode = async (more?: WrittenBeforeCode): Promise<DossierRecord> => {
      const base = more?.record ?? record;
      if (code === undefined)
        code = await assignDossierCode(
          trx,
          { id: dossierId, agency: receivingAgency, at: input.now },
          (taken) => [
            ...outboxRows({ id: dossierId, code: taken }, 1, decision.events),
            ...(more?.outbox?.(taken) ?? []),
          ],
        );
      else {
        const messages = more?.outbox?.(code) ?? [];
        if (messages.length > 0) await trx.insertInto("outbox").values(messages).execute();
      }
      record = { ...base, row: { ...base.row, code } };
      return record;
    };

    // A new dossier holds no file yet: with none to attach there is no size to check (issue #21: no read for it).
    if (input.files.length > 0)
      await attachUploads(trx, {
        dossier: record.row,
        resolved,
        files: input.files,
        purpose: "component",
        uploaderUserId: input.uploaderUserId,
        eventSequence: 1,
        now: input.now,
        limits: input.limits,
      });
    // What follows prints or files the code (a reused document's source, the declaration's PDF): it is taken first
    // when there is any; otherwise last, after the idempotency key and the caller's own writes (issue #21, R-CODE-1).
    if (reuses.resolved.length > 0 || (declaration && input.declarationStorage && offering.form_schema))
      await takeCode();
    await attachReuses(trx, {
      dossier: record.row,
      resolved: reuses.resolved,
      actorUserId: input.uploaderUserId,
      actor: { userId: input.uploaderUserId, fullName: input.applicant.name, kind: "citizen" },
      eventSequence: 1,
      now: input.now,
    });
    if (declaration && input.declarationStorage && offering.form_schema)
      await attachDeclaration(trx, input.declarationStorage, {
        dossier: record.row,
        component: declaration,
        schema: offering.form_schema,
        formData: input.formData,
        procedure: { code: input.procedureCode, name: offering.procedure_name },
        submitterName: input.applicant.name,
        uploaderUserId: input.uploaderUserId,
        eventSequence: 1,
        now: input.now,
      });
    if (input.idempotencyKey && input.ownerUserId) {
      // Issue #21: built and compiled once per process (compiledOnce), run with this request's key.
      const insertKey = compiledOnce("createDossier:insertIdempotencyKey", trx, (db) =>
        db.insertInto("idempotency_keys").values({
          user_id: slot("userId"),
          key: slot("key"),
          request_hash: slot("requestHash"),
          dossier_id: slot("dossierId"),
        }),
      );
      await trx.executeQuery(
        bindSlots(insertKey, {
          userId: input.ownerUserId,
          key: input.idempotencyKey,
          requestHash: requestHash(input),
          dossierId: record.row.id,
        }),
      );
    }
    return takeCode(await input.beforeCode?.(trx, record));
  });
}

/**
 * A phone number as entered, in its national form (issue #12 §7); an invalid one is a field error, except from the
 * national portal (`nationalCode` set), whose number is kept trimmed. Undefined when none was given.
 */
function phoneOnEntry(
  raw: unknown,
  field: string,
  errors: FieldError[],
  nationalCode: string | undefined,
): string | undefined {
  if (typeof raw !== "string" || raw.trim() === "") return undefined;
  const national = normalizePhone(raw);
  if (national) return national;
  if (nationalCode !== undefined) return raw.trim();
  errors.push({ field, message: { ...INVALID_PHONE_MESSAGE } });
  return undefined;
}
