import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { type TSchema, Type } from "typebox";
import { acceptDossier } from "../../../services/dossiers/counter/acceptDossier.ts";
import { confirmStop } from "../../../services/dossiers/counter/confirmStop.ts";
import { decideAtCounter } from "../../../services/dossiers/counter/decideAtCounter.ts";
import { forwardToAuthority } from "../../../services/dossiers/counter/forwardToAuthority.ts";
import { intakePaperDossier } from "../../../services/dossiers/counter/intakePaperDossier.ts";
import { receiveSupplement } from "../../../services/dossiers/counter/receiveSupplement.ts";
import { receptionSlip } from "../../../services/dossiers/counter/receptionSlip.ts";
import { recordWithdrawalRequest } from "../../../services/dossiers/counter/recordWithdrawalRequest.ts";
import { refuseDossier } from "../../../services/dossiers/counter/refuseDossier.ts";
import { requestSupplementAtReception } from "../../../services/dossiers/counter/requestSupplementAtReception.ts";
import { returnResult } from "../../../services/dossiers/counter/returnResult.ts";
import { transferDossier } from "../../../services/dossiers/counter/transferDossier.ts";
import { describeDossier } from "../../../services/dossiers/describeDossier.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { AgencyCode, ErrorResponse, ProcedureCode } from "../../schemas/common.ts";
import { DossierDescription, DossierIdParams, ExpectedVersion } from "../../schemas/dossier.ts";
import type { DossierRouteContext } from "../dossierRouteContext.ts";

/** A line of a notice: a reason, an item to supplement (printed on the form, so kept to a paragraph). */
const NoticeLine = Type.String({ minLength: 1, maxLength: 1000 });
const NoticeLines = Type.Array(NoticeLine, { minItems: 1, maxItems: 50 });
const ShortText = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const UploadId = Type.String({ format: "uuid" });

const Applicant = Type.Object(
  {
    kind: Type.Union([Type.Literal("person"), Type.Literal("organisation")]),
    name: ShortText(200),
    idNumber: Type.Optional(Type.String({ pattern: "^[0-9]{9,12}$", description: "Số CCCD/CMND/định danh" })),
    organisationName: Type.Optional(ShortText(300)),
    taxCode: Type.Optional(Type.String({ pattern: "^[0-9]{10}(-[0-9]{3})?$" })),
    address: Type.Optional(ShortText(500)),
    phone: Type.Optional(
      Type.String({ maxLength: 30, description: "Số điện thoại; được chuẩn hóa về dạng 0987654321" }),
    ),
    email: Type.Optional(Type.String({ format: "email", maxLength: 254 })),
  },
  { additionalProperties: false },
);

const IntakeBody = Type.Object(
  {
    procedureCode: ProcedureCode,
    agencyCode: AgencyCode,
    channel: Type.Union([Type.Literal("counter"), Type.Literal("postal")], {
      description: "counter: nộp trực tiếp; postal: qua dịch vụ bưu chính công ích",
    }),
    applicant: Applicant,
    submitter: Type.Optional(
      Type.Object(
        {
          name: ShortText(200),
          idNumber: Type.Optional(Type.String({ pattern: "^[0-9]{9,12}$" })),
          phone: Type.Optional(
            Type.String({ maxLength: 30, description: "Số điện thoại; được chuẩn hóa về dạng 0987654321" }),
          ),
          address: Type.Optional(ShortText(500)),
          authorizationDocument: Type.Optional(ShortText(300)),
        },
        { additionalProperties: false, description: "Người nộp thay (được ủy quyền, nhân viên bưu chính)" },
      ),
    ),
    formData: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    summary: Type.Optional(ShortText(500)),
    receptionPlace: Type.Optional(
      Type.Union([Type.Literal("mobile"), Type.Literal("on_site")], {
        description:
          "Tiếp nhận ngoài trụ sở: mobile (lưu động) hoặc on_site (tại chỗ); bỏ trống: tại Bộ phận Một cửa",
      }),
    ),
    files: Type.Array(
      Type.Object(
        { componentPosition: Type.Integer({ minimum: 0 }), uploadId: UploadId },
        { additionalProperties: false },
      ),
      { maxItems: 100, description: "Bản quét các thành phần hồ sơ giấy (tải lên trước qua /api/uploads)" },
    ),
    outcome: Type.Optional(
      Type.Union([Type.Literal("complete"), Type.Literal("incomplete"), Type.Literal("refused")], {
        description:
          "Kết quả kiểm tra (R-RECV-2): complete (mặc định) tiếp nhận; incomplete kèm reason và items (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ); refused kèm reasons (Phiếu từ chối tiếp nhận)",
      }),
    ),
    reason: Type.Optional(
      Type.String({ maxLength: 2000, description: "Lý do yêu cầu bổ sung (khi incomplete)" }),
    ),
    items: Type.Optional(
      Type.Array(Type.String({ maxLength: 2000 }), {
        maxItems: 100,
        description: "Danh mục hồ sơ cần bổ sung, hoàn thiện, liệt kê một lần đầy đủ (khi incomplete)",
      }),
    ),
    reasons: Type.Optional(
      Type.Array(Type.String({ maxLength: 2000 }), {
        maxItems: 100,
        description: "Lý do từ chối tiếp nhận (khi refused)",
      }),
    ),
  },
  { additionalProperties: false },
);

