import { createHash } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { SectorProgress } from "../../db/sectorTables.ts";
import { inTransaction } from "../../db/transaction.ts";
import { recognizeDossierCode } from "../../domain/codes/recognizeDossierCode.ts";
import type { PublicStatus } from "../../domain/dossier/status.ts";
import {
  checkSectorDates,
  checkSectorMove,
  type SectorReportFacts,
  sectorDossierState,
} from "../../domain/sector/sectorRules.ts";
import {
  appendEvents,
  type DossierRow,
  dossierProjection,
  type StoredEvent,
} from "../dossiers/dossierStore.ts";
import { decodeState } from "../dossiers/stateCodec.ts";
import { ConflictError, ForbiddenError, UnprocessableError, ValidationError } from "../errors.ts";
import { validatorFor } from "../validation/ajv.ts";
import { describeErrors, type FieldError } from "../validation/messages.ts";
import { SectorDossierReport, type SectorReportAnswer } from "./sectorReportSchema.ts";
import type { AuthenticatedSectorSystem } from "./sectorSystems.ts";

/** Event types a sector system's reports leave in the dossier's log (issue #18). */
export const SECTOR_EVENT_TYPES = {
  created: "sectorReported",
  status: "sectorStatusReported",
  progress: "sectorProgressReported",
} as const;

export interface ReportSectorDossierInput {
  system: AuthenticatedSectorSystem;
  payload: unknown;
  now: Date;
}

export interface ReportSectorDossierResult {
  created: boolean;
  answer: SectorReportAnswer;
}

const FUTURE_TOLERANCE_MS = 5 * 60_000;

const field = (name: string, vi: string, en: string): FieldError => ({ field: name, message: { vi, en } });

/** sha256 of the report as received (canonical JSON of the parsed body): a reused report id must carry it again. */
function reportHash(payload: SectorDossierReport): string {
  return createHash("sha256").update(JSON.stringify(payload)).digest("hex");
}

const notYours = () =>
  new ForbiddenError(
    {
      vi: "Hồ sơ này không do hệ thống của bạn quản lý; một hệ thống chuyên ngành không được cập nhật hồ sơ của hệ thống khác",
      en: "This dossier is not managed by your system; a sector system cannot update another system's dossiers",
    },
    "SECTOR_DOSSIER_NOT_YOURS",
  );

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";

function progressOf(payload: SectorDossierReport): SectorProgress {
  return {
    steps: (payload.progress?.steps ?? []).map((step) => ({
      name: step.name,
      startedAt: new Date(step.startedAt).toISOString(),
      finishedAt: step.finishedAt ? new Date(step.finishedAt).toISOString() : null,
      handler: step.handler ?? null,
    })),
    appointmentAt: payload.progress?.appointmentAt
      ? new Date(payload.progress.appointmentAt).toISOString()
      : null,
    resultAt: payload.progress?.resultAt ? new Date(payload.progress.resultAt).toISOString() : null,
    externalStatus: payload.progress?.externalStatus ?? null,
  };
}

/** Equal progress, whatever order jsonb gave the keys back in. */
function sameProgress(a: SectorProgress, b: SectorProgress): boolean {
  const canonical = (p: SectorProgress) =>
    JSON.stringify([
      p.steps.map((step) => [step.name, step.startedAt, step.finishedAt, step.handler]),
      p.appointmentAt,
      p.resultAt,
      p.externalStatus,
    ]);
  return canonical(a) === canonical(b);
}

/** The applicant columns, as the report gives them (bounded by the schema). */
function applicantColumns(payload: SectorDossierReport) {
  const applicant = payload.applicant;
  return {
    applicant_kind: applicant.kind,
    applicant_name: applicant.name,
    applicant_id_number: applicant.idNumber ?? null,
    organisation_name: applicant.organisationName ?? null,
    applicant_address: applicant.address ?? null,
    applicant_phone: applicant.phone?.trim() ?? null,
    applicant_email: applicant.email ?? null,
  };
}

