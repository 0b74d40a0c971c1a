import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { UnauthenticatedError } from "../../../services/errors.ts";
import type { FileLimits } from "../../../services/files/storeUpload.ts";
import {
  NationalDossierPayload,
  receiveNationalDossier,
} from "../../../services/integration/receiveNationalDossier.ts";
import { ErrorResponse } from "../../schemas/common.ts";
import { registerNationalMessageRoutes } from "./nationalPortalMessages.ts";
import { apiKeyHeader, requireSignedBody, sameSecret } from "./signedBody.ts";

export interface NationalPortalRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
  limits: FileLimits;
  /** NATIONAL_PORTAL_API_KEY and NATIONAL_PORTAL_HMAC_SECRET; either unset turns the endpoint off (503). */
  apiKey: string | undefined;
  hmacSecret: string | undefined;
}

export { apiKeyHeader, signatureHeader } from "./signedBody.ts";

const ReceivedDossier = Type.Object({
  id: Type.String({ format: "uuid" }),
  code: Type.String({ description: "Mã hồ sơ của hệ thống (R-CODE-1)" }),
  nationalCode: Type.String({ description: "Mã hồ sơ trên Cổng DVCQG, giữ nguyên" }),
  status: Type.Integer(),
  receptionDueAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
});

const badKey = () =>
  new UnauthenticatedError(
    { vi: "Thiếu hoặc sai khóa API của Cổng DVCQG", en: "Missing or wrong national portal API key" },
    "INVALID_API_KEY",
  );
const badSignature = () =>
  new UnauthenticatedError(
    {
      vi: "Thiếu hoặc sai chữ ký HMAC của nội dung yêu cầu",
      en: "Missing or wrong HMAC signature of the request body",
    },
    "INVALID_SIGNATURE",
  );

/**
 * `POST /api/integration/national-portal/dossiers`: dossiers submitted on the national public service portal
 * (R-LAW-4). The caller proves itself twice: `X-Api-Key`, and `X-Signature` = hex HMAC-SHA256 of the exact body bytes
 * with the shared secret — checked on the raw body before anything is parsed, so a body altered on the way is refused
 * (401) whatever it contains. 201 for a new dossier, 200 with the same dossier for a repeated MaHoSo (R-SYNC-5).
 */
export const nationalPortalRoutes: FastifyPluginAsyncTypebox<NationalPortalRouteOptions> = async (
  app,
  options,
) => {
  const configured = Boolean(options.apiKey && options.hmacSecret);
  const apiKey = Buffer.from(options.apiKey ?? "");
  // The signature is checked on the raw body before it is parsed (signedBody.ts, shared with the sector systems).
  requireSignedBody(app, { secretFor: () => options.hmacSecret ?? "", badSignature });

  app.addHook("onRequest", async (request, reply) => {
    if (!configured) {
      return reply.status(503).send({
        error: {
          code: "NOT_CONFIGURED",
          message:
            request.language === "en"
              ? "Receiving dossiers from the national portal is not configured on this system"
              : "Hệ thống chưa được cấu hình để nhận hồ sơ từ Cổng Dịch vụ công quốc gia",
        },
      });
    }
    const given = request.headers[apiKeyHeader];
    if (typeof given !== "string" || !sameSecret(apiKey, Buffer.from(given))) throw badKey();
  });

  app.post(
    "/national-portal/dossiers",
    {
      schema: {
        tags: ["integration"],
        summary: "Nhận hồ sơ nộp trên Cổng Dịch vụ công quốc gia",
        description:
          "Xác thực bằng tiêu đề X-Api-Key và X-Signature (HMAC-SHA256 dạng hex của nội dung yêu cầu). Gửi lại cùng MaHoSo trả về hồ sơ đã nhận (200).",
        body: NationalDossierPayload,
        response: {
          200: ReceivedDossier,
          201: ReceivedDossier,
          400: ErrorResponse,
          401: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          503: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const { created, record } = await receiveNationalDossier(options.db, {
        payload: request.body,
        now: options.clock(),
        limits: options.limits,
      });
      return reply.status(created ? 201 : 200).send({
        id: record.row.id,
        code: record.row.code,
        nationalCode: record.row.national_code ?? "",
        status: record.row.status,
        receptionDueAt: record.row.reception_due_at?.toISOString() ?? null,
      });
    },
  );

  // Messages about dossiers already received (issue #13): same key, same signature, each recorded once.
  registerNationalMessageRoutes(app, { db: options.db, clock: options.clock });
};
