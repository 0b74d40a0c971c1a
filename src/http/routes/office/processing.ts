import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { Role } from "../../../db/schema.ts";
import type { DossierRecord } from "../../../services/dossiers/dossierStore.ts";
import { answerConsultation } from "../../../services/dossiers/processing/answerConsultation.ts";
import { approveResult } from "../../../services/dossiers/processing/approveResult.ts";
import { assignDossier } from "../../../services/dossiers/processing/assignDossier.ts";
import { confirmPayment } from "../../../services/dossiers/processing/confirmPayment.ts";
import { consultAgency } from "../../../services/dossiers/processing/consultAgency.ts";
import { forwardDossier } from "../../../services/dossiers/processing/forwardDossier.ts";
import { recordVerification } from "../../../services/dossiers/processing/recordVerification.ts";
import { refuseAfterAppraisal } from "../../../services/dossiers/processing/refuseAfterAppraisal.ts";
import { requestExtension } from "../../../services/dossiers/processing/requestExtension.ts";
import { requestPayment } from "../../../services/dossiers/processing/requestPayment.ts";
import { requestSupplementAfterAppraisal } from "../../../services/dossiers/processing/requestSupplementAfterAppraisal.ts";
import { sendBackDossier } from "../../../services/dossiers/processing/sendBackDossier.ts";
import { localize, negotiateLanguage } from "../../i18n/language.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { AgencyCode, ErrorResponse } from "../../schemas/common.ts";
import { DossierIdParams, ExpectedVersion } from "../../schemas/dossier.ts";
import type { DossierRouteContext } from "../dossierRouteContext.ts";

/**
 * Text an officer writes: not empty, not only spaces, bounded. The pattern lets "" through so that an empty field
 * gets the one message "must not be empty" and a blank one "wrong format", never both.
 */
const Text = (maxLength = 2000) => Type.String({ minLength: 1, maxLength, pattern: "^$|\\S" });
const Uuid = Type.String({ format: "uuid" });
const Body = <T extends Parameters<typeof Type.Object>[0]>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });

/** What every processing command answers: where the dossier now is, and the version to send next time. */
export const ProcessingResult = Type.Object({
  id: Uuid,
  code: Type.String(),
  version: Type.Integer(),
  status: Type.Integer({ minimum: 1, maximum: 10 }),
  internalStep: Type.Union([Type.String(), Type.Null()]),
  dueAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  currentUnitId: Type.Union([Uuid, Type.Null()]),
  currentAssigneeId: Type.Union([Uuid, Type.Null()]),
});

/** The supplement request's answer: a warning when it is the dossier's second request (R-SUPP-2 Clarified). */
const SupplementResult = Type.Object({
  ...ProcessingResult.properties,
  warning: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
});

const responses = {
  200: ProcessingResult,
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};

function resultOf({ row }: DossierRecord) {
  return {
    id: row.id,
    code: row.code,
    version: row.version,
    status: row.status,
    internalStep: row.internal_step,
    dueAt: row.due_at ? row.due_at.toISOString() : null,
    currentUnitId: row.current_unit_id,
    currentAssigneeId: row.current_assignee_id,
  };
}

/** Who may give each command (R-STATUS-5 table; R-PROC-1 roles of the default workflow). */
const AGENCY: Role[] = ["specialist", "unit_head", "agency_leader"];
const HEADS: Role[] = ["unit_head", "agency_leader"];
const SIGNERS: Role[] = ["agency_leader", "unit_head"];

