import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import QRCode from "qrcode";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { NotFoundError } from "../../../services/errors.ts";
import { createLookupBatcher } from "../../../services/lookup/lookupBatcher.ts";
import { type DossierLookup, lookupDossier, lookupUrlOf } from "../../../services/lookup/lookupDossier.ts";
import { isLookupToken } from "../../../services/lookup/lookupToken.ts";
import { type ReadFor, readsOf } from "../../plugins/readRouting.ts";
import { errorResponses } from "../../schemas/common.ts";

export interface LookupRouteOptions {
  db: Kysely<Database>;
  /** The portal's public address, for the URL the QR code carries (R-CODE-6). */
  publicUrl: string;
  /** LOOKUP_MASK_NAMES: mask the applicant's name on a lookup by bare code (issue #20; default on). */
  maskNames: boolean;
  /** Issue #21: the read replica, within its staleness bound, for these read-only routes; else `db`. */
  readFor?: ReadFor;
}

/**
 * Only absurd input is refused as such (400); anything of a plausible length is looked up, so a malformed code and
 * an unknown one get the same 404 (R-LOOK-2: the answer never tells which codes exist).
 */
const DossierCodeText = Type.String({
  minLength: 1,
  maxLength: 60,
  description: "Mã hồ sơ (mã của hệ thống hoặc mã trên Cổng Dịch vụ công quốc gia)",
  examples: ["000.20.01.H99-261123-0001"],
});

const StatusSchema = Type.Object(
  {
    code: Type.Integer({ minimum: 1, maximum: 10, description: "Mã trạng thái công khai (1–10)" }),
    name: Type.String({ description: "Tên trạng thái (tiếng Việt; tiếng Anh với Accept-Language: en)" }),
  },
  { additionalProperties: false },
);

/** What every answer carries, accepted or not (R-LOOK-2 clarified: the status and the process are always shown). */
const commonFields = {
  code: Type.String(),
  lookupUrl: Type.String({ description: "Địa chỉ tra cứu mà mã QR của hồ sơ chứa" }),
  status: StatusSchema,
  receivingAgency: Type.String(),
  assistedAgency: Type.String({ description: "Nơi hỗ trợ người nộp (R-XFER-3)" }),
  decidingAgency: Type.String({ description: "Cơ quan giải quyết (R-XFER-3)" }),
  departments: Type.Array(Type.String(), { description: "Các cơ quan, đơn vị hồ sơ đã qua, theo thứ tự" }),
  currentDepartment: Type.Union([Type.String(), Type.Null()], { description: "Đơn vị đang giữ hồ sơ" }),
  steps: Type.Array(
    Type.Object({ department: Type.String(), done: Type.Boolean() }, { additionalProperties: false }),
    { description: "Các bước xử lý đã giao và đã xong" },
  ),
  applicantName: Type.String(),
  applicantNameMasked: Type.Boolean({
    description: "Tên được che một phần (tra cứu chỉ bằng mã, không có mã QR hay 4 số cuối)",
  }),
};

const AcceptedDossierLookup = Type.Object(
  {
    ...commonFields,
    organisationName: Type.Union([Type.String(), Type.Null()]),
    receivedAt: Type.String({ format: "date-time" }),
    appointmentAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  },
  { additionalProperties: false, description: "Hồ sơ đã được tiếp nhận" },
);

const PendingDossierLookup = Type.Object(
  { ...commonFields, submittedAt: Type.String({ format: "date-time" }) },
  { additionalProperties: false, description: "Hồ sơ chưa được tiếp nhận (đang chờ, bị từ chối, đã rút)" },
);

/** The proof that shows the full name (issue #20): the QR's token or the last 4 digits of the phone or ID number. */
const proofFields = {
  t: Type.Optional(
    Type.String({ maxLength: 64, description: "Mã xác thực in trong mã QR của giấy tiếp nhận" }),
  ),
  last4: Type.Optional(
    Type.String({
      pattern: "^\\s*[0-9]{4}\\s*$",
      description: "4 số cuối số điện thoại hoặc số định danh của người nộp (để xem đầy đủ họ tên)",
    }),
  ),
};

// The accepted shape first: it has required fields the pending one lacks, so the serializer picks the right one.
export const DossierLookupResponse = Type.Union([AcceptedDossierLookup, PendingDossierLookup]);