/** Checks the report's shape, code and dates, and the system's right to report its procedure and agency. */
function checkReport(system: AuthenticatedSectorSystem, payload: unknown, now: Date): SectorDossierReport {
  const validate = validatorFor<SectorDossierReport>(SectorDossierReport);
  if (!validate(payload)) throw new ValidationError(describeErrors(validate.errors));
  const errors: FieldError[] = [];
  if (!recognizeDossierCode(payload.dossier.code))
    errors.push(
      field(
        "dossier.code",
        "Mã hồ sơ không đúng định dạng {mã cơ quan}-{YYMMDD}-{số thứ tự}",
        "The dossier code is not shaped {agency}-{YYMMDD}-{sequence}",
      ),
    );
  const reportedAt = new Date(payload.reportedAt);
  if (reportedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
    errors.push(field("reportedAt", "Thời điểm báo cáo ở tương lai", "The report time is in the future"));
  const submittedAt = new Date(payload.dossier.submittedAt);
  if (submittedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
    errors.push(field("dossier.submittedAt", "Ngày nộp ở tương lai", "The submission time is in the future"));
  for (const [index, step] of (payload.progress?.steps ?? []).entries())
    if (step.finishedAt && new Date(step.finishedAt).getTime() < new Date(step.startedAt).getTime())
      errors.push(
        field(
          `progress.steps.${index}.finishedAt`,
          "Bước kết thúc trước khi bắt đầu",
          "The step finishes before it starts",
        ),
      );
  for (const problem of checkSectorDates(factsOf(system, payload)))
    errors.push({ field: problem.field, message: problem.refusal.message });
  if (errors.length > 0) throw new ValidationError(errors);
  if (!system.procedureCodes.includes(payload.dossier.procedureCode))
    throw new ForbiddenError(
      {
        vi: `Hệ thống ${system.name} không được đăng ký để báo cáo thủ tục ${payload.dossier.procedureCode}`,
        en: `System ${system.name} is not registered to report procedure ${payload.dossier.procedureCode}`,
      },
      "SECTOR_PROCEDURE_NOT_ALLOWED",
    );
  return payload;
}

function factsOf(system: AuthenticatedSectorSystem, payload: SectorDossierReport): SectorReportFacts {
  const date = (text: string | undefined) => (text ? new Date(text) : undefined);
  return {
    status: payload.status as PublicStatus,
    channel: payload.dossier.channel,
    applicantId: `sector:${system.code}`,
    submittedAt: new Date(payload.dossier.submittedAt),
    receivedAt: date(payload.dossier.receivedAt),
    appointmentAt: date(payload.progress?.appointmentAt),
    resultAt: date(payload.progress?.resultAt),
    reportedAt: new Date(payload.reportedAt),
    systemActorId: `sector:${system.code}`,
  };
}

/** The earlier answer to this report id, or nothing; a reused id with another body is a conflict. */
async function replayOf(
  db: Kysely<Database>,
  system: AuthenticatedSectorSystem,
  payload: SectorDossierReport,
): Promise<SectorReportAnswer | undefined> {
  const previous = await db
    .selectFrom("sector_reports")
    .select(["request_hash", "response"])
    .where("system_id", "=", system.id)
    .where("report_id", "=", payload.reportId)
    .where("http_status", "<", 300)
    .executeTakeFirst();
  if (!previous) return undefined;
  if (previous.request_hash !== reportHash(payload))
    throw new ConflictError("SECTOR_REPORT_ID_REUSED", {
      vi: "Mã báo cáo (reportId) này đã được dùng cho một báo cáo có nội dung khác",
      en: "This reportId was already used for a report with a different content",
    });
  return { ...(previous.response as unknown as SectorReportAnswer), replayed: true };
}

/**
 * A sector system creates or updates one of its dossiers (issue #18, R-STATUS-4): the report's status and progress
 * are copied into the province's database when they happen, so the dossier shows in the public lookup, dashboards,
 * statistics and the national sync like any other — marked as handled by that system, never processed here.
 *
 * Outcomes: `{ created: true }` (201) for a new dossier; `{ created: false }` (200) for an update, a report that
 * changed nothing, or a replay of a report id already answered (its first answer, `replayed: true`).
 * ValidationError (400, per field); ForbiddenError (403): a procedure or agency the system may not report, or another
 * system's (or OneStop's own) dossier; ConflictError (409): a move backwards or out of order, a reused report id, a
 * dossier whose procedure or agency would change; UnprocessableError (422): the agency does not offer the procedure.
 * The dossier, its event, the outbox row and the report's record are written in one transaction.
 */
export async function reportSectorDossier(
  db: Kysely<Database>,
  input: ReportSectorDossierInput,
): Promise<ReportSectorDossierResult> {
  const { system, now } = input;
  const payload = checkReport(system, input.payload, now);
  const replay = await replayOf(db, system, payload);
  if (replay) return { created: false, answer: replay };
  try {
    return await inTransaction(db, async (trx) => {
      const agency = await trx
        .selectFrom("agencies")
        .select(["id", "code"])
        .where("code", "=", payload.dossier.agencyCode)
        .executeTakeFirst();
      if (!agency || !system.agencyIds.includes(agency.id))
        throw new ForbiddenError(
          {
            vi: `Hệ thống ${system.name} không được đăng ký để báo cáo hồ sơ của cơ quan ${payload.dossier.agencyCode}`,
            en: `System ${system.name} is not registered to report dossiers of agency ${payload.dossier.agencyCode}`,
          },
          "SECTOR_AGENCY_NOT_ALLOWED",
        );
      const existing = await trx
        .selectFrom("dossiers")
        .selectAll()
        .where((eb) =>
          eb.or([eb("code", "=", payload.dossier.code), eb("national_code", "=", payload.dossier.code)]),
        )
        .forUpdate()
        .executeTakeFirst();
      const result = existing
        ? await updateDossier(trx, system, payload, existing, agency.id, now)
        : await createSectorDossier(trx, system, payload, agency.id, now);
      await trx
        .insertInto("sector_reports")
        .values({
          system_id: system.id,
          report_id: payload.reportId,
          dossier_code: payload.dossier.code,
          dossier_id: result.answer.dossierId,
          request_hash: reportHash(payload),
          received_at: now,
          http_status: result.created ? 201 : 200,
          outcome_code: result.answer.outcome,
          response: JSON.stringify(result.answer),
        })
        .execute();
      await trx
        .updateTable("sector_systems")
        .set({ last_call_at: now })
        .where("id", "=", system.id)
        .execute();
      return result;
    });
  } catch (error) {
    // The same report delivered twice at once: the loser answers as a replay of the winner.
    if (isUniqueViolation(error)) {
      const winner = await replayOf(db, system, payload);
      if (winner) return { created: false, answer: winner };
      throw new ConflictError("SECTOR_REPORT_RACE", {
        vi: "Hồ sơ vừa được cập nhật bởi một báo cáo khác; vui lòng gửi lại",
        en: "The dossier was just changed by another report; please send again",
      });
    }
    throw error;
  }
}

async function createSectorDossier(
  trx: Transaction<Database>,
  system: AuthenticatedSectorSystem,
  payload: SectorDossierReport,
  agencyId: string,
  now: Date,
): Promise<ReportSectorDossierResult> {
  const offering = await trx
    .selectFrom("procedure_offerings as o")
    .innerJoin("procedures as p", "p.id", "o.procedure_id")
    .select([
      "o.id",
      "o.agency_id",
      "o.time_limit_amount",
      "o.time_limit_unit",
      "p.id as procedure_id",
      "p.name as procedure_name",
      "p.time_limit_amount as procedure_time_amount",
      "p.time_limit_unit as procedure_time_unit",
      "p.time_limit_kind as procedure_time_kind",
    ])
    .where("p.code", "=", payload.dossier.procedureCode)
    .where("o.agency_id", "=", agencyId)
    .executeTakeFirst();
  if (!offering)
    throw new UnprocessableError("SECTOR_PROCEDURE_NOT_OFFERED", {
      vi: `Cơ quan ${payload.dossier.agencyCode} không có thủ tục ${payload.dossier.procedureCode} trong danh mục của tỉnh`,
      en: `Agency ${payload.dossier.agencyCode} has no procedure ${payload.dossier.procedureCode} in the province's catalog`,
    });
  const state = sectorDossierState(factsOf(system, payload));
  const event: StoredEvent = {
    type: SECTOR_EVENT_TYPES.created,
    from: null,
    to: state.status,
    at: state.lastChangedAt,
    payload: sectorEventPayload(system, payload),
  };
  const row = await trx
    .insertInto("dossiers")
    .values({
      code: payload.dossier.code,
      procedure_id: offering.procedure_id,
      offering_id: offering.id,
      assisted_at_agency_id: null,
      agency_id: agencyId,
      deciding_agency_id: offering.agency_id,
      channel: payload.dossier.channel,
      national_code: null,
      owner_user_id: null,
      ...applicantColumns(payload),
      submitter: null,
      summary: payload.dossier.summary ?? offering.procedure_name,
      form_data: "{}",
      legal_time_amount: offering.time_limit_amount ?? offering.procedure_time_amount ?? 0,
      legal_time_unit: offering.time_limit_unit ?? offering.procedure_time_unit ?? "wd",
      legal_time_kind: offering.time_limit_amount === null ? offering.procedure_time_kind : null,
      submitted_at: state.submittedAt,
      sector_system_id: system.id,
      ...dossierProjection(state),
      version: 1,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendEvents(trx, row, 1, [event], { userId: null, role: "sectorSystem" });
  await trx
    .insertInto("sector_dossiers")
    .values({
      dossier_id: row.id,
      system_id: system.id,
      progress: JSON.stringify(progressOf(payload)),
      reported_at: new Date(payload.reportedAt),
      updated_at: now,
    })
    .execute();
  return { created: true, answer: answerOf(row, "created") };
}

async function updateDossier(
  trx: Transaction<Database>,
  system: AuthenticatedSectorSystem,
  payload: SectorDossierReport,
  existing: DossierRow,
  agencyId: string,
  now: Date,
): Promise<ReportSectorDossierResult> {
  // R-STATUS-4: a system reports its own dossiers only; OneStop's and other systems' are not its to touch.
  if (existing.sector_system_id !== system.id) throw notYours();
  const procedure = await trx
    .selectFrom("procedures")
    .select("code")
    .where("id", "=", existing.procedure_id)
    .executeTakeFirstOrThrow();
  if (procedure.code !== payload.dossier.procedureCode || existing.agency_id !== agencyId)
    throw new ConflictError("SECTOR_DOSSIER_FIELDS_FIXED", {
      vi: "Không thể đổi thủ tục hoặc cơ quan của hồ sơ đã báo cáo",
      en: "The procedure or agency of a reported dossier cannot change",
    });
  const tracked = await trx
    .selectFrom("sector_dossiers")
    .selectAll()
    .where("dossier_id", "=", existing.id)
    .executeTakeFirstOrThrow();
  const previousState = decodeState(existing.state);
  const facts = factsOf(system, payload);
  const move = checkSectorMove(
    {
      status: previousState.status,
      accepted: previousState.receivedAt !== undefined,
      reportedAt: tracked.reported_at,
    },
    { status: facts.status, reportedAt: facts.reportedAt },
  );
  if (!move.ok) throw new ConflictError(move.refusal.code, move.refusal.message);

  const progress = progressOf(payload);
  const applicant = applicantColumns(payload);
  const statusChanged = facts.status !== previousState.status;
  const progressChanged =
    !sameProgress(progress, tracked.progress) ||
    (Object.keys(applicant) as (keyof typeof applicant)[]).some((key) => applicant[key] !== existing[key]) ||
    (payload.dossier.summary ?? existing.summary) !== existing.summary ||
    (facts.receivedAt?.getTime() ?? null) !== (previousState.receivedAt?.getTime() ?? null);
  if (!statusChanged && !progressChanged) {
    await trx
      .updateTable("sector_dossiers")
      .set({ reported_at: facts.reportedAt, updated_at: now })
      .where("dossier_id", "=", existing.id)
      .execute();
    return { created: false, answer: answerOf(existing, "unchanged") };
  }
  const state = sectorDossierState(facts, previousState);
  const event: StoredEvent = {
    type: statusChanged ? SECTOR_EVENT_TYPES.status : SECTOR_EVENT_TYPES.progress,
    from: previousState.status,
    to: state.status,
    at: facts.reportedAt,
    payload: sectorEventPayload(system, payload),
  };
  const row = await trx
    .updateTable("dossiers")
    .set({
      ...dossierProjection(state, existing),
      ...applicant,
      ...(payload.dossier.summary ? { summary: payload.dossier.summary } : {}),
      version: existing.version + 1,
      updated_at: now,
    })
    .where("id", "=", existing.id)
    .where("version", "=", existing.version)
    .returningAll()
    .executeTakeFirst();
  if (!row)
    throw new ConflictError("SECTOR_REPORT_RACE", {
      vi: "Hồ sơ vừa được cập nhật bởi một báo cáo khác; vui lòng gửi lại",
      en: "The dossier was just changed by another report; please send again",
    });
  await appendEvents(trx, row, existing.version + 1, [event], { userId: null, role: "sectorSystem" });
  await trx
    .updateTable("sector_dossiers")
    .set({ progress: JSON.stringify(progress), reported_at: facts.reportedAt, updated_at: now })
    .where("dossier_id", "=", existing.id)
    .execute();
  return { created: false, answer: answerOf(row, "updated") };
}

/** What the event keeps: who reported, the report's id, the appointment and result date (public fields). */
function sectorEventPayload(system: AuthenticatedSectorSystem, payload: SectorDossierReport) {
  return {
    sectorSystem: system.code,
    reportId: payload.reportId,
    ...(payload.progress?.appointmentAt
      ? { dueAt: new Date(payload.progress.appointmentAt).toISOString() }
      : {}),
    ...(payload.dossier.receivedAt ? { receivedAt: new Date(payload.dossier.receivedAt).toISOString() } : {}),
    ...(payload.progress?.resultAt ? { resultAt: new Date(payload.progress.resultAt).toISOString() } : {}),
    ...(payload.progress?.externalStatus ? { externalStatus: payload.progress.externalStatus } : {}),
  };
}

function answerOf(row: DossierRow, outcome: SectorReportAnswer["outcome"]): SectorReportAnswer {
  return {
    dossierId: row.id,
    code: row.code,
    status: row.status,
    version: row.version,
    outcome,
    replayed: false,
  };
}