const AssignBody = Body({ assigneeId: Uuid, note: Type.Optional(Text()), expectedVersion: ExpectedVersion });
const ForwardBody = Body({
  opinion: Text(),
  assigneeId: Type.Optional(Uuid),
  expectedVersion: ExpectedVersion,
});
const SendBackBody = Body({ reason: Text(), expectedVersion: ExpectedVersion });
const ConsultBody = Body({
  toAgencyCode: AgencyCode,
  toUnitCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: "^\\S+$" })),
  question: Text(),
  workingDays: Type.Number({ exclusiveMinimum: 0, maximum: 60 }),
  expectedVersion: ExpectedVersion,
});
const AnswerParams = Type.Object({ id: Uuid, consultationId: Uuid });
const AnswerBody = Body({ answer: Text(), expectedVersion: ExpectedVersion });
const VerificationBody = Body({
  outcome: Text(),
  meeting: Type.Optional(
    Body({
      at: Type.String({ format: "date-time" }),
      place: Text(500),
      participants: Type.Array(Text(200), { minItems: 1, maxItems: 50 }),
      content: Text(),
    }),
  ),
  expectedVersion: ExpectedVersion,
});
const PaymentBody = Body({
  obligations: Type.Array(Body({ name: Text(300), amount: Type.Integer({ minimum: 1, maximum: 1e12 }) }), {
    minItems: 1,
    maxItems: 50,
  }),
  expectedVersion: ExpectedVersion,
});
const ConfirmPaymentBody = Body({ receiptRef: Text(200), expectedVersion: ExpectedVersion });
const SupplementBody = Body({
  reason: Text(),
  items: Type.Array(Text(500), { minItems: 1, maxItems: 100 }),
  expectedVersion: ExpectedVersion,
});
const ExtensionBody = Body({
  reason: Text(),
  newDueAt: Type.String({ format: "date-time" }),
  uploadId: Type.Optional(Uuid),
  expectedVersion: ExpectedVersion,
});
const ApproveBody = Body({ uploadId: Uuid, note: Type.Optional(Text()), expectedVersion: ExpectedVersion });
const RefuseBody = Body({
  reasons: Type.Array(Text(), { minItems: 1, maxItems: 50 }),
  uploadId: Uuid,
  expectedVersion: ExpectedVersion,
});

const schema = <B, P = typeof DossierIdParams>(summary: string, body: B, params?: P) => ({
  tags: ["office"],
  summary,
  params: (params ?? DossierIdParams) as P,
  body,
  response: responses,
});

/**
 * Processing inside the competent agency (issue #4): thin handlers — role guard → input schema → use case → result.
 * The guard checks the role anywhere (401/403, before the input is read); each use case checks the dossier's scope
 * (404 for what the caller may not know exists, 403 for an officer of the agency without the role or the step).
 */
