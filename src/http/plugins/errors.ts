import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isDatabaseUnavailable, isDiskFull } from "../../db/databaseErrors.ts";
import { FileStoreUnavailableError } from "../../integrations/storage/fileStorage.ts";
import {
  AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthenticatedError,
  UnprocessableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "../../services/errors.ts";
import { describeErrors, type FieldError, type LocalizedText } from "../../services/validation/messages.ts";
import { type Language, negotiateLanguage } from "../i18n/language.ts";
import { genericRefusal, httpLayerRefusals, isMalformedMultipart } from "./httpRefusals.ts";

/** Field errors reported at most: a hostile array of 200,000 bad items must not answer megabytes (issue #20). */
export const MAX_REPORTED_FIELD_ERRORS = 20;

/** Seconds a client is told to wait while the database is away (Retry-After on 503). */
export const RETRY_AFTER_SECONDS = 5;

/** The one error body every route answers with. */
export interface ErrorBody {
  error: { code: string; message: string; fields?: { field: string; message: string }[] };
}

declare module "fastify" {
  interface FastifyRequest {
    language: Language;
  }
}

function body(code: string, text: LocalizedText, language: Language, fields?: FieldError[]): ErrorBody {
  return {
    error: {
      code,
      message: text[language],
      ...(fields ? { fields: fields.map((f) => ({ field: f.field, message: f.message[language] })) } : {}),
    },
  };
}

const statusOf = (error: AppError): number => {
  if (error instanceof ValidationError) return 400;
  if (error instanceof UnauthenticatedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof UnprocessableError) return 422;
  if (error instanceof PayloadTooLargeError) return 413;
  if (error instanceof UnsupportedMediaTypeError) return 415;
  return 500;
};

/**
 * Fastify refuses a URL that does not decode (a lone surrogate, a broken percent sign) in its router, before any hook
 * and outside the error handler below; it gets the same localized 400 as every other refusal (issue #20, the fuzz).
 */
export function frameworkRefusal(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const language = negotiateLanguage(request.headers["accept-language"]);
  if (error.code !== "FST_ERR_BAD_URL") request.log.warn({ err: error }, "framework error");
  void reply.status(400).send(
    body(
      "INVALID_URL",
      {
        vi: "Địa chỉ yêu cầu không hợp lệ: có ký tự mã hóa sai",
        en: "The request address is not valid: it has a badly encoded character",
      },
      language,
    ),
  );
}

/**
 * Maps every error to a status and a localized body in one place (DESIGN §7): schema failures → 400 with a message
 * per field, typed service errors by class, rate limits → 429, anything unexpected → 500 (logged, details hidden).
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.decorateRequest("language", "vi");
  app.addHook("onRequest", async (request) => {
    request.language = negotiateLanguage(request.headers["accept-language"]);
  });

  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const language = request.language ?? "vi";
    if (error.validation) {
      const fields = describeErrors(error.validation as Parameters<typeof describeErrors>[0]).slice(
        0,
        MAX_REPORTED_FIELD_ERRORS,
      );
      return reply
        .status(400)
        .send(
          body(
            "VALIDATION_FAILED",
            { vi: "Dữ liệu không hợp lệ", en: "The input is not valid" },
            language,
            fields,
          ),
        );
    }
    if (error instanceof AppError) {
      const status = statusOf(error);
      if (status >= 500) request.log.error({ err: error }, "unmapped application error");
      return reply
        .status(status)
        .send(
          body(error.code, error.text, language, error instanceof ValidationError ? error.fields : undefined),
        );
    }
    if (error.statusCode === 429) {
      // The rate limiter has set Retry-After (issue #20); the message says the same wait in words.
      const seconds = Number(reply.getHeader("retry-after"));
      if (!Number.isFinite(seconds) || seconds <= 0) reply.header("retry-after", "60");
      const wait = Number.isFinite(seconds) && seconds > 0 ? seconds : 60;
      return reply.status(429).send(
        body(
          "RATE_LIMITED",
          {
            vi: `Bạn gửi quá nhiều yêu cầu, vui lòng thử lại sau ${wait} giây`,
            en: `Too many requests, please retry in ${wait} seconds`,
          },
          language,
        ),
      );
    }
    const refusal =
      (error.code ? httpLayerRefusals[error.code] : undefined) ??
      (isMalformedMultipart(error, request.headers["content-type"])
        ? httpLayerRefusals.MALFORMED_MULTIPART
        : undefined);
    if (refusal) return reply.status(refusal.status).send(body(refusal.code, refusal.text, language));
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Any other refusal of the HTTP layer: the client's fault, said in our words, never the library's English.
      return reply.status(error.statusCode).send(body("BAD_REQUEST", genericRefusal, language));
    }
    // A dependency briefly gone: the app stays up and tells the client to come back in a few seconds.
    const retryLater = (code: string, text: { vi: string; en: string }) =>
      reply
        .status(503)
        .header("retry-after", String(RETRY_AFTER_SECONDS))
        .send(body(code, text, language));
    if (error instanceof FileStoreUnavailableError) {
      // The S3-compatible store failed a read or a write (issue #21): a failed upload saved no row; the client retries.
      request.log.error({ err: error }, "file store unavailable");
      return retryLater("FILE_STORE_UNAVAILABLE", {
        vi: "Kho lưu trữ tệp đang tạm gián đoạn, vui lòng thử lại sau ít giây",
        en: "The file store is briefly unavailable, please retry in a few seconds",
      });
    }
    if (isDatabaseUnavailable(error)) {
      // A restart, a failover, a hung server (issue #20): the app stays up and the client comes back shortly.
      request.log.warn({ err: error }, "database unavailable");
      return retryLater("DATABASE_UNAVAILABLE", {
        vi: "Hệ thống đang tạm gián đoạn kết nối cơ sở dữ liệu, vui lòng thử lại sau ít giây",
        en: "The system has briefly lost its database, please retry in a few seconds",
      });
    }
    if (isDiskFull(error)) {
      request.log.error({ err: error }, "storage full");
      return reply.status(507).send(
        body(
          "STORAGE_FULL",
          {
            vi: "Hệ thống hết dung lượng lưu trữ, chưa thể lưu dữ liệu; vui lòng thử lại sau hoặc báo quản trị hệ thống",
            en: "The system's storage is full and could not save; please retry later or tell the system administrator",
          },
          language,
        ),
      );
    }
    request.log.error({ err: error }, "request failed");
    return reply
      .status(500)
      .send(
        body(
          "INTERNAL_ERROR",
          { vi: "Hệ thống gặp lỗi, vui lòng thử lại sau", en: "Something went wrong, please retry later" },
          language,
        ),
      );
  });

  app.setNotFoundHandler(async (request, reply) =>
    reply
      .status(404)
      .send(
        body(
          "ROUTE_NOT_FOUND",
          { vi: "Không tìm thấy địa chỉ yêu cầu", en: "No such address" },
          request.language ?? "vi",
        ),
      ),
  );
}
