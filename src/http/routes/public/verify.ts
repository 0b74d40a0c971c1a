import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import QRCode from "qrcode";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { verifyUrlOf } from "../../../domain/results/verifyUrl.ts";
import { NotFoundError } from "../../../services/errors.ts";
import {
  DOSSIER_FILE_CHECK,
  fileTooLarge,
  KEEP_NOTHING,
  receiveFile,
} from "../../../services/files/receiveFile.ts";
import { checkResultFile, findIssuedResult } from "../../../services/results/findResult.ts";
import { publishedJwks } from "../../../services/results/signingKeys.ts";
import { type InvalidReason, verifyResultToken } from "../../../services/results/verifyToken.ts";
import type { LocalizedText } from "../../../services/validation/messages.ts";
import { localize, negotiateLanguage } from "../../i18n/language.ts";
import { ErrorResponse, errorResponses } from "../../schemas/common.ts";
import { MISSING_FILE, receiveFilePart } from "../filePart.ts";

export interface VerifyRouteOptions {
  db: Kysely<Database>;
  /** The portal's public address: the QR code holds the verify page under it. */
  publicUrl: string;
  /** Verifications per minute per client, all verify routes together (LOOKUP_RATE_LIMIT_PER_MINUTE). */
  rateLimitPerMinute: number;
  maxFileBytes: number;
  clock: () => Date;
}

/** Anything of a plausible length is looked up; a malformed code answers the same 404 as an unknown one. */
const CodeParams = Type.Object({
  code: Type.String({
    minLength: 1,
    maxLength: 40,
    description: "Mã xác thực kết quả",
    examples: ["7KQ2M-XW4PA-9HDT3"],
  }),
});

const ResultFacts = Type.Object(
  {
    code: Type.String(),
    agencyCode: Type.String(),
    agencyName: Type.String({ description: "Cơ quan ban hành kết quả" }),
    dossierCode: Type.String(),
    procedureCode: Type.String(),
    procedureName: Type.String(),
    issuedAt: Type.String({ format: "date-time" }),
    holder: Type.String({ description: "Tên người nhận kết quả (cá nhân: đã che một phần)" }),
    fileSha256: Type.String({ description: "SHA-256 của tệp kết quả đã ban hành" }),
    token: Type.String({ description: "JWS ký bằng khóa của tỉnh (kiểm tra với /.well-known/jwks.json)" }),
    kid: Type.String(),
    verifyUrl: Type.String({ description: "Địa chỉ mà mã QR của kết quả chứa" }),
  },
  { additionalProperties: false },
);

const FileCheckResponse = Type.Object(
  { matches: Type.Boolean(), sha256: Type.String({ description: "SHA-256 của tệp vừa gửi" }) },
  { additionalProperties: false },
);

const TokenVerificationResponse = Type.Object(
  {
    valid: Type.Boolean(),
    reason: Type.Optional(
      Type.Union([
        Type.Literal("malformed"),
        Type.Literal("unknownKey"),
        Type.Literal("badSignature"),
        Type.Literal("badClaims"),
      ]),
    ),
    message: Type.String(),
    kid: Type.Optional(Type.String()),
    claims: Type.Optional(
      Type.Object({
        code: Type.String(),
        dossierCode: Type.String(),
        procedureCode: Type.String(),
        procedureName: Type.String(),
        agencyCode: Type.String(),
        agencyName: Type.String(),
        holder: Type.String(),
        sha256: Type.String(),
        issuedAt: Type.String({ format: "date-time" }),
      }),
    ),
  },
  { additionalProperties: false },
);

const REASON_TEXT: Record<InvalidReason | "valid", LocalizedText> = {
  valid: {
    vi: "Chữ ký hợp lệ: kết quả do cơ quan nêu trên ban hành và nội dung không bị thay đổi",
    en: "Valid signature: issued by the agency shown and unchanged",
  },
  malformed: {
    vi: "Mã ký số không đúng định dạng (quét lại mã QR hoặc nhập lại)",
    en: "The signed token is malformed (scan the QR code again or retype it)",
  },
  unknownKey: {
    vi: "Mã ký số không được ký bằng khóa nào do tỉnh công bố",
    en: "The token is not signed with any key the province publishes",
  },
  badSignature: {
    vi: "Chữ ký không khớp: nội dung đã bị thay đổi hoặc giả mạo",
    en: "The signature does not match: the content was changed or forged",
  },
  badClaims: {
    vi: "Mã ký số không phải là kết quả giải quyết hợp lệ",
    en: "The token is not a valid result",
  },
};

/** The same answer for every code not found: it never tells which codes exist. */
const notFound = () =>
  new NotFoundError({
    vi: "Không tìm thấy kết quả có mã xác thực này. Vui lòng kiểm tra lại mã in trên kết quả.",
    en: "No result has this verification code. Please check the code printed on the result.",
  });

