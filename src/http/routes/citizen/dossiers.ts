import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { answerSupplement } from "../../../services/dossiers/applicant/answerSupplement.ts";
import { editDossier } from "../../../services/dossiers/applicant/editDossier.ts";
import { listOwnDossiers } from "../../../services/dossiers/applicant/listOwnDossiers.ts";
import { requestWithdrawal } from "../../../services/dossiers/applicant/requestWithdrawal.ts";
import { submitOnlineDossier } from "../../../services/dossiers/applicant/submitOnlineDossier.ts";
import { describeDossier } from "../../../services/dossiers/describeDossier.ts";
import { assertCanSee } from "../../../services/dossiers/dossierAccess.ts";
import { findDossier } from "../../../services/dossiers/dossierStore.ts";
import { dossierNotFound } from "../../../services/dossiers/runDossierCommand.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { AgencyCode, ErrorResponse, ProcedureCode } from "../../schemas/common.ts";
import { DossierDescription, DossierIdParams, ExpectedVersion } from "../../schemas/dossier.ts";
import type { DossierRouteContext } from "../dossierRouteContext.ts";

const applicants = ["citizen", "organisation_representative"] as const;
const guard = requireRole(applicants);

const FileReference = Type.Object({
  componentPosition: Type.Integer({ minimum: 0, maximum: 1000 }),
  uploadId: Type.String({ format: "uuid" }),
});
/** A component answered from the applicant's DataStore (R-KHO-1, issue #16): the flag comes from this, never the client. */
const ReuseReference = Type.Object(
  {
    componentPosition: Type.Integer({ minimum: 0, maximum: 1000 }),
    documentId: Type.String({ format: "uuid" }),
  },
  { additionalProperties: false },
);
const FormData = Type.Record(Type.String(), Type.Unknown(), { description: "Dữ liệu tờ khai điện tử" });
const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};

const OwnDossierList = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Type.String({ format: "uuid" }),
      code: Type.String(),
      status: Type.Integer(),
      statusLabel: Type.Object({ vi: Type.String(), en: Type.String() }),
      procedure: Type.Object({ code: Type.String(), name: Type.String() }),
      receivingAgency: Type.String(),
      submittedAt: Type.String({ format: "date-time" }),
      receivedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
      dueAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
      returnedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
    }),
  ),
});

/**
 * The applicant's own dossiers (issue #4 §4 Applicant): submit online, list, read with the whole history, edit before
 * acceptance, answer the supplement request, ask to withdraw. Another person's dossier answers 404.
 */
export const citizenDossierRoutes: FastifyPluginAsyncTypebox<DossierRouteContext> = async (app, context) => {
  const { db } = context;
  const reply200 = async (id: string) => describeDossier(db, (await findDossier(db, id))!.row, "applicant");

  app.post(
    "/citizen/dossiers",
    {
      preHandler: guard,
      schema: {
        tags: ["citizen"],
        summary: "Nộp hồ sơ trực tuyến",
        description:
          "Tệp của từng thành phần được tải lên trước (POST /api/uploads). Gửi kèm header Idempotency-Key để gửi lại an toàn.",
        headers: Type.Object({
          "idempotency-key": Type.Optional(
            Type.String({ minLength: 8, maxLength: 100, pattern: "^[A-Za-z0-9_.:-]+$" }),
          ),
        }),
        body: Type.Object(
          {
            procedureCode: ProcedureCode,
            agencyCode: AgencyCode,
            formData: FormData,
            files: Type.Array(FileReference, { maxItems: 100 }),
            reuses: Type.Optional(Type.Array(ReuseReference, { maxItems: 100 })),
            address: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
            summary: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: DossierDescription, 413: ErrorResponse, ...errors },
      },
    },
    async (request, reply) => {
      const record = await submitOnlineDossier(db, {
        actor: actorFrom(request),
        ...request.body,
        idempotencyKey: request.headers["idempotency-key"],
        now: context.clock(),
        limits: context.limits,
        storage: context.storage,
      });
      return reply.status(201).send(await describeDossier(db, record.row, "applicant"));
    },
  );

  app.get(
    "/citizen/dossiers",
    {
      preHandler: guard,
      schema: {
        tags: ["citizen"],
        summary: "Hồ sơ của tôi",
        querystring: Type.Object({
          status: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
          page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
          pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
        }),
        response: { 200: OwnDossierList, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => listOwnDossiers(db, actorFrom(request), request.query),
  );

  app.get(
    "/citizen/dossiers/:id",
    {
      preHandler: guard,
      schema: {
        tags: ["citizen"],
        summary: "Chi tiết hồ sơ và lịch sử xử lý",
        params: DossierIdParams,
        response: { 200: DossierDescription, ...errors },
      },
    },
    async (request) => {
      const record = await findDossier(db, request.params.id);
      if (!record) throw dossierNotFound();
      assertCanSee(actorFrom(request), record.row);
      return describeDossier(db, record.row, "applicant");
    },
  );

  app.post(
    "/citizen/dossiers/:id/edit",
    {
      preHandler: guard,
      schema: {
        tags: ["citizen"],
        summary: "Sửa hồ sơ trước khi được tiếp nhận",
        params: DossierIdParams,
        body: Type.Object(
          {
            expectedVersion: ExpectedVersion,
            formData: Type.Optional(FormData),
            addFiles: Type.Optional(Type.Array(FileReference, { maxItems: 100 })),
            removeFileIds: Type.Optional(Type.Array(Type.String({ format: "uuid" }), { maxItems: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: DossierDescription, 413: ErrorResponse, ...errors },
      },
    },
    async (request) => {
      const record = await editDossier(db, {
        actor: actorFrom(request),
        dossierId: request.params.id,
        ...request.body,
        now: context.clock(),
        limits: context.limits,
        storage: context.storage,
      });
      return reply200(record.row.id);
    },
  );

  app.post(
    "/citizen/dossiers/:id/supplement",
    {
      preHandler: guard,
      schema: {
        tags: ["citizen"],
        summary: "Nộp bổ sung hồ sơ theo yêu cầu",
        params: DossierIdParams,
        body: Type.Object(
          {
            expectedVersion: ExpectedVersion,
            files: Type.Array(
              Type.Object({
                componentPosition: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
                uploadId: Type.String({ format: "uuid" }),
              }),
              { minItems: 1, maxItems: 100 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: DossierDescription, 413: ErrorResponse, ...errors },
      },
    },
    async (request) => {
      const record = await answerSupplement(db, {
        actor: actorFrom(request),
        dossierId: request.params.id,
        ...request.body,
        now: context.clock(),
        limits: context.limits,
      });
      return reply200(record.row.id);
    },
  );

  app.post(
    "/citizen/dossiers/:id/withdraw",
    {
      preHandler: guard,
      schema: {
        tags: ["citizen"],
        summary: "Yêu cầu rút hồ sơ",
        params: DossierIdParams,
        body: Type.Object(
          {
            expectedVersion: ExpectedVersion,
            reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: DossierDescription, ...errors },
      },
    },
    async (request) => {
      const record = await requestWithdrawal(db, {
        actor: actorFrom(request),
        dossierId: request.params.id,
        ...request.body,
        now: context.clock(),
      });
      return reply200(record.row.id);
    },
  );
};
