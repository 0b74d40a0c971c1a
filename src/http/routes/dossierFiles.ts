import type { Readable } from "node:stream";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { isApplicant } from "../../services/accounts/actor.ts";
import { logDossierFileAccess } from "../../services/dataStore/accessLog.ts";
import { assertCanSee } from "../../services/dossiers/dossierAccess.ts";
import { findDossier } from "../../services/dossiers/dossierStore.ts";
import { dossierNotFound } from "../../services/dossiers/runDossierCommand.ts";
import { NotFoundError } from "../../services/errors.ts";
import { openStoredFile, whileOpen } from "../../services/files/storedFileStream.ts";
import { actorFrom, requireActor } from "../plugins/auth.ts";
import { ErrorResponse } from "../schemas/common.ts";
import type { DossierRouteContext } from "./dossierRouteContext.ts";
import { sendStoredFile } from "./sendStoredFile.ts";

const fileNotFound = () =>
  new NotFoundError({ vi: "Không tìm thấy tệp của hồ sơ", en: "No such file in this dossier" });

/**
 * `Content-Disposition: attachment` with the name as it was uploaded (RFC 6266 + RFC 5987): an ASCII fallback for old
 * clients, and `filename*` in UTF-8 so "Tờ khai đăng ký khai sinh.pdf" keeps its diacritics.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback =
    fileName
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, (letter) => (letter === "đ" ? "d" : "D"))
      .replace(/[^\x20-\x7e]|["\\]/g, "_")
      .trim() || "tep";
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Media types a browser may show in the page (the office's file preview): PDF and the image types accepted. */
const INLINE_TYPES: ReadonlySet<string> = new Set(["application/pdf", "image/jpeg", "image/png"]);

/**
 * `GET /api/dossiers/:id/files/:fileId`: one of the dossier's files, to those who may see the dossier (its owner,
 * officers of its receiving or deciding agency); everyone else is told neither the dossier nor the file exists (404).
 * `?inline=true` asks to show a PDF or an image in the page (the office's preview) instead of saving it.
 */
export const dossierFileRoutes: FastifyPluginAsyncTypebox<DossierRouteContext> = async (app, context) => {
  app.get(
    "/dossiers/:id/files/:fileId",
    {
      preHandler: requireActor(),
      schema: {
        tags: ["citizen", "office"],
        summary: "Tải về một tệp của hồ sơ",
        params: Type.Object({
          id: Type.String({ format: "uuid" }),
          fileId: Type.String({ format: "uuid" }),
        }),
        querystring: Type.Object(
          { inline: Type.Optional(Type.Boolean({ description: "hiển thị trong trang (PDF, ảnh)" })) },
          { additionalProperties: false },
        ),
        produces: ["application/octet-stream"],
        response: {
          // The bytes as stored; Fastify pipes a stream as it is, never through the JSON serializer.
          200: Type.Unsafe<Buffer | Readable>({ type: "string", format: "binary" }),
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const actor = actorFrom(request);
      const dossier = await findDossier(context.db, request.params.id);
      if (!dossier) throw dossierNotFound();
      assertCanSee(actor, dossier.row);
      const file = await context.db
        .selectFrom("dossier_files")
        .select(["storage_key", "file_name", "media_type", "size_bytes"])
        .where("id", "=", request.params.fileId)
        .where("dossier_id", "=", dossier.row.id)
        // Office documents (the control sheet) are not the applicant's to download (R-FORM-8).
        .$if(isApplicant(actor), (query) => query.where("purpose", "!=", "internal"))
        .executeTakeFirst();
      if (!file) throw fileNotFound();
      // Issue #21: streamed from the store, never read whole into memory.
      const content = await openStoredFile(context.storage, file.storage_key, () => {
        // The record exists but the bytes are gone: an operations problem, logged; the person sees "not found".
        request.log.error(
          { storageKey: file.storage_key, dossierId: dossier.row.id },
          "dossier file missing",
        );
        return fileNotFound();
      });
      // R-KHO-1 (issue #16): an officer reading a stored document through this dossier shows in its owner's log.
      await whileOpen(content, () =>
        logDossierFileAccess(context.db, {
          dossierId: dossier.row.id,
          dossierCode: dossier.row.code,
          fileId: request.params.fileId,
          actor,
          now: context.clock(),
        }),
      );
      return sendStoredFile(
        reply
          .header(
            "content-disposition",
            request.query.inline && INLINE_TYPES.has(file.media_type)
              ? attachmentDisposition(file.file_name).replace(/^attachment/, "inline")
              : attachmentDisposition(file.file_name),
          )
          .header("cache-control", "private, no-store"),
        content,
        file.media_type,
      );
    },
  );
};