export const processingRoutes: FastifyPluginAsyncTypebox<DossierRouteContext> = async (app, context) => {
  const base = (
    request: Pick<FastifyRequest, "actor"> & {
      params: { id: string };
      body: { expectedVersion?: number | undefined };
    },
  ) => ({
    dossierId: request.params.id,
    actor: actorFrom(request),
    now: context.clock(),
    expectedVersion: request.body.expectedVersion,
  });

  app.post(
    "/office/dossiers/:id/assign",
    {
      preValidation: requireRole(HEADS),
      schema: schema("Phân công (hoặc giao lại) cán bộ xử lý hồ sơ", AssignBody),
    },
    async (request) =>
      resultOf(
        await assignDossier(context.db, {
          ...base(request),
          assigneeId: request.body.assigneeId,
          note: request.body.note,
        }),
      ),
  );

  app.post(
    "/office/dossiers/:id/forward",
    {
      preValidation: requireRole(AGENCY),
      schema: schema("Chuyển hồ sơ sang bước xử lý tiếp theo", ForwardBody),
    },
    async (request) =>
      resultOf(
        await forwardDossier(context.db, {
          ...base(request),
          opinion: request.body.opinion,
          assigneeId: request.body.assigneeId,
        }),
      ),
  );

  app.post(
    "/office/dossiers/:id/send-back",
    { preValidation: requireRole(AGENCY), schema: schema("Trả hồ sơ về bước xử lý trước", SendBackBody) },
    async (request) =>
      resultOf(await sendBackDossier(context.db, { ...base(request), reason: request.body.reason })),
  );

  app.post(
    "/office/dossiers/:id/consult",
    {
      preValidation: requireRole(AGENCY),
      schema: schema("Lấy ý kiến cơ quan, đơn vị khác (có thời hạn)", ConsultBody),
    },
    async (request) =>
      resultOf(
        await consultAgency(context.db, {
          ...base(request),
          toAgencyCode: request.body.toAgencyCode,
          toUnitCode: request.body.toUnitCode,
          question: request.body.question,
          workingDays: request.body.workingDays,
        }),
      ),
  );

  app.post(
    "/office/dossiers/:id/consultations/:consultationId/answer",
    {
      preValidation: requireRole(AGENCY),
      schema: schema("Trả lời yêu cầu lấy ý kiến", AnswerBody, AnswerParams),
    },
    async (request) =>
      resultOf(
        await answerConsultation(context.db, {
          ...base(request),
          consultationId: request.params.consultationId,
          answer: request.body.answer,
        }),
      ),
  );

  app.post(
    "/office/dossiers/:id/verification",
    {
      preValidation: requireRole(AGENCY),
      schema: schema("Ghi nhận kết quả thẩm tra, xác minh", VerificationBody),
    },
    async (request) => {
      const meeting = request.body.meeting;
      return resultOf(
        await recordVerification(context.db, {
          ...base(request),
          outcome: request.body.outcome,
          meeting: meeting && { ...meeting, at: new Date(meeting.at) },
        }),
      );
    },
  );

  app.post(
    "/office/dossiers/:id/request-payment",
    {
      preValidation: requireRole(AGENCY),
      schema: schema("Yêu cầu thực hiện nghĩa vụ tài chính", PaymentBody),
    },
    async (request) =>
      resultOf(await requestPayment(context.db, { ...base(request), obligations: request.body.obligations })),
  );

  app.post(
    "/office/dossiers/:id/confirm-payment",
    {
      preValidation: requireRole(["counter_officer"]),
      schema: schema("Xác nhận đã thực hiện nghĩa vụ tài chính (tại Bộ phận Một cửa)", ConfirmPaymentBody),
    },
    async (request) =>
      resultOf(await confirmPayment(context.db, { ...base(request), receiptRef: request.body.receiptRef })),
  );

  app.post(
    "/office/dossiers/:id/request-supplement-after-appraisal",
    {
      preValidation: requireRole(AGENCY),
      schema: {
        ...schema("Yêu cầu bổ sung, hoàn thiện hồ sơ sau thẩm định", SupplementBody),
        response: { ...responses, 200: SupplementResult },
      },
    },
    async (request) => {
      const outcome = await requestSupplementAfterAppraisal(context.db, {
        ...base(request),
        reason: request.body.reason,
        items: request.body.items,
      });
      // R-SUPP-2 Clarified: a second request (one was asked at reception) is allowed with this warning.
      const warning = outcome.warning && {
        code: outcome.warning.code,
        message: localize(outcome.warning.message, negotiateLanguage(request.headers["accept-language"])),
      };
      return { ...resultOf(outcome), ...(warning ? { warning } : {}) };
    },
  );

  app.post(
    "/office/dossiers/:id/extension",
    {
      preValidation: requireRole(["agency_leader"]),
      schema: schema("Gia hạn: phiếu xin lỗi và hẹn lại ngày trả kết quả", ExtensionBody),
    },
    async (request) =>
      resultOf(
        await requestExtension(context.db, {
          ...base(request),
          reason: request.body.reason,
          newDueAt: new Date(request.body.newDueAt),
          uploadId: request.body.uploadId,
        }),
      ),
  );

  app.post(
    "/office/dossiers/:id/approve",
    {
      preValidation: requireRole(SIGNERS),
      schema: schema("Phê duyệt kết quả giải quyết (kèm tệp kết quả)", ApproveBody),
    },
    async (request) =>
      resultOf(
        await approveResult(context.db, {
          ...base(request),
          uploadId: request.body.uploadId,
          note: request.body.note,
        }),
      ),
  );

  app.post(
    "/office/dossiers/:id/refuse-after-appraisal",
    {
      preValidation: requireRole(SIGNERS),
      schema: schema("Từ chối giải quyết hồ sơ sau thẩm định (kèm phiếu từ chối)", RefuseBody),
    },
    async (request) =>
      resultOf(
        await refuseAfterAppraisal(context.db, {
          ...base(request),
          reasons: request.body.reasons,
          uploadId: request.body.uploadId,
        }),
      ),
  );
};