const VersionOnly = Type.Object({ expectedVersion: ExpectedVersion }, { additionalProperties: false });
const RefuseBody = Type.Object(
  { reasons: NoticeLines, expectedVersion: ExpectedVersion },
  { additionalProperties: false },
);
const SupplementRequestBody = Type.Object(
  { reason: NoticeLine, items: NoticeLines, expectedVersion: ExpectedVersion },
  { additionalProperties: false },
);
const ReceiveSupplementBody = Type.Object(
  {
    files: Type.Optional(
      Type.Array(
        Type.Object(
          {
            uploadId: UploadId,
            componentPosition: Type.Optional(Type.Integer({ minimum: 0 })),
            digitized: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    ),
    expectedVersion: ExpectedVersion,
  },
  { additionalProperties: false },
);
const ReturnResultBody = Type.Object(
  {
    channel: Type.Union([Type.Literal("counter"), Type.Literal("post"), Type.Literal("online")], {
      description: "counter: tại Bộ phận Một cửa; post: qua bưu chính; online: trực tuyến",
    }),
    expectedVersion: ExpectedVersion,
  },
  { additionalProperties: false },
);
const DecideAtCounterBody = Type.Object(
  {
    resultReference: Type.String({
      minLength: 1,
      maxLength: 300,
      description: "Số, ký hiệu của kết quả đã cấp (ví dụ số chứng thực, quyển số)",
    }),
    returnChannel: Type.Optional(
      Type.Union([Type.Literal("counter"), Type.Literal("post"), Type.Literal("online"), Type.Null()], {
        description: "Trả kết quả ngay (mặc định: tại Bộ phận Một cửa); null: giữ lại để trả sau",
      }),
    ),
    expectedVersion: ExpectedVersion,
  },
  { additionalProperties: false },
);
const ForwardToAuthorityBody = Type.Object(
  { agencyCode: AgencyCode, reason: NoticeLine, expectedVersion: ExpectedVersion },
  { additionalProperties: false },
);
const ConfirmStopBody = Type.Object(
  { noticeRef: ShortText(100), expectedVersion: ExpectedVersion },
  { additionalProperties: false },
);

const RecordWithdrawalBody = Type.Object(
  { reason: ShortText(1000), expectedVersion: ExpectedVersion },
  { additionalProperties: false },
);

const Localized = Type.Object({ vi: Type.String(), en: Type.String() });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const ReceptionSlipResponse = Type.Object(
  {
    issuingUnit: Type.Object({
      agencyCode: Type.String(),
      agencyName: Type.String(),
      unitCode: Nullable(Type.String()),
      unitName: Nullable(Type.String()),
    }),
    dossierCode: Type.String(),
    applicant: Type.Object({
      name: Type.String(),
      organisationName: Nullable(Type.String()),
      idNumber: Nullable(Type.String()),
      address: Nullable(Type.String()),
      phone: Nullable(Type.String()),
      email: Nullable(Type.String()),
    }),
    submitter: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    channel: Type.String(),
    requestedMatter: Type.Object({
      procedureCode: Type.String(),
      procedureName: Type.String(),
      summary: Type.String(),
    }),
    components: Type.Array(
      Type.Object({
        position: Type.Integer(),
        name: Type.String(),
        originals: Type.Integer(),
        copies: Type.Integer(),
        files: Type.Integer(),
      }),
    ),
    sets: Type.Integer(),
    legalTime: Type.Object({
      amount: Type.Number(),
      unit: Type.String(),
      kind: Type.Union([Type.Literal("same_day"), Type.Literal("immediate"), Type.Null()]),
      text: Localized,
    }),
    organisations: Type.Object(
      {
        assisted: Type.Object({ code: Type.String(), name: Type.String() }),
        received: Type.Object({ code: Type.String(), name: Type.String() }),
        deciding: Type.Object({ code: Type.String(), name: Type.String() }),
      },
      { description: "Nơi hỗ trợ, nơi tiếp nhận chính thức, cơ quan giải quyết (R-XFER-3)" },
    ),
    receptionPlace: Type.Union([Type.Literal("mobile"), Type.Literal("on_site"), Type.Null()], {
      description: "Tiếp nhận ngoài trụ sở (lưu động, tại chỗ); null: tại Bộ phận Một cửa",
    }),
    receivedAt: Type.String({ description: "hh:mm dd/mm/yyyy" }),
    appointmentAt: Nullable(Type.String({ description: "hh:mm dd/mm/yyyy" })),
    receivedAtIso: Type.String({ format: "date-time" }),
    appointmentAtIso: Nullable(Type.String({ format: "date-time" })),
    register: Nullable(
      Type.Object(
        { number: Type.String(), book: Type.String() },
        { description: "Số vào sổ và quyển số của Sổ theo dõi hồ sơ (R-FORM-6)" },
      ),
    ),
  },
  { description: "Dữ liệu Giấy tiếp nhận hồ sơ và hẹn trả kết quả (R-FORM-1)" },
);

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};

/** The schema of a command on one dossier: its summary and body; it answers the officer's view of the dossier. */
const commandSchema = <B extends TSchema>(
  summary: string,
  body: B,
  extraResponses: Record<number, TSchema> = {},
) => ({
  tags: ["office"],
  summary,
  params: DossierIdParams,
  body,
  response: { 200: DossierDescription, ...errors, ...extraResponses },
});

/**
 * The counter's work on dossiers (issue #4): paper intake, accept / refuse / ask to complete an online dossier,
 * transfer, receive a supplement, return the result, confirm a stop, and the reception slip's data. Each handler
 * only chains the role guard, its schema and one use case (DESIGN §7); whether the officer reaches this dossier is
 * decided per dossier inside the use case (404 outside their agencies). The guard runs before the body is validated
 * so that a caller without the role learns nothing from validation messages.
 */
export const counterRoutes: FastifyPluginAsyncTypebox<DossierRouteContext> = async (app, context) => {
  const { db } = context;
  const role = requireRole(["counter_officer"]);
  // A POST without a body is an empty object: `accept` needs nothing, and others then name their missing fields.
  const guard = [
    role,
    async (request: FastifyRequest) => {
      request.body ??= {};
    },
  ];
  const officerView = async (row: Parameters<typeof describeDossier>[1]) =>
    describeDossier(db, row, "officer");
  /** Who acts on which dossier, having seen which version, and when: what every counter command carries. */
  const base = (
    request: Pick<FastifyRequest, "actor"> & {
      params: { id: string };
      body: { expectedVersion?: number | undefined };
    },
  ) => ({
    actor: actorFrom(request),
    dossierId: request.params.id,
    expectedVersion: request.body.expectedVersion,
    now: context.clock(),
  });

  app.post(
    "/office/dossiers/intake",
    {
      preValidation: guard,
      schema: {
        tags: ["office"],
        summary: "Tiếp nhận hồ sơ giấy (trực tiếp hoặc qua bưu chính) kèm bản quét",
        body: IntakeBody,
        response: { 201: DossierDescription, ...errors, 413: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { files, outcome, reason, items, reasons, ...rest } = request.body;
      const record = await intakePaperDossier(db, {
        ...rest,
        files,
        outcome:
          outcome === "incomplete"
            ? { kind: "incomplete", reason: reason ?? "", items: items ?? [] }
            : outcome === "refused"
              ? { kind: "refused", reasons: reasons ?? [] }
              : undefined,
        actor: actorFrom(request),
        now: context.clock(),
        limits: context.limits,
      });
      return reply.status(201).send(await officerView(record.row));
    },
  );

  app.post(
    "/office/dossiers/:id/accept",
    { preValidation: guard, schema: commandSchema("Tiếp nhận hồ sơ trực tuyến", VersionOnly) },
    async (request) => officerView((await acceptDossier(db, { ...base(request) })).row),
  );

  app.post(
    "/office/dossiers/:id/refuse",
    { preValidation: guard, schema: commandSchema("Từ chối tiếp nhận hồ sơ, nêu rõ lý do", RefuseBody) },
    async (request) =>
      officerView((await refuseDossier(db, { ...base(request), reasons: request.body.reasons })).row),
  );

  app.post(
    "/office/dossiers/:id/request-supplement",
    {
      preValidation: guard,
      schema: commandSchema("Yêu cầu bổ sung, hoàn thiện hồ sơ (một lần, đầy đủ)", SupplementRequestBody),
    },
    async (request) =>
      officerView(
        (
          await requestSupplementAtReception(db, {
            ...base(request),
            reason: request.body.reason,
            items: request.body.items,
          })
        ).row,
      ),
  );

  app.post(
    "/office/dossiers/:id/transfer",
    { preValidation: guard, schema: commandSchema("Chuyển hồ sơ đến cơ quan giải quyết", VersionOnly) },
    async (request) => officerView((await transferDossier(db, { ...base(request) })).row),
  );

  app.post(
    "/office/dossiers/:id/receive-supplement",
    {
      preValidation: guard,
      schema: commandSchema("Tiếp nhận hồ sơ bổ sung (tính lại thời hạn giải quyết)", ReceiveSupplementBody, {
        413: ErrorResponse,
      }),
    },
    async (request) =>
      officerView(
        (await receiveSupplement(db, { ...base(request), files: request.body.files, limits: context.limits }))
          .row,
      ),
  );

  app.post(
    "/office/dossiers/:id/return-result",
    {
      preValidation: guard,
      schema: commandSchema("Trả kết quả giải quyết và kết thúc hồ sơ", ReturnResultBody),
    },
    async (request) =>
      officerView((await returnResult(db, { ...base(request), channel: request.body.channel })).row),
  );

  app.post(
    "/office/dossiers/:id/decide-at-counter",
    {
      preValidation: guard,
      schema: commandSchema(
        "Giải quyết thủ tục trong ngày hoặc giải quyết ngay tại Bộ phận Một cửa và trả kết quả",
        DecideAtCounterBody,
      ),
    },
    async (request) =>
      officerView(
        (
          await decideAtCounter(db, {
            ...base(request),
            resultReference: request.body.resultReference,
            returnChannel: request.body.returnChannel === undefined ? "counter" : request.body.returnChannel,
          })
        ).row,
      ),
  );

  app.post(
    "/office/dossiers/:id/forward-to-authority",
    {
      preValidation: guard,
      schema: commandSchema(
        "Chuyển hồ sơ không thuộc thẩm quyền đến Bộ phận Một cửa của cơ quan có thẩm quyền",
        ForwardToAuthorityBody,
      ),
    },
    async (request) =>
      officerView(
        (
          await forwardToAuthority(db, {
            ...base(request),
            agencyCode: request.body.agencyCode,
            reason: request.body.reason,
          })
        ).row,
      ),
  );

  app.post(
    "/office/dossiers/:id/confirm-stop",
    {
      preValidation: guard,
      schema: commandSchema("Xác nhận dừng giải quyết hồ sơ theo yêu cầu rút hồ sơ", ConfirmStopBody),
    },
    async (request) =>
      officerView((await confirmStop(db, { ...base(request), noticeRef: request.body.noticeRef })).row),
  );

  app.post(
    "/office/dossiers/:id/record-withdrawal",
    {
      preValidation: guard,
      schema: commandSchema(
        "Ghi nhận yêu cầu rút hồ sơ nộp trực tiếp hoặc qua bưu chính",
        RecordWithdrawalBody,
      ),
    },
    async (request) =>
      officerView((await recordWithdrawalRequest(db, { ...base(request), reason: request.body.reason })).row),
  );

  app.get(
    "/office/dossiers/:id/reception-slip",
    {
      preValidation: role,
      schema: {
        tags: ["office"],
        summary: "Dữ liệu Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        params: DossierIdParams,
        response: { 200: ReceptionSlipResponse, ...errors },
      },
    },
    async (request) => receptionSlip(db, { actor: actorFrom(request), dossierId: request.params.id }),
  );
};
