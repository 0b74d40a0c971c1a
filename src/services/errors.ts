import type { FieldError, LocalizedText } from "./validation/messages.ts";

/**
 * Errors a use case may end with, each with a stable code and a message in Vietnamese and English. The HTTP layer
 * maps each class to a status in one place (src/http/plugins/errors.ts); the CLI prints the message.
 */
export abstract class AppError extends Error {
  abstract readonly code: string;
  constructor(readonly text: LocalizedText) {
    super(text.en);
    this.name = new.target.name;
  }
}

/** Input that breaks a rule of its schema; `fields` says which and why. */
export class ValidationError extends AppError {
  readonly code = "VALIDATION_FAILED";
  constructor(
    readonly fields: FieldError[],
    text: LocalizedText = { vi: "Dữ liệu không hợp lệ", en: "The input is not valid" },
  ) {
    super(text);
  }
}

/** The thing does not exist, or the caller may not know that it does. */
export class NotFoundError extends AppError {
  readonly code = "NOT_FOUND";
}

/** The request is understood but the current state forbids it (stale version, illegal transition). */
export class ConflictError extends AppError {
  constructor(
    readonly code: string,
    text: LocalizedText,
  ) {
    super(text);
  }
}

/**
 * Well-formed input that the rules cannot honour as given (e.g. an appointment outside the agency's working time):
 * the same request with another value would succeed, unlike a conflict with the dossier's state. HTTP 422.
 */
export class UnprocessableError extends AppError {
  constructor(
    readonly code: string,
    text: LocalizedText,
  ) {
    super(text);
  }
}

/** A file, or a dossier's files together, above the configured size. */
export class PayloadTooLargeError extends AppError {
  readonly code = "PAYLOAD_TOO_LARGE";
}

/** A file whose content (not its name) is not an accepted type. */
export class UnsupportedMediaTypeError extends AppError {
  readonly code = "UNSUPPORTED_MEDIA_TYPE";
}

/** No valid session: the caller must log in (401). Login failures use their own codes. */
export class UnauthenticatedError extends AppError {
  constructor(
    text: LocalizedText = { vi: "Bạn cần đăng nhập để tiếp tục", en: "Please log in to continue" },
    readonly code: string = "UNAUTHENTICATED",
  ) {
    super(text);
  }
}

/** Logged in, but the role, the scope or the session's state does not allow this (403). */
export class ForbiddenError extends AppError {
  constructor(
    text: LocalizedText = {
      vi: "Bạn không có quyền thực hiện thao tác này",
      en: "You are not allowed to do this",
    },
    readonly code: string = "FORBIDDEN",
  ) {
    super(text);
  }
}
