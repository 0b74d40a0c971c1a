import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Role } from "../../../db/schema.ts";
import { describeOfficeDossier } from "../../../services/dossiers/processing/describeOfficeDossier.ts";
import { listAssignees } from "../../../services/dossiers/processing/listAssignees.ts";
import { listInbox } from "../../../services/dossiers/processing/listInbox.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { ErrorResponse } from "../../schemas/common.ts";
import { DossierDescription, DossierIdParams } from "../../schemas/dossier.ts";
import type { DossierRouteContext } from "../dossierRouteContext.ts";

const Instant = Type.String({ format: "date-time" });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Text = Type.Object({ vi: Type.String(), en: Type.String() });

/** The officers who work on dossiers and have an inbox. */
const OFFICERS: Role[] = ["counter_officer", "specialist", "unit_head", "agency_leader"];

const Box = Type.Union([
  Type.Literal("toReceive"),
  Type.Literal("toProcess"),
  Type.Literal("dueSoon"),
  Type.Literal("overdue"),
  Type.Literal("consultations"),
  Type.Literal("toReturn"),
]);

const InboxQuery = Type.Object(
  {
    box: Type.Optional(Box),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);

export const InboxPage = Type.Object({
  box: Box,
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Type.String({ format: "uuid" }),
      code: Type.String(),
      version: Type.Integer(),
      procedure: Type.Object({ code: Type.String(), name: Type.String() }),
      applicantName: Type.String(),
      status: Type.Integer(),
      statusLabel: Text,
      internalStep: Nullable(Type.String()),
      dueAt: Nullable(Instant),
      remainingWorkingHours: Nullable(Type.Number()),
      overdue: Type.Boolean(),
      dossierDueAt: Nullable(Instant),
      receptionDueAt: Nullable(Instant),
      task: Nullable(
        Type.Object({
          id: Type.String(),
          step: Type.String(),
          role: Type.String(),
          unitId: Nullable(Type.String()),
          assigneeId: Nullable(Type.String()),
          dueAt: Nullable(Instant),
        }),
      ),
      consultation: Nullable(
        Type.Object({
          id: Type.String(),
          question: Type.String(),
          fromAgency: Type.String(),
          requestedAt: Instant,
          dueAt: Instant,
        }),
      ),
    }),
  ),
});

const Person = Nullable(Type.Object({ id: Type.String(), name: Nullable(Type.String()) }));

export const OfficeDossier = Type.Object(
  {
    ...DossierDescription.properties,
    workflow: Type.Object({
      id: Type.String(),
      version: Type.Integer(),
      steps: Type.Array(Type.Object({ step: Type.String(), role: Type.String(), label: Text })),
    }),
    tasks: Type.Array(
      Type.Object({
        id: Type.String(),
        step: Type.String(),
        role: Type.String(),
        status: Type.String(),
        unit: Person,
        assignee: Person,
        createdAt: Instant,
        dueAt: Nullable(Instant),
        completedAt: Nullable(Instant),
        outcome: Nullable(Type.String()),
        handedOverBy: Person,
        timing: Nullable(Type.String()),
      }),
    ),
    consultations: Type.Array(
      Type.Object({
        id: Type.String(),
        toAgency: Type.Object({ code: Type.String(), name: Type.String() }),
        toUnit: Nullable(Type.Object({ code: Type.String(), name: Nullable(Type.String()) })),
        question: Type.String(),
        requestedAt: Instant,
        requestedBy: Nullable(Type.String()),
        dueAt: Instant,
        answer: Nullable(Type.String()),
        answeredAt: Nullable(Instant),
        answeredBy: Nullable(Type.String()),
        late: Nullable(Type.Boolean()),
      }),
    ),
  },
  { description: "Hồ sơ trong Một cửa điện tử: thông tin, lịch sử, phiếu kiểm soát quá trình và lấy ý kiến" },
);

export const AssigneeCandidates = Type.Object(
  {
    step: Nullable(Type.String()),
    role: Nullable(Type.String()),
    officers: Type.Array(
      Type.Object({
        id: Type.String({ format: "uuid" }),
        name: Type.String(),
        unit: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
      }),
    ),
  },
  { description: "Cán bộ có thể nhận bước xử lý tiếp theo của hồ sơ (phân công, chuyển tiếp)" },
);

/**
 * The office's inbox and its view of one dossier (issue #4). Both read only; what an officer may see is decided by
 * their grants (inbox) and by the dossier's agencies or a consultation addressed to them (dossier, 404 otherwise).
 */
export const inboxRoutes: FastifyPluginAsyncTypebox<DossierRouteContext> = async (app, context) => {
  app.get(
    "/office/inbox",
    {
      preValidation: requireRole(OFFICERS),
      schema: {
        tags: ["office"],
        summary:
          "Hộp hồ sơ của cán bộ: chờ tiếp nhận, cần xử lý, sắp đến hạn, quá hạn, lấy ý kiến, chờ trả kết quả",
        querystring: InboxQuery,
        response: { 200: InboxPage, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) =>
      listInbox(context.db, {
        actor: actorFrom(request),
        now: context.clock(),
        box: request.query.box ?? "toProcess",
        query: request.query.q,
        page: request.query.page ?? 1,
        pageSize: request.query.pageSize ?? 20,
      }),
  );

  app.get(
    "/office/dossiers/:id",
    {
      preValidation: requireRole(OFFICERS),
      schema: {
        tags: ["office"],
        summary: "Xem hồ sơ (cán bộ): thông tin, lịch sử, phiếu kiểm soát quá trình, lấy ý kiến",
        params: DossierIdParams,
        response: {
          200: OfficeDossier,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request) =>
      describeOfficeDossier(context.db, { dossierId: request.params.id, actor: actorFrom(request) }),
  );

  app.get(
    "/office/dossiers/:id/assignees",
    {
      preValidation: requireRole(OFFICERS),
      schema: {
        tags: ["office"],
        summary: "Cán bộ có thể được phân công hoặc nhận chuyển tiếp bước xử lý tiếp theo của hồ sơ",
        params: DossierIdParams,
        response: {
          200: AssigneeCandidates,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request) => listAssignees(context.db, { dossierId: request.params.id, actor: actorFrom(request) }),
  );
};
