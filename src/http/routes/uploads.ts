import { finished } from "node:stream/promises";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { PayloadTooLargeError, ValidationError } from "../../services/errors.ts";
import { storeUpload } from "../../services/files/storeUpload.ts";
import { actorFrom, requireActor } from "../plugins/auth.ts";
import { ErrorResponse } from "../schemas/common.ts";
import type { DossierRouteContext } from "./dossierRouteContext.ts";

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
      const missingFile = () =>
        new ValidationError([
          {
            field: "file",
            message: {
              vi: "Cần gửi một tệp trong trường file (multipart/form-data)",
              en: "Send one file in the field named file (multipart/form-data)",
            },
          },
        ]);
      if (!request.isMultipart()) throw missingFile();
      const part = await request.file();
      if (part?.fieldname !== "file") throw missingFile();
      // Issue #21: the part streams into the store (never the whole file in memory). The iterator leaves the part
      // open when the store stops early (a refused type, too large), so the rest is drained below and the client
      // gets its answer on a connection still in step.
      const file = part.file;
      let upload: Awaited<ReturnType<typeof storeUpload>>;
      try {
        upload = await storeUpload(context.db, context.storage, {
          ownerUserId: actor.userId,
          fileName: part.filename,
          content: file.iterator({ destroyOnReturn: false }),
          now: context.clock(),
          limits: context.limits,
        });
      } catch (error) {
        if (!file.readableEnded && !file.destroyed) {
          file.resume();
          await finished(file).catch(() => {});
        }
        if (error instanceof app.multipartErrors.RequestFileTooLargeError) {
          const limit = Math.round(context.limits.maxFileBytes / 1_048_576);
          throw new PayloadTooLargeError({
            vi: `Tệp quá lớn, tối đa ${limit} MB`,
            en: `The file is too large, at most ${limit} MB`,
          });
        }
        throw error;
      }
      return reply.status(201).send({ ...upload, createdAt: upload.createdAt.toISOString() });
    },
  );
};
