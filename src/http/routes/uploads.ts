import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { fileTooLarge } from "../../services/files/receiveFile.ts";
import { storeUpload } from "../../services/files/storeUpload.ts";
import { actorFrom, requireActor } from "../plugins/auth.ts";
import { ErrorResponse } from "../schemas/common.ts";
import type { DossierRouteContext } from "./dossierRouteContext.ts";
import { MISSING_FILE, receiveFilePart } from "./filePart.ts";

export const UploadResponse = Type.Object({
  id: Type.String({ format: "uuid" }),
  fileName: Type.String(),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
});

/**
 * `POST /api/uploads`: one file (multipart field `file`), checked by content and size (issue #4 §3), kept for its
 * uploader until a dossier, a supplement or a result attaches it. Each component uploads on its own so a person
 * sees progress and can retry one file.
 */
export const uploadRoutes: FastifyPluginAsyncTypebox<DossierRouteContext> = async (app, context) => {
  app.post(
    "/uploads",
    {
      preHandler: requireActor(),
      schema: {
        tags: ["citizen", "office"],
        summary: "Tải lên một tệp (thành phần hồ sơ, bản quét, kết quả)",
        consumes: ["multipart/form-data"],
        response: {
          201: UploadResponse,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          413: ErrorResponse,
          415: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const actor = actorFrom(request);
      const tooLarge = () => fileTooLarge(context.limits.maxFileBytes);
      // Issue #21: the part streams into the store (never the whole file in memory).
      const upload = await receiveFilePart(request, { missingFile: MISSING_FILE, tooLarge }, (part) =>
        storeUpload(context.db, context.storage, {
          ownerUserId: actor.userId,
          fileName: part.fileName,
          content: part.content,
          now: context.clock(),
          limits: context.limits,
        }),
      );
      return reply.status(201).send({ ...upload, createdAt: upload.createdAt.toISOString() });
    },
  );
};
