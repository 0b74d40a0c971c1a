import type { Readable } from "node:stream";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isApplicant } from "../../../services/accounts/actor.ts";
import { ownAccessLog } from "../../../services/dataStore/accessLog.ts";
import {
  downloadOwnDocument,
  listOwnDocuments,
  revokeOwnDocument,
} from "../../../services/dataStore/ownDocuments.ts";
import { reuseOffers } from "../../../services/dataStore/reuseAtSubmission.ts";
import { ForbiddenError } from "../../../services/errors.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { ErrorResponse, ProcedureCode } from "../../schemas/common.ts";
import { attachmentDisposition } from "../dossierFiles.ts";
import type { DossierRouteContext } from "../dossierRouteContext.ts";
import { sendStoredFile } from "../sendStoredFile.ts";

const roleGuard = requireRole(["citizen", "organisation_representative"]);
/** The system administrator passes every role check; a store is its owner's alone, so only applicants reach it. */
const applicantOnly = async (request: FastifyRequest) => {
  if (!isApplicant(actorFrom(request))) throw new ForbiddenError();
};
const guard = [roleGuard, applicantOnly];
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const Localized = Type.Object({ vi: Type.String(), en: Type.String() });
const Instant = Type.String({ format: "date-time" });
const NullableInstant = Type.Union([Instant, Type.Null()]);

const StoredDocument = Type.Object({
  id: Type.String({ format: "uuid" }),
  source: Type.Union([Type.Literal("result"), Type.Literal("component")]),
  documentType: Type.String(),
  typeName: Localized,
  name: Type.String(),
  componentCode: Type.Union([Type.String(), Type.Null()]),
  procedureCode: Type.String(),
  sourceDossierCode: Type.String(),
  verificationCode: Type.Union([Type.String(), Type.Null()]),
  fileName: Type.String(),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  validFrom: Instant,
  validUntil: NullableInstant,
  addedAt: Instant,
  revokedAt: NullableInstant,
  reusable: Type.Boolean(),
  timesReused: Type.Integer(),
});
const DocumentParams = Type.Object({ id: Type.String({ format: "uuid" }) });

/**
 * The applicant's DataStore in the portal (R-KHO-1, issue #16): their documents, download, withdrawal from reuse,
 * the access log, and what the submission wizard may offer for one procedure. Applicants only, each their own store:
 * another applicant's document answers 404 like an unknown one; officers never list a store (403).
 */
export const citizenDataStoreRoutes: FastifyPluginAsyncTypebox<DossierRouteContext> = async (
  app,
  context,
) => {
  const { db } = context;

  app.get(
    "/citizen/data-store/documents",
    {
      preHandler: guard,
      schema: {
        tags: ["citizen"],
        summary: "Kho dữ liệu của tôi: giấy tờ, kết quả đã lưu",
        response: { 200: Type.Object({ items: Type.Array(StoredDocument) }), ...errors },
      },
    },
    async (request) => ({
      items: await listOwnDocuments(db, { actor: actorFrom(request), now: context.clock() }),
    }),
  );

  app.get(
    "/citizen/data-store/documents/:id/file",
    {
      preHandler: guard,
      schema: {
        tags: ["citizen"],
        summary: "Tải về một giấy tờ trong kho (được ghi nhật ký)",
        params: DocumentParams,
        produces: ["application/octet-stream"],
        response: { 200: Type.Unsafe<Readable>({ type: "string", format: "binary" }), ...errors },
      },
    },
    async (request, reply) => {
      const file = await downloadOwnDocument(db, context.storage, {
        actor: actorFrom(request),
        documentId: request.params.id,
        now: context.clock(),
      });
      // Issue #21 item 5: piped from the store with its length, never read whole.
      return sendStoredFile(
        reply
          .header("content-disposition", attachmentDisposition(file.fileName))
          .header("cache-control", "private, no-store"),
        file.content,
        file.mediaType,
      );
    },
  );

  app.post(
    "/citizen/data-store/documents/:id/revoke",
    {
      preHandler: guard,
      schema: {
        tags: ["citizen"],
        summary: "Thu hồi giấy tờ khỏi việc tái sử dụng cho hồ sơ sau",
        params: DocumentParams,
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: { 200: StoredDocument, 409: ErrorResponse, ...errors },
      },
    },
    async (request) =>
      revokeOwnDocument(db, {
        actor: actorFrom(request),
        documentId: request.params.id,
        now: context.clock(),
      }),
  );

  app.get(
    "/citizen/data-store/access-log",
    {
      preHandler: guard,
      schema: {
        tags: ["citizen"],
        summary: "Nhật ký truy cập kho dữ liệu: ai, khi nào, qua hồ sơ nào",
        querystring: Type.Object(
          {
            page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
            pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            total: Type.Integer(),
            items: Type.Array(
              Type.Object({
                at: Instant,
                documentId: Type.String(),
                documentName: Type.String(),
                action: Type.String(),
                actorName: Type.String(),
                actorKind: Type.String(),
                dossierCode: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => ownAccessLog(db, { actor: actorFrom(request), ...request.query }),
  );

  app.get(
    "/citizen/data-store/offers",
    {
      preHandler: guard,
      schema: {
        tags: ["citizen"],
        summary: "Giấy tờ trong kho dùng lại được cho từng thành phần của một thủ tục",
        querystring: Type.Object({ procedureCode: ProcedureCode }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                componentPosition: Type.Integer(),
                componentName: Type.String(),
                documents: Type.Array(
                  Type.Object({
                    id: Type.String(),
                    name: Type.String(),
                    sourceDossierCode: Type.String(),
                    validUntil: NullableInstant,
                    fileName: Type.String(),
                  }),
                ),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => ({
      items: await reuseOffers(db, {
        actor: actorFrom(request),
        procedureCode: request.query.procedureCode,
        now: context.clock(),
      }),
    }),
  );
};
