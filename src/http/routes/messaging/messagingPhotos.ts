import type { Readable } from "node:stream";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { describeDossier } from "../../../services/dossiers/describeDossier.ts";
import {
  acceptMessagingPhotos,
  listMessagingPhotos,
  readMessagingPhoto,
  rejectMessagingPhoto,
} from "../../../services/messaging/photos.ts";
import { actorFrom, requireActor, requireRole } from "../../plugins/auth.ts";
import { ErrorResponse } from "../../schemas/common.ts";
import { DossierDescription, DossierIdParams, ExpectedVersion } from "../../schemas/dossier.ts";
import { attachmentDisposition } from "../dossierFiles.ts";
import type { DossierRouteContext } from "../dossierRouteContext.ts";
import { sendStoredFile } from "../sendStoredFile.ts";

const Photo = Type.Object({
  id: Type.String({ format: "uuid" }),
  fileName: Type.String(),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  receivedAt: Type.String({ format: "date-time" }),
  status: Type.Union([Type.Literal("pending"), Type.Literal("accepted"), Type.Literal("rejected")]),
  decidedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  decidedBy: Type.Union([Type.String(), Type.Null()], { description: "Cán bộ đã xử lý" }),
  rejectReason: Type.Union([Type.String(), Type.Null()]),
});

const PhotoParams = Type.Object({
  id: Type.String({ format: "uuid" }),
  photoId: Type.String({ format: "uuid" }),
});

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

/**
 * Photos of papers received on the messaging channel for a dossier awaiting a supplement (issue #18): the office
 * lists and looks at them (whoever sees the dossier), the counter accepts them as the supplement (R-SUPP-1: attached
 * as supplement files by the "supplement received" command) or rejects one with a reason the sender is told.
 */
export const messagingPhotoRoutes: FastifyPluginAsyncTypebox<DossierRouteContext> = async (app, context) => {
  const { db } = context;
  const counter = [
    requireRole(["counter_officer"]),
    async (request: { body?: unknown }) => {
      request.body ??= {};
    },
  ];

  app.get(
    "/office/dossiers/:id/messaging-photos",
    {
      preHandler: requireActor(),
      schema: {
        tags: ["office"],
        summary: "Ảnh giấy tờ bổ sung nhận qua kênh nhắn tin",
        params: DossierIdParams,
        response: { 200: Type.Object({ photos: Type.Array(Photo) }), ...errors },
      },
    },
    async (request) => ({
      photos: await listMessagingPhotos(db, { actor: actorFrom(request), dossierId: request.params.id }),
    }),
  );

  app.get(
    "/office/dossiers/:id/messaging-photos/:photoId",
    {
      preHandler: requireActor(),
      schema: {
        tags: ["office"],
        summary: "Xem một ảnh giấy tờ nhận qua kênh nhắn tin",
        params: PhotoParams,
        produces: ["application/octet-stream"],
        response: { 200: Type.Unsafe<Readable>({ type: "string", format: "binary" }), ...errors },
      },
    },
    async (request, reply) => {
      const photo = await readMessagingPhoto(db, context.storage, {
        actor: actorFrom(request),
        dossierId: request.params.id,
        photoId: request.params.photoId,
      });
      // Issue #21 item 5: piped from the store with its length, never read whole.
      return sendStoredFile(
        reply
          .header(
            "content-disposition",
            attachmentDisposition(photo.fileName).replace(/^attachment/, "inline"),
          )
          .header("cache-control", "private, no-store"),
        photo.content,
        photo.mediaType,
      );
    },
  );

  app.post(
    "/office/dossiers/:id/messaging-photos/accept",
    {
      preValidation: counter,
      schema: {
        tags: ["office"],
        summary: "Chấp nhận ảnh làm giấy tờ bổ sung và tiếp nhận hồ sơ bổ sung (tính lại thời hạn)",
        params: DossierIdParams,
        body: Type.Object(
          {
            photoIds: Type.Array(Type.String({ format: "uuid" }), { minItems: 1, maxItems: 20 }),
            componentPosition: Type.Optional(
              Type.Integer({ minimum: 1, description: "Thành phần hồ sơ được bổ sung" }),
            ),
            expectedVersion: ExpectedVersion,
          },
          { additionalProperties: false },
        ),
        response: { 200: DossierDescription, ...errors, 409: ErrorResponse, 413: ErrorResponse },
      },
    },
    async (request) => {
      const record = await acceptMessagingPhotos(db, {
        actor: actorFrom(request),
        dossierId: request.params.id,
        photoIds: request.body.photoIds,
        componentPosition: request.body.componentPosition,
        expectedVersion: request.body.expectedVersion,
        now: context.clock(),
        limits: context.limits,
      });
      return describeDossier(db, record.row, "officer");
    },
  );

  app.post(
    "/office/dossiers/:id/messaging-photos/:photoId/reject",
    {
      preValidation: counter,
      schema: {
        tags: ["office"],
        summary: "Không chấp nhận một ảnh giấy tờ (người gửi được báo lý do)",
        params: PhotoParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: { 200: Photo, ...errors, 409: ErrorResponse },
      },
    },
    async (request) =>
      rejectMessagingPhoto(db, {
        actor: actorFrom(request),
        dossierId: request.params.id,
        photoId: request.params.photoId,
        reason: request.body.reason,
        now: context.clock(),
      }),
  );
};
