import { Type } from "typebox";
import { ErrorResponse } from "../../schemas/common.ts";

/** Schemas of the feedback, question and FAQ routes (issue #17). */

export const feedbackErrors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
};

const Text = (min: number, max: number, description: string) =>
  Type.String({ minLength: min, maxLength: max, description });

export const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });

export const VerificationBody = Type.Object(
  {
    channel: Type.Union([Type.Literal("sms"), Type.Literal("email")], {
      description: "Gửi mã qua SMS hoặc thư điện tử",
    }),
    address: Text(3, 254, "Số điện thoại hoặc địa chỉ thư điện tử"),
  },
  { additionalProperties: false },
);

export const ConfirmBody = Type.Object(
  { code: Type.String({ pattern: "^\\s*[0-9]{6}\\s*$", description: "Mã 6 chữ số" }) },
  { additionalProperties: false },
);

const Common = {
  title: Text(5, 200, "Tiêu đề"),
  content: Text(20, 5000, "Nội dung"),
  name: Text(2, 120, "Họ và tên người gửi"),
  phone: Type.Optional(Type.String({ maxLength: 20 })),
  email: Type.Optional(Type.String({ maxLength: 254 })),
  consentPublish: Type.Boolean({
    description: "Đồng ý công khai nội dung và trả lời (đã ẩn thông tin cá nhân)",
  }),
  attachmentIds: Type.Optional(
    Type.Array(Type.String({ format: "uuid" }), { maxItems: 5, uniqueItems: true }),
  ),
  verificationId: Type.Optional(
    Type.String({ format: "uuid", description: "Mã xác minh liên hệ khi không đăng nhập" }),
  ),
};

export const FeedbackBody = Type.Object(
  {
    subject: Type.Union(
      [Type.Literal("dossier"), Type.Literal("procedure"), Type.Literal("agency"), Type.Literal("officer")],
      { description: "Phản ánh về hồ sơ, thủ tục, cơ quan hay hành vi của cán bộ" },
    ),
    dossierCode: Type.Optional(Type.String({ minLength: 3, maxLength: 60 })),
    procedureCode: Type.Optional(Type.String({ minLength: 3, maxLength: 20 })),
    agencyCode: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    officerName: Type.Optional(Type.String({ maxLength: 120 })),
    ...Common,
  },
  { additionalProperties: false },
);

export const QuestionBody = Type.Object(
  {
    procedureCode: Type.String({ minLength: 3, maxLength: 20 }),
    identity: Text(5, 300, "Số định danh (CCCD) và địa chỉ"),
    ...Common,
  },
  { additionalProperties: false },
);

export const SubmittedResponse = Type.Object({
  id: Type.String(),
  code: Type.String(),
  status: Type.String(),
  receivedAt: Type.String({ format: "date-time" }),
  dueAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
});

const Named = Type.Object({ code: Type.String(), name: Type.String() });

export const ItemSummary = Type.Object({
  id: Type.String(),
  code: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  subject: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  category: Type.Union([Type.String(), Type.Null()]),
  agency: Type.Union([Named, Type.Null()]),
  suggestedAgency: Type.Union([Named, Type.Null()]),
  dossierCode: Type.Union([Type.String(), Type.Null()]),
  procedure: Type.Union([Named, Type.Null()]),
  receivedAt: Type.String(),
  routedAt: Type.Union([Type.String(), Type.Null()]),
  dueAt: Type.Union([Type.String(), Type.Null()]),
  answeredAt: Type.Union([Type.String(), Type.Null()]),
  workingHoursLeft: Type.Union([Type.Number(), Type.Null()]),
  watchLevel: Type.Union([Type.String(), Type.Null()]),
  channel: Type.String(),
});

export const ItemList = Type.Object({ items: Type.Array(ItemSummary) });

const Signature = Type.Object({
  name: Text(2, 120, "Người trả lời"),
  title: Text(2, 120, "Chức danh"),
  phone: Text(6, 20, "Điện thoại"),
  email: Text(5, 254, "Thư điện tử"),
  legalReferences: Type.String({ maxLength: 1000, description: "Văn bản pháp luật được viện dẫn" }),
});