const JSON_TYPE = "application/json; charset=utf-8";
/** The two shapes of the union, as Fastify takes a schema to compile (the same objects: compiled once per route). */
const ACCEPTED_SHAPE = AcceptedDossierLookup as unknown as Record<string, unknown>;
const PENDING_SHAPE = PendingDossierLookup as unknown as Record<string, unknown>;

/** The same body for every code not found: it must not echo the code or differ in any way between two codes. */
const notFound = () =>
  new NotFoundError({
    vi: "Không tìm thấy hồ sơ có mã này. Vui lòng kiểm tra lại mã hồ sơ trên giấy tiếp nhận.",
    en: "No dossier has this code. Please check the code on the reception slip.",
  });

/**
 * Public dossier lookup (R-LOOK-1, R-LOOK-2): `GET /api/public/lookup/:code` — what the QR code's page calls — and
 * `GET /api/public/lookup?code=…` for the lookup form. No login; rate-limited per client so the code space cannot be
 * walked.
 */
export const lookupRoutes: FastifyPluginAsyncTypebox<LookupRouteOptions> = async (app, options) => {
  // The per-client limit (LOOKUP_RATE_LIMIT_PER_MINUTE) is the "lookup" route class's (rateLimitClasses.ts, counted
  // in onRequest before anything else): one quota per client for both forms, the QR image, the result and receipt
  // checks together. Issue #21: a second limiter of the same size on these routes only counted twice.
  const read = readsOf(options);
  // Issue #21: the lookups of one event-loop turn on the same reader database share one statement; each gets its
  // own row, checked and shaped alone (R-LOOK-2).
  const batcher = createLookupBatcher();
  const find = async (request: FastifyRequest, code: string, proof: { t?: string; last4?: string }) => {
    const found = await read(request, (reader) =>
      lookupDossier(
        reader,
        code,
        {
          publicUrl: options.publicUrl,
          maskNames: options.maskNames,
          language: request.language ?? "vi",
          proof: { token: proof.t, last4: proof.last4 },
        },
        batcher.read,
      ),
    );
    if (!found) throw notFound();
    return found;
  };
  /**
   * Issue #21: the answer serialized by its own shape's serializer. The response schema's union made the serializer
   * validate the answer against each shape to pick one; the shape is known here. Same schemas, same body.
   */
  const answer = (reply: FastifyReply, found: DossierLookup) =>
    reply
      .type(JSON_TYPE)
      .serializer(
        reply.compileSerializationSchema("receivedAt" in found ? ACCEPTED_SHAPE : PENDING_SHAPE, "200"),
      )
      .send(found);
  const schema = {
    tags: ["lookup"],
    summary: "Tra cứu hồ sơ theo mã hồ sơ hoặc mã QR",
    response: { 200: DossierLookupResponse, ...errorResponses },
  };

  app.get(
    "/lookup/:code",
    {
      schema: {
        ...schema,
        params: Type.Object({ code: DossierCodeText }),
        querystring: Type.Object(proofFields, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return answer(reply, await find(request, request.params.code, request.query));
    },
  );
  app.get(
    "/lookup",
    {
      schema: {
        ...schema,
        querystring: Type.Object({ code: DossierCodeText, ...proofFields }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return answer(reply, await find(request, request.query.code, request.query));
    },
  );
  app.get(
    "/lookup/:code/qr.svg",
    {
      schema: {
        tags: ["lookup"],
        summary: "Mã QR của hồ sơ (ảnh SVG chứa địa chỉ tra cứu)",
        description:
          "Mã QR in trên giấy tiếp nhận và hiện trên trang biên nhận (R-CODE-6). Ảnh chỉ chứa địa chỉ tra cứu công khai, " +
          "nên trả lời như nhau cho mọi mã và không cho biết hồ sơ có tồn tại hay không.",
        params: Type.Object({ code: DossierCodeText }),
        querystring: Type.Object(
          { t: Type.Optional(Type.String({ maxLength: 64, description: "Mã của QR trên giấy tiếp nhận" })) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      // R-LOOK-2: only the right token goes into the image (the applicant's own pages pass theirs); any other
      // gets the bare address, so the answer never tells whether a code exists.
      const { code } = request.params;
      const token = request.query.t;
      const valid = token !== undefined && (await isLookupToken(options.db, code, token));
      const svg = await QRCode.toString(lookupUrlOf(options.publicUrl, code, valid ? token : undefined), {
        type: "svg",
        errorCorrectionLevel: "M",
        margin: 2,
      });
      return reply
        .type("image/svg+xml")
        .header("cache-control", valid ? "private, no-store" : "public, max-age=86400")
        .send(svg);
    },
  );
};
