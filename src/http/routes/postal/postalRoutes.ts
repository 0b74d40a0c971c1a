import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { PostalServiceError } from "../../../integrations/postal/postalService.ts";
import { describeDossier } from "../../../services/dossiers/describeDossier.ts";
import { dossierNotFound } from "../../../services/dossiers/runDossierCommand.ts";
import { UnauthenticatedError, ValidationError } from "../../../services/errors.ts";
import { assertMayHandOver, handOverResultToPost } from "../../../services/postal/handOverResult.ts";
import {
  listPostalOrders,
  type PostalNotice,
  postalOrderAccess,
  quotePostalFee,
  receivePostalNotice,
  requestPostalOrder,
} from "../../../services/postal/postalOrders.ts";
import type { PostalPorts } from "../../../services/postal/postalPorts.ts";
import {
  findPostalSubmission,
  listPostalSubmissions,
  submitForCitizen,
} from "../../../services/postal/submitForCitizen.ts";
import { actorFrom, requireActor, requireRole } from "../../plugins/auth.ts";
import { AgencyCode, ErrorResponse, ProcedureCode } from "../../schemas/common.ts";
import { DossierDescription, DossierIdParams } from "../../schemas/dossier.ts";
import type { DossierRouteContext } from "../dossierRouteContext.ts";
import { requireSignedBody } from "../integration/signedBody.ts";

export interface PostalRouteOptions extends DossierRouteContext {
  /** The postal port (issue #18); without it ordering answers 503 and the webhook 503. */
  postal: PostalPorts | undefined;
}

const Kind = Type.Union([Type.Literal("pickup"), Type.Literal("result_delivery")], {
  description: "pickup: bưu điện thu gom hồ sơ tại địa chỉ; result_delivery: chuyển phát kết quả",
});
const Recipient = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    phone: Type.String({ minLength: 1, maxLength: 20 }),
    address: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
const Instant = Type.Union([Type.String({ format: "date-time" }), Type.Null()]);
const PostalOrder = Type.Object({
  id: Type.String({ format: "uuid" }),
  kind: Kind,
  status: Type.Union([
    Type.Literal("requested"),
    Type.Literal("sending"),
    Type.Literal("accepted"),
    Type.Literal("collected"),
    Type.Literal("delivered"),
    Type.Literal("failed"),
  ]),
  recipientName: Type.String(),
  recipientPhone: Type.String(),
  address: Type.String(),
  fee: Type.Union([Type.Integer({ description: "Cước (đồng)" }), Type.Null()]),
  orderCode: Type.Union([Type.String(), Type.Null()]),
  failureReason: Type.Union([Type.String(), Type.Null()]),
  lastStateAt: Instant,
  handedOverAt: Instant,
  watchDueAt: Instant,
  watchLevel: Type.Union([Type.Literal("dueSoon"), Type.Literal("overdue"), Type.Null()]),
  deliveredAt: Instant,
  deliveredInTime: Type.Union([Type.Boolean(), Type.Null()]),
  createdAt: Type.String({ format: "date-time" }),
});
const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  502: ErrorResponse,
  503: ErrorResponse,
};

const english = (request: FastifyRequest) => request.headers["accept-language"]?.startsWith("en") ?? false;

function notConfigured(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(503).send({
    error: {
      code: "POSTAL_NOT_CONFIGURED",
      message: english(request)
        ? "The public postal service is not configured on this system"
        : "Hệ thống chưa được kết nối dịch vụ bưu chính công ích",
    },
  });
}

function unavailable(request: FastifyRequest, reply: FastifyReply, error: PostalServiceError) {
  request.log.warn({ err: error }, "postal service failed");
  return reply.status(502).send({
    error: {
      code: "POSTAL_UNAVAILABLE",
      message: english(request)
        ? "The postal service is not answering; please try again in a few minutes"
        : "Dịch vụ bưu chính đang không phản hồi, vui lòng thử lại sau ít phút",
    },
  });
}

/**
 * The public postal service (issue #18, R-SUB-2, R-RES-3): the fee quote, a dossier's postal orders (pickup at an
 * address, result by post), the counter's hand-over of a result to the post (starts the 24-hour watch), postal
 * staff filing on a citizen's behalf with the citizen's consent, and the postal service's signed webhook.
 */
