import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import type { FileStorage } from "../../../integrations/storage/fileStorage.ts";
import { NotFoundError, PayloadTooLargeError } from "../../../services/errors.ts";
import {
  openProvinceImage,
  PROVINCE_IMAGE_MAX_BYTES,
  provinceIdentity,
  resetProvinceImage,
  setProvinceImage,
} from "../../../services/provinceIdentity/provinceImages.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { ErrorResponse } from "../../schemas/common.ts";
import { receiveFilePart } from "../filePart.ts";
import { sendStoredFile } from "../sendStoredFile.ts";
import { adminErrors, NoContent, tags } from "./adminSchemas.ts";

export interface ProvinceIdentityRouteContext {
  db: Kysely<Database>;
  storage: FileStorage;
  clock: () => Date;
}

const Kind = Type.Union([Type.Literal("logo"), Type.Literal("banner")]);
const KindParams = Type.Object({ kind: Kind });
const ImageInfo = Type.Object({
  kind: Kind,
  mediaType: Type.String(),
  custom: Type.Boolean(),
  version: Type.String(),
  updatedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
});
const MISSING_IMAGE = {
  vi: "Cần gửi một tệp ảnh trong trường file (multipart/form-data)",
  en: "Send one image in the field named file (multipart/form-data)",
};

const Identity = Type.Object({ logo: ImageInfo, banner: Type.Union([ImageInfo, Type.Null()]) });

/**
 * The province's identity (issue #19): its logo and banner. The portal reads them without login (the header of every
 * page); the system administrator uploads (PNG, JPEG or SVG, checked by content and size) or resets them. Registered
 * under /api.
 */
const systemAdminOnly = requireRole(["system_admin"]);

export const provinceIdentityRoutes: FastifyPluginAsyncTypebox<ProvinceIdentityRouteContext> = async (
  app,
  { db, storage, clock },
) => {
  app.get(
    "/public/province-identity",
    {
      schema: {
        tags: ["public"],
        summary: "Biểu trưng và ảnh băng rôn của tỉnh (phiên bản để lưu đệm)",
        response: { 200: Identity },
      },
    },
    async () => provinceIdentity(db),
  );

  app.get(
    "/public/province-identity/:kind",
    {
      schema: {
        tags: ["public"],
        summary: "Tệp ảnh biểu trưng hoặc băng rôn của tỉnh",
        params: KindParams,
      },
    },
    async (request, reply) => {
      const image = await openProvinceImage(db, storage, request.params.kind);
      if (!image)
        throw new NotFoundError({ vi: "Tỉnh chưa có ảnh băng rôn", en: "The province has no banner" });
      // Issue #21 item 5: piped from the store with its length, never read whole.
      return sendStoredFile(
        reply
          .header("cache-control", "public, max-age=300")
          .header("x-content-type-options", "nosniff")
          // An SVG opened on its own is still only a picture: nothing in it may run or load.
          .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox"),
        image.content,
        image.mediaType,
      );
    },
  );

  app.put(
    "/admin/province-identity/:kind",
    {
      // Issue #20: the province's identity is the system administrator's, refused to an agency administrator
      // before the upload is read (the service checks it again).
      preHandler: systemAdminOnly,
      schema: {
        tags,
        summary: "Tải lên biểu trưng (logo) hoặc ảnh băng rôn của tỉnh: PNG, JPEG hoặc SVG",
        consumes: ["multipart/form-data"],
        params: KindParams,
        response: { 200: ImageInfo, ...adminErrors, 413: ErrorResponse, 415: ErrorResponse },
      },
    },
    async (request) => {
      const actor = actorFrom(request);
      const tooLarge = () => {
        const kb = Math.round(PROVINCE_IMAGE_MAX_BYTES[request.params.kind] / 1024);
        return new PayloadTooLargeError({
          vi: `Tệp ảnh quá lớn, tối đa ${kb} KB`,
          en: `The image is too large, at most ${kb} KB`,
        });
      };
      // Issue #21 item 5: the part streams through the uploads' path (checked, counted, hashed, stored, then the row).
      return receiveFilePart(request, { missingFile: MISSING_IMAGE, tooLarge }, (part) =>
        setProvinceImage(db, storage, {
          actor,
          kind: request.params.kind,
          fileName: part.fileName,
          content: part.content,
          now: clock(),
        }),
      );
    },
  );

  app.delete(
    "/admin/province-identity/:kind",
    {
      // Issue #20: the province's identity is the system administrator's, refused to an agency administrator
      // before the upload is read (the service checks it again).
      preHandler: systemAdminOnly,
      schema: {
        tags,
        summary: "Bỏ ảnh đã tải lên (biểu trưng trở về mặc định, băng rôn không hiển thị)",
        params: KindParams,
        response: { 204: NoContent, ...adminErrors },
      },
    },
    async (request, reply) => {
      await resetProvinceImage(db, { actor: actorFrom(request), kind: request.params.kind, now: clock() });
      return reply.status(204).send(null);
    },
  );
};
