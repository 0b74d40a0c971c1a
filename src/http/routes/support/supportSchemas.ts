import { Type } from "typebox";
import { ErrorResponse } from "../../schemas/common.ts";

const _literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((value) => Type.Literal(value)));
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const TicketStatusSchema = Type.Union([
  Type.Literal("new"),
  Type.Literal("in_progress"),
  Type.Literal("waiting_requester"),
  Type.Literal("resolved"),
  Type.Literal("closed"),
]);
export const TicketTopicSchema = Type.Union([
  Type.Literal("account"),
  Type.Literal("submission"),
  Type.Literal("payment"),
  Type.Literal("lookup"),
  Type.Literal("technical"),
  Type.Literal("other"),
]);
export const ClockMarkSchema = Type.Union([
  Type.Literal("onTime"),
  Type.Literal("late"),
  Type.Literal("running"),
  Type.Literal("overdue"),
]);

export const SupportRequestBody = Type.Object(
  {
    topic: TicketTopicSchema,
    description: Type.String({ minLength: 1, maxLength: 4000 }),
    pageUrl: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    dossierId: Type.Optional(Nullable(Type.String({ format: "uuid" }))),
    name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
    email: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  { additionalProperties: false },
);

export const TicketUpdateBody = Type.Object(
  {
    status: Type.Optional(TicketStatusSchema),
    assigneeId: Type.Optional(Nullable(Type.String({ format: "uuid" }))),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
    expectedStatus: Type.Optional(TicketStatusSchema),
  },
  { additionalProperties: false },
);

export const SupportTicket = Type.Object({
  id: Type.String(),
  code: Type.String(),
  channel: Type.Union([Type.Literal("web"), Type.Literal("hotline")]),
  topic: TicketTopicSchema,
  status: TicketStatusSchema,
  description: Type.String(),
  pageUrl: Nullable(Type.String()),
  dossierId: Nullable(Type.String()),
  dossierCode: Nullable(Type.String()),
  requesterName: Nullable(Type.String()),
  requesterPhone: Nullable(Type.String()),
  requesterEmail: Nullable(Type.String()),
  requesterUserId: Nullable(Type.String()),
  assigneeId: Nullable(Type.String()),
  assigneeName: Nullable(Type.String()),
  createdAt: Type.String(),
  responseDueAt: Type.String(),
  resolutionDueAt: Type.String(),
  firstResponseAt: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
  responseMark: ClockMarkSchema,
  resolutionMark: ClockMarkSchema,
  overdue: Type.Boolean(),
});

export const SupportTicketDetail = Type.Intersect([
  SupportTicket,
  Type.Object({
    history: Type.Array(
      Type.Object({
        id: Type.String(),
        at: Type.String(),
        kind: Type.Union([
          Type.Literal("created"),
          Type.Literal("status"),
          Type.Literal("assigned"),
          Type.Literal("note"),
        ]),
        actorName: Nullable(Type.String()),
        fromStatus: Nullable(Type.String()),
        toStatus: Nullable(Type.String()),
        assigneeName: Nullable(Type.String()),
        note: Nullable(Type.String()),
      }),
    ),
  }),
]);

const Counts = Type.Record(Type.String(), Type.Integer());
const Target = Type.Object({
  met: Type.Integer(),
  missed: Type.Integer(),
  pending: Type.Integer(),
  rate: Type.Union([Type.Number(), Type.Null()]),
});
export const SupportReportSchema = Type.Object({
  period: Type.Object({
    code: Type.String(),
    kind: Type.String(),
    from: Type.String(),
    toExclusive: Type.String(),
  }),
  total: Type.Integer(),
  byChannel: Counts,
  byStatus: Counts,
  byTopic: Counts,
  response: Target,
  resolution: Target,
});

export const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });

export const guardedErrors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
};
