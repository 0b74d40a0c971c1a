import type { LocalizedText } from "../../services/validation/messages.ts";

/**
 * The HTTP layer's own refusals (Fastify's body parsing, @fastify/multipart, busboy) in our words: their English
 * messages never reach a user (issue #20 "English in refusals", issue #12 §7). Status and text by error code.
 */
export const httpLayerRefusals: Record<string, { status: number; code: string; text: LocalizedText }> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: "EMPTY_BODY",
    text: {
      vi: "Yêu cầu không có nội dung: cần gửi dữ liệu dạng JSON",
      en: "The request has no content: JSON data is expected",
    },
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: "INVALID_JSON",
    text: {
      vi: "Nội dung gửi lên không phải là JSON hợp lệ",
      en: "The content sent is not valid JSON",
    },
  },
  JSON_TOO_DEEP: {
    status: 400,
    code: "INVALID_JSON",
    text: {
      vi: "Nội dung gửi lên lồng nhau quá nhiều cấp",
      en: "The content sent is nested too deeply",
    },
  },
  STRING_TOO_LONG: {
    status: 400,
    code: "STRING_TOO_LONG",
    text: {
      vi: "Nội dung gửi lên có đoạn văn bản quá dài",
      en: "The content sent holds a text that is too long",
    },
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: "BODY_TOO_LARGE",
    text: { vi: "Nội dung gửi lên quá lớn", en: "The content sent is too large" },
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
    text: {
      vi: "Kiểu nội dung (Content-Type) của yêu cầu không được hỗ trợ",
      en: "The request's content type is not supported",
    },
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: "INVALID_CONTENT_LENGTH",
    text: {
      vi: "Độ dài nội dung khai báo không khớp với nội dung gửi lên",
      en: "The declared content length does not match the content",
    },
  },
  FST_ERR_BAD_URL: {
    status: 400,
    code: "BAD_URL",
    text: { vi: "Địa chỉ yêu cầu không hợp lệ", en: "The requested address is not valid" },
  },
  FST_PARTS_LIMIT: {
    status: 413,
    code: "TOO_MANY_PARTS",
    text: { vi: "Yêu cầu tải lên có quá nhiều phần", en: "The upload has too many parts" },
  },
  FST_FILES_LIMIT: {
    status: 413,
    code: "TOO_MANY_FILES",
    text: { vi: "Mỗi lần chỉ được tải lên một tệp", en: "Upload one file at a time" },
  },
  FST_FIELDS_LIMIT: {
    status: 413,
    code: "TOO_MANY_FIELDS",
    text: { vi: "Yêu cầu tải lên có quá nhiều trường", en: "The upload has too many fields" },
  },
  FST_REQ_FILE_TOO_LARGE: {
    status: 413,
    code: "FILE_TOO_LARGE",
    text: { vi: "Tệp quá lớn", en: "The file is too large" },
  },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    status: 415,
    code: "NOT_MULTIPART",
    text: {
      vi: "Tệp phải được gửi dạng multipart/form-data",
      en: "Files must be sent as multipart/form-data",
    },
  },
  MALFORMED_MULTIPART: {
    status: 400,
    code: "MALFORMED_MULTIPART",
    text: {
      vi: "Dữ liệu tải lên không đúng định dạng multipart/form-data",
      en: "The upload is not well-formed multipart/form-data",
    },
  },
  FST_PROTO_VIOLATION: {
    status: 400,
    code: "MALFORMED_MULTIPART",
    text: { vi: "Tên trường tải lên không hợp lệ", en: "A field name of the upload is not valid" },
  },
  FST_MP_PREMATURE_CLOSE: {
    status: 400,
    code: "MALFORMED_MULTIPART",
    text: { vi: "Dữ liệu tải lên bị ngắt giữa chừng", en: "The upload was cut off" },
  },
  FST_INVALID_JSON_FIELD_ERROR: {
    status: 400,
    code: "INVALID_JSON",
    text: {
      vi: "Một trường của dữ liệu tải lên không phải là JSON hợp lệ",
      en: "A field of the upload is not valid JSON",
    },
  },
  INVALID_TEXT: {
    status: 400,
    code: "INVALID_TEXT",
    text: {
      vi: "Dữ liệu có ký tự không hợp lệ (ký tự rỗng hoặc mã Unicode lẻ)",
      en: "The input contains characters that are not allowed (NUL or an unpaired Unicode surrogate)",
    },
  },
};

/** A 4xx of the HTTP layer we have no words for yet: said in general terms, never in the library's English. */
export const genericRefusal: LocalizedText = {
  vi: "Yêu cầu không hợp lệ",
  en: "The request is not valid",
};

/** busboy's errors carry no code, only a message; they all mean the client sent broken multipart. */
export function isMalformedMultipart(error: Error, contentType: string | undefined): boolean {
  return (
    (contentType ?? "").toLowerCase().startsWith("multipart/") &&
    /Unexpected end of (form|file)|Malformed|Boundary not found|Multipart|Part terminated/i.test(
      error.message,
    )
  );
}

/** Thrown by our own input guards (hostileInput.ts) with one of the codes above. */
export class HttpRefusal extends Error {
  readonly statusCode: number;
  constructor(readonly code: keyof typeof httpLayerRefusals & string) {
    super(code);
    this.statusCode = httpLayerRefusals[code]?.status ?? 400;
    this.name = "HttpRefusal";
  }
}
