import { Type } from "typebox";

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const Instant = Type.String({ format: "date-time" });
const Text = Type.Object({ vi: Type.String(), en: Type.String() });
const CodeName = Type.Object({ code: Type.String(), name: Type.String() });

/** A dossier as its owner or an officer sees it (src/services/dossiers/describeDossier.ts). */
export const DossierDescription = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    code: Type.String(),
    version: Type.Integer({
      description: "Số thứ tự sự kiện cuối; gửi lại trong expectedVersion để tránh ghi đè",
    }),
    status: Type.Integer({ minimum: 1, maximum: 10 }),
    statusLabel: Text,
    internalStep: Nullable(Type.String()),
    procedure: CodeName,
    receivingAgency: CodeName,
    decidingAgency: CodeName,
    assistedAtAgency: Type.Union([CodeName, Type.Null()], {
      description: "Nơi hỗ trợ người nộp, khi khác nơi tiếp nhận (R-XFER-3)",
    }),
    receptionPlace: Type.Union([Type.Literal("mobile"), Type.Literal("on_site"), Type.Null()], {
      description:
        "Tiếp nhận ngoài trụ sở: lưu động (mobile) hoặc tại chỗ (on_site); null: tại Bộ phận Một cửa",
    }),
    legalTimeKind: Type.Union([Type.Literal("same_day"), Type.Literal("immediate"), Type.Null()], {
      description:
        "Thời hạn trong ngày (sau 15 giờ: ngày làm việc tiếp theo) hoặc giải quyết ngay; null: theo số ngày",
    }),
    channel: Type.String(),
    fromNationalPortal: Type.Boolean(),
    applicant: Type.Object({
      kind: Type.String(),
      name: Type.String(),
      idNumber: Nullable(Type.String()),
      organisationName: Nullable(Type.String()),
      taxCode: Nullable(Type.String()),
      address: Nullable(Type.String()),
      phone: Nullable(Type.String()),
      email: Nullable(Type.String()),
    }),
    submitter: Type.Union(
      [
        Type.Object({
          kind: Type.Union([
            Type.Literal("legal_representative"),
            Type.Literal("authorised_person"),
            Type.Literal("other"),
          ]),
          name: Type.String(),
          idNumber: Nullable(Type.String()),
          mandateId: Nullable(Type.String()),
        }),
        Type.Null(),
      ],
      { description: "Người nộp thay (người đại diện, người được ủy quyền), null khi người yêu cầu tự nộp" },
    ),
    summary: Type.String(),
    lookupToken: Type.Union([Type.String(), Type.Null()], {
      description: "Mã của QR trên giấy tiếp nhận, chỉ trả cho chính người nộp (null với cán bộ)",
    }),
    formData: Type.Record(Type.String(), Type.Unknown()),
    submittedAt: Instant,
    receptionDueAt: Nullable(Instant),
    receivedAt: Nullable(Instant),
    dueAt: Nullable(Instant),
    originalDueAt: Nullable(Instant),
    extendedDueAt: Nullable(Instant),
    finishedAt: Nullable(Instant),
    returnedAt: Nullable(Instant),
    closedAt: Nullable(Instant),
    files: Type.Array(
      Type.Object({
        id: Type.String({ format: "uuid" }),
        purpose: Type.String(),
        componentPosition: Type.Union([Type.Integer(), Type.Null()]),
        componentName: Nullable(Type.String()),
        fileName: Type.String(),
        mediaType: Type.String(),
        sizeBytes: Type.Integer(),
        sha256: Type.String(),
        digitized: Type.Boolean(),
        reused: Type.Boolean(),
        uploadedAt: Instant,
      }),
    ),
    history: Type.Array(
      Type.Object({
        sequence: Type.Integer(),
        type: Type.String(),
        label: Text,
        at: Instant,
        fromStatus: Type.Union([Type.Integer(), Type.Null()]),
        toStatus: Type.Integer(),
        actor: Type.Union([Type.Object({ role: Type.String(), name: Nullable(Type.String()) }), Type.Null()]),
        details: Type.Record(Type.String(), Type.Unknown()),
      }),
    ),
  },
  { description: "Hồ sơ: thông tin, thời hạn, tệp và toàn bộ lịch sử xử lý" },
);

/** `expectedVersion`: the version the caller saw; a different current version answers 409 (optimistic concurrency). */
export const ExpectedVersion = Type.Optional(Type.Integer({ minimum: 1 }));

export const DossierIdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
