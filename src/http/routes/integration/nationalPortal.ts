import { createHmac, timingSafeEqual } from "node:crypto";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { UnauthenticatedError, ValidationError } from "../../../services/errors.ts";
import type { FileLimits } from "../../../services/files/storeUpload.ts";
import {
  NationalDossierPayload,
  receiveNationalDossier,
} from "../../../services/integration/receiveNationalDossier.ts";
import { ErrorResponse } from "../../schemas/common.ts";
import { registerNationalMessageRoutes } from "./nationalPortalMessages.ts";

export interface NationalPortalRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
  limits: FileLimits;
  /** NATIONAL_PORTAL_API_KEY and NATIONAL_PORTAL_HMAC_SECRET; either unset turns the endpoint off (503). */
  apiKey: string | undefined;
  hmacSecret: string | undefined;
}

export const apiKeyHeader = "x-api-key";
export const signatureHeader = "x-signature";

const ReceivedDossier = Type.Object({
  id: Type.String({ format: "uuid" }),
  code: Type.String({ description: "Mã hồ sơ của hệ thống (R-CODE-1)" }),
  nationalCode: Type.String({ description: "Mã hồ sơ trên Cổng DVCQG, giữ nguyên" }),
  status: Type.Integer(),
  receptionDueAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
});

/** Equal-time comparison of two secrets of any length (the length itself is not secret here). */
function sameSecret(expected: Buffer, given: Buffer): boolean {
  return expected.length === given.length && timingSafeEqual(expected, given);
}

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
  const verified = new WeakSet<FastifyRequest>();

  const verifySignature = (request: FastifyRequest, body: Buffer) => {
    const given = request.headers[signatureHeader];
    if (typeof given !== "string" || !/^[0-9a-fA-F]{64}$/.test(given)) throw badSignature();
    const expected = createHmac("sha256", options.hmacSecret ?? "")
      .update(body)
      .digest();
    if (!sameSecret(expected, Buffer.from(given, "hex"))) throw badSignature();
    verified.add(request);
  };

  // This plugin's own JSON parser keeps the raw bytes for the signature; other routes keep Fastify's.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body, done) => {
    try {
      verifySignature(request, body as Buffer);
    } catch (error) {
      done(error as Error, undefined);
      return;
    }
    try {
      done(null, JSON.parse((body as Buffer).toString("utf8")));
    } catch {
      done(
        new ValidationError([
          {
            field: "",
            message: { vi: "Nội dung không phải JSON hợp lệ", en: "The body is not valid JSON" },
          },
        ]),
        undefined,
      );
    }
  });

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
  // A request without a body never reaches the parser: its (empty) body is still signed.
  app.addHook("preValidation", async (request) => {
    if (!verified.has(request)) verifySignature(request, Buffer.alloc(0));
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