export const ItemDetail = Type.Intersect([
  ItemSummary,
  Type.Object({
    content: Type.String(),
    officerName: Type.Union([Type.String(), Type.Null()]),
    submitter: Type.Object({
      name: Type.String(),
      phone: Type.Union([Type.String(), Type.Null()]),
      email: Type.Union([Type.String(), Type.Null()]),
      identity: Type.Union([Type.String(), Type.Null()]),
    }),
    consentPublish: Type.Boolean(),
    answer: Type.Union([Type.String(), Type.Null()]),
    signature: Type.Union([Signature, Type.Null()]),
    refusalReason: Type.Union([Type.String(), Type.Null()]),
    publishedAt: Type.Union([Type.String(), Type.Null()]),
    reaction: Type.Union([Type.String(), Type.Null()]),
    faqId: Type.Union([Type.String(), Type.Null()]),
    attachments: Type.Array(
      Type.Object({
        id: Type.String(),
        fileName: Type.String(),
        mediaType: Type.String(),
        sizeBytes: Type.Integer(),
      }),
    ),
    events: Type.Array(
      Type.Object({
        type: Type.String(),
        at: Type.String(),
        fromAgency: Type.Union([Type.String(), Type.Null()]),
        toAgency: Type.Union([Type.String(), Type.Null()]),
        payload: Type.Record(Type.String(), Type.Unknown()),
      }),
    ),
  }),
]);

export const AnswerBody = Type.Object(
  { answer: Text(10, 10000, "Nội dung trả lời"), signature: Signature },
  { additionalProperties: false },
);

export const ReasonBody = Type.Object({ reason: Text(5, 1000, "Lý do") }, { additionalProperties: false });

export const RouteBody = Type.Object(
  {
    agencyCode: Type.String({ minLength: 1, maxLength: 40 }),
    category: Type.Union(
      [
        Type.Literal("procedureHandling"),
        Type.Literal("staffConduct"),
        Type.Literal("regulation"),
        Type.Literal("onlineService"),
        Type.Literal("other"),
      ],
      { description: "Phân loại" },
    ),
    complexity: Type.Optional(
      Type.Union([Type.Literal("simple"), Type.Literal("interAgency"), Type.Literal("special")], {
        description: "Câu hỏi: một cơ quan (3 ngày), liên ngành (5 ngày), trường hợp đặc biệt (10 ngày)",
      }),
    ),
  },
  { additionalProperties: false },
);

export const ReactionBody = Type.Object(
  { reaction: Type.Union([Type.Literal("like"), Type.Literal("dislike")]) },
  { additionalProperties: false },
);

export const FaqPromoteBody = Type.Object(
  {
    question: Type.Optional(Type.String({ minLength: 10, maxLength: 5000 })),
    answer: Type.Optional(Type.String({ minLength: 10, maxLength: 10000 })),
  },
  { additionalProperties: false },
);

export const FaqImportBody = Type.Object(
  {
    entries: Type.Array(
      Type.Object(
        {
          nationalId: Type.String({ minLength: 1, maxLength: 80 }),
          question: Type.String({ minLength: 1, maxLength: 5000 }),
          answer: Type.String({ minLength: 1, maxLength: 10000 }),
          procedureCode: Type.Optional(Type.String({ maxLength: 20 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 2000 },
    ),
  },
  { additionalProperties: false },
);

export const FaqQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    procedure: Type.Optional(Type.String({ maxLength: 20 })),
    sector: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);

export const FaqList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      question: Type.String(),
      answer: Type.String(),
      source: Type.String(),
      procedure: Type.Union([Named, Type.Null()]),
      sector: Type.Union([Named, Type.Null()]),
      field: Type.Union([Named, Type.Null()]),
      agency: Type.Union([Type.String(), Type.Null()]),
      createdAt: Type.String(),
    }),
  ),
});

export const PublishedList = Type.Object({
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      kind: Type.String(),
      title: Type.String(),
      content: Type.String(),
      answer: Type.String(),
      agency: Type.Union([Type.String(), Type.Null()]),
      signature: Type.Union([Signature, Type.Null()]),
      receivedAt: Type.String(),
      publishedAt: Type.String(),
    }),
  ),
});

/** Dates as ISO strings, the way the schemas above describe them. */
// biome-ignore lint/suspicious/noExplicitAny: a JSON round trip has no static type; the response schema checks it.
export const asJson = (value: unknown): any => JSON.parse(JSON.stringify(value));