/**
 * Public verification of electronic results (R-RES-1, R-RES-2): by verification code (the facts, holder masked), by
 * file (does its sha256 match the issued one), and by signed token (valid or why not). No login; one rate limit for
 * all of them per client, so the code space cannot be walked.
 */
export const verifyRoutes: FastifyPluginAsyncTypebox<VerifyRouteOptions> = async (app, options) => {
  const limit = app.rateLimit({ max: options.rateLimitPerMinute, timeWindow: "1 minute" });
  const find = async (code: string) => {
    const found = await findIssuedResult(options.db, code);
    if (!found) throw notFound();
    return found;
  };
  const urlOf = (found: { code: string; token: string }) =>
    verifyUrlOf(options.publicUrl, found.code, found.token);

  app.get(
    "/results/:code",
    {
      onRequest: limit,
      schema: {
        tags: ["lookup"],
        summary: "Xác thực kết quả giải quyết theo mã xác thực",
        params: CodeParams,
        response: { 200: ResultFacts, ...errorResponses },
      },
    },
    async (request) => {
      const found = await find(request.params.code);
      return { ...found, issuedAt: found.issuedAt.toISOString(), verifyUrl: urlOf(found) };
    },
  );

  app.get(
    "/results/:code/qr.:format",
    {
      onRequest: limit,
      schema: {
        tags: ["lookup"],
        summary: "Mã QR của kết quả (địa chỉ xác thực kèm mã ký số), ảnh SVG hoặc PNG",
        params: Type.Object({
          ...CodeParams.properties,
          format: Type.Union([Type.Literal("svg"), Type.Literal("png")]),
        }),
        response: {
          200: Type.Unsafe<string | Buffer>({ type: "string", format: "binary" }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const url = urlOf(await find(request.params.code));
      // Level M: the token makes the address long; M keeps the symbol small enough to print beside the result.
      if (request.params.format === "svg") {
        const svg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
        return reply.type("image/svg+xml").header("cache-control", "public, max-age=86400").send(svg);
      }
      const png = await QRCode.toBuffer(url, { type: "png", errorCorrectionLevel: "M", margin: 2, scale: 4 });
      return reply.type("image/png").header("cache-control", "public, max-age=86400").send(png);
    },
  );

  app.post(
    "/results/:code/check-file",
    {
      onRequest: limit,
      schema: {
        tags: ["lookup"],
        summary: "Đối chiếu một tệp với kết quả đã ban hành (so sánh SHA-256; tệp không được lưu)",
        consumes: ["multipart/form-data"],
        params: CodeParams,
        response: { 200: FileCheckResponse, ...errorResponses, 413: ErrorResponse, 415: ErrorResponse },
      },
    },
    async (request) => {
      const tooLarge = () => fileTooLarge(options.maxFileBytes);
      // Issue #21 item 5: the part takes the uploads' streaming path into a store that keeps nothing. The check only
      // compares SHA-256 hashes, computed while the part streams (it verifies no signature inside the file, so it never
      // needs the bytes in memory); the temporary copy, bounded by MAX_FILE_MB while it is written, is there for the
      // type decided on the whole file (a result is a file a dossier may hold: an office format shows its kind only
      // inside its ZIP) and is removed before the answer.
      const received = await receiveFilePart(request, { missingFile: MISSING_FILE, tooLarge }, (part) =>
        receiveFile(KEEP_NOTHING, part.content, {
          maxBytes: options.maxFileBytes,
          check: { ...DOSSIER_FILE_CHECK, tooLarge: fileTooLarge },
        }),
      );
      const checked = await checkResultFile(options.db, request.params.code, received.stored);
      if (!checked) throw notFound();
      return checked;
    },
  );

  app.post(
    "/results/verify-token",
    {
      onRequest: limit,
      schema: {
        tags: ["lookup"],
        summary: "Kiểm tra chữ ký của mã ký số (JWS) trên kết quả, với các khóa công khai của tỉnh",
        body: Type.Object(
          { token: Type.String({ minLength: 1, maxLength: 8192, description: "JWS dạng compact" }) },
          { additionalProperties: false },
        ),
        response: { 200: TokenVerificationResponse, ...errorResponses },
      },
    },
    async (request) => {
      const language = negotiateLanguage(request.headers["accept-language"]);
      const verified = await verifyResultToken(
        request.body.token,
        await publishedJwks(options.db, options.clock()),
      );
      if (!verified.valid)
        return {
          valid: false,
          reason: verified.reason,
          message: localize(REASON_TEXT[verified.reason], language),
        };
      return {
        valid: true,
        message: localize(REASON_TEXT.valid, language),
        kid: verified.kid,
        claims: { ...verified.claims, issuedAt: verified.claims.issuedAt.toISOString() },
      };
    },
  );
};