export const postalRoutes: FastifyPluginAsyncTypebox<PostalRouteOptions> = async (app, options) => {
  const { db } = options;
  const postalStaff = requireRole(["postal_staff"]);

  app.post(
    "/postal/quote",
    {
      preHandler: requireActor(),
      schema: {
        tags: ["postal"],
        summary: "Cước dịch vụ bưu chính công ích (thu gom hồ sơ, chuyển phát kết quả)",
        body: Type.Object(
          { kind: Kind, address: Type.String({ minLength: 1, maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ fee: Type.Integer(), currency: Type.Literal("VND") }), ...errors },
      },
    },
    async (request, reply) => {
      if (!options.postal) return notConfigured(request, reply);
      try {
        return { fee: await quotePostalFee(options.postal, request.body), currency: "VND" as const };
      } catch (error) {
        if (error instanceof PostalServiceError && !error.permanent)
          return unavailable(request, reply, error);
        if (error instanceof PostalServiceError)
          throw new ValidationError([
            {
              field: "address",
              message: {
                vi: "Bưu điện không nhận địa chỉ này",
                en: "The postal service refused this address",
              },
            },
          ]);
        throw error;
      }
    },
  );

  app.get(
    "/dossiers/:id/postal-orders",
    {
      preHandler: requireActor(),
      schema: {
        tags: ["postal"],
        summary: "Dịch vụ bưu chính của hồ sơ và trạng thái",
        params: DossierIdParams,
        response: { 200: Type.Object({ items: Type.Array(PostalOrder) }), ...errors },
      },
    },
    async (request) => ({
      items: await listPostalOrders(db, { actor: actorFrom(request), dossierId: request.params.id }),
    }),
  );

  app.post(
    "/dossiers/:id/postal-orders",
    {
      preHandler: requireActor(),
      schema: {
        tags: ["postal"],
        summary: "Đăng ký thu gom hồ sơ tại nhà hoặc nhận kết quả qua bưu điện",
        params: DossierIdParams,
        body: Type.Object({ kind: Kind, recipient: Recipient }, { additionalProperties: false }),
        response: { 201: PostalOrder, ...errors },
      },
    },
    async (request, reply) => {
      // Issue #20: who may not order for this dossier is refused before learning whether the post is configured.
      await postalOrderAccess(db, actorFrom(request), request.params.id);
      if (!options.postal) return notConfigured(request, reply);
      try {
        const order = await requestPostalOrder(db, options.postal, {
          actor: actorFrom(request),
          dossierId: request.params.id,
          kind: request.body.kind,
          recipient: request.body.recipient,
          now: options.clock(),
        });
        return reply.status(201).send(order);
      } catch (error) {
        if (error instanceof PostalServiceError) return unavailable(request, reply, error);
        throw error;
      }
    },
  );

  app.post(
    "/office/dossiers/:id/postal-handover",
    {
      preHandler: requireRole(["counter_officer"]),
      schema: {
        tags: ["postal"],
        summary: "Giao kết quả cho bưu điện (bắt đầu theo dõi 24 giờ chuyển phát)",
        params: DossierIdParams,
        body: Type.Object(
          {
            expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })),
            recipient: Type.Optional(Recipient),
          },
          { additionalProperties: false },
        ),
        response: { 201: PostalOrder, ...errors },
      },
    },
    async (request, reply) => {
      // Issue #20: only a counter officer of the dossier's agency learns whether the post is configured.
      await assertMayHandOver(db, actorFrom(request), request.params.id);
      if (!options.postal) return notConfigured(request, reply);
      try {
        const order = await handOverResultToPost(db, options.postal, {
          actor: actorFrom(request),
          dossierId: request.params.id,
          expectedVersion: request.body.expectedVersion,
          recipient: request.body.recipient,
          now: options.clock(),
        });
        return reply.status(201).send(order);
      } catch (error) {
        if (error instanceof PostalServiceError) return unavailable(request, reply, error);
        throw error;
      }
    },
  );

  app.post(
    "/postal/dossiers",
    {
      preHandler: postalStaff,
      schema: {
        tags: ["postal"],
        summary: "Nhân viên bưu chính nộp hồ sơ trực tuyến thay công dân (có sự đồng ý của công dân)",
        body: Type.Object(
          {
            procedureCode: ProcedureCode,
            agencyCode: AgencyCode,
            citizen: Type.Object(
              {
                name: Type.String({ minLength: 1, maxLength: 200 }),
                idNumber: Type.String({ minLength: 1, maxLength: 20 }),
                phone: Type.String({ minLength: 1, maxLength: 20 }),
                address: Type.Optional(Type.String({ maxLength: 500 })),
                email: Type.Optional(Type.String({ maxLength: 200 })),
              },
              { additionalProperties: false },
            ),
            consent: Type.Object(
              {
                method: Type.Union([Type.Literal("signed_form"), Type.Literal("phone_confirmation")]),
                reference: Type.String({ minLength: 1, maxLength: 200 }),
                confirmed: Type.Boolean(),
              },
              { additionalProperties: false },
            ),
            formData: Type.Record(Type.String(), Type.Unknown()),
            files: Type.Array(
              Type.Object({
                componentPosition: Type.Integer({ minimum: 0 }),
                uploadId: Type.String({ format: "uuid" }),
              }),
              { maxItems: 100 },
            ),
            resultByPost: Type.Optional(Recipient),
            summary: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: DossierDescription, 413: ErrorResponse, ...errors },
      },
    },
    async (request, reply) => {
      const record = await submitForCitizen(db, {
        actor: actorFrom(request),
        ...request.body,
        now: options.clock(),
        limits: options.limits,
      });
      return reply.status(201).send(await describeDossier(db, record.row, "officer"));
    },
  );

  app.get(
    "/postal/dossiers",
    {
      preHandler: postalStaff,
      schema: {
        tags: ["postal"],
        summary: "Hồ sơ nhân viên bưu chính đã nộp thay công dân",
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                dossierId: Type.String({ format: "uuid" }),
                code: Type.String(),
                procedureName: Type.String(),
                agencyName: Type.String(),
                citizenName: Type.String(),
                status: Type.Integer(),
                submittedAt: Type.String({ format: "date-time" }),
                consentMethod: Type.String(),
                consentReference: Type.String(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => ({ items: await listPostalSubmissions(db, actorFrom(request)) }),
  );

  app.get(
    "/postal/dossiers/:id",
    {
      preHandler: postalStaff,
      schema: {
        tags: ["postal"],
        summary: "Một hồ sơ nhân viên bưu chính đã nộp thay công dân, kèm sự đồng ý đã ghi nhận",
        description: "Hồ sơ hiển thị như công dân thấy; hồ sơ không do chính nhân viên này nộp thay trả 404.",
        params: DossierIdParams,
        response: {
          200: Type.Object({
            dossier: DossierDescription,
            consent: Type.Object({
              citizenName: Type.String(),
              method: Type.String(),
              reference: Type.String(),
            }),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const found = await findPostalSubmission(db, actorFrom(request), request.params.id);
      if (!found) throw dossierNotFound();
      return {
        dossier: await describeDossier(db, found.record.row, "applicant"),
        consent: {
          citizenName: found.submission.citizenName,
          method: found.submission.consentMethod,
          reference: found.submission.consentReference,
        },
      };
    },
  );

  // The postal service's notices: checked on the exact bytes before anything is parsed (401 otherwise).
  await app.register(async (hook) => {
    const secret = options.postal?.webhookSecret;
    // The same signed-body check as the other partners' pushes: X-Signature over the exact bytes, before parsing.
    requireSignedBody(hook, {
      secretFor: () => secret || undefined,
      badSignature: () =>
        new UnauthenticatedError(
          {
            vi: "Thiếu hoặc sai chữ ký HMAC của thông báo từ bưu điện",
            en: "Missing or wrong HMAC signature of the postal notice",
          },
          "INVALID_SIGNATURE",
        ),
    });
    hook.addHook("onRequest", async (request, reply) => {
      if (secret) return;
      return notConfigured(request, reply);
    });
    hook.post(
      "/integration/postal/webhook",
      {
        schema: {
          tags: ["integration"],
          summary: "Nhận thông báo trạng thái từ dịch vụ bưu chính công ích",
          description:
            "Xác thực bằng tiêu đề X-Signature (HMAC-SHA256 dạng hex của nội dung với POSTAL_WEBHOOK_SECRET). Gửi lại cùng eventId không ghi nhận thêm; thông báo đến muộn không làm lùi trạng thái.",
          body: Type.Object({
            eventId: Type.String({ minLength: 1, maxLength: 100 }),
            orderCode: Type.String({ minLength: 1, maxLength: 100 }),
            reference: Type.String({ minLength: 1, maxLength: 100 }),
            state: Type.Union([
              Type.Literal("accepted"),
              Type.Literal("collected"),
              Type.Literal("delivered"),
              Type.Literal("failed"),
            ]),
            at: Type.String({ format: "date-time" }),
            reason: Type.Optional(Type.String({ maxLength: 500 })),
          }),
          response: {
            200: Type.Object({
              received: Type.Literal(true),
              applied: Type.Boolean(),
              duplicate: Type.Boolean(),
            }),
            400: ErrorResponse,
            401: ErrorResponse,
            404: ErrorResponse,
            503: ErrorResponse,
          },
        },
      },
      async (request) => {
        const outcome = await receivePostalNotice(db, request.body as PostalNotice, options.clock());
        return { received: true as const, ...outcome };
      },
    );
  });
};
