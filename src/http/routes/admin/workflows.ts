import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { type TSchema, Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import {
  ACTION_GUARDS,
  STEP_HANDOVERS,
  STEP_PUBLIC_STATUSES,
  STEP_UNITS,
  WORKFLOW_ROLES,
  type WorkflowDefinition,
} from "../../../domain/workflow/definition.ts";
import {
  describeWorkflows,
  listWorkflowOfferings,
  publishWorkflow,
  saveDraft,
  simulateOfferingWorkflow,
  validateOfferingWorkflow,
  WorkflowInvalidError,
} from "../../../services/workflows/adminWorkflows.ts";
import type { PublishedVersion } from "../../../services/workflows/workflowStore.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { AgencyCode, ErrorResponse, ProcedureCode } from "../../schemas/common.ts";

const literals = <T extends string | number>(values: readonly T[]) =>
  Type.Union(values.map((value) => Type.Literal(value)));
const Obj = <P extends Record<string, TSchema>>(properties: P) =>
  Type.Object(properties, { additionalProperties: false });
const Code = Type.String({ minLength: 1, maxLength: 60, pattern: "^[A-Za-z][A-Za-z0-9_.-]*$" });
const Text = Obj({ vi: Type.String({ minLength: 1, maxLength: 300 }), en: Type.String({ maxLength: 300 }) });
const Duration = Obj({
  amount: Type.Number({ exclusiveMinimum: 0, maximum: 10_000 }),
  unit: literals(["wh", "wd"] as const),
});
const StepAgency = Type.Union([
  Obj({ kind: Type.Literal("deciding") }),
  Obj({ kind: Type.Literal("receiving") }),
  Obj({ kind: Type.Literal("agency"), agencyCode: AgencyCode }),
]);
const Role = literals(WORKFLOW_ROLES);
const Step = Obj({
  code: Code,
  name: Text,
  actor: Type.Union([
    Obj({ agency: StepAgency, unit: literals(STEP_UNITS), role: Role }),
    Obj({ sameAs: Code }),
  ]),
  duration: Duration,
  clock: literals(["running", "paused"] as const),
  publicStatus: literals(STEP_PUBLIC_STATUSES),
  handover: literals(STEP_HANDOVERS),
  outputs: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 20 }),
});
const ConsultTarget = Type.Union([
  Obj({ agencyCode: AgencyCode }),
  Obj({ unit: literals(["professional", "leadership"] as const) }),
]);
const Effect = Type.Union([
  Obj({ kind: Type.Literal("requestSupplement") }),
  Obj({
    kind: Type.Literal("consult"),
    targets: Type.Array(ConsultTarget, { maxItems: 20 }),
    join: literals(["all", "any"] as const),
    duration: Duration,
  }),
  Obj({ kind: Type.Literal("requestPayment") }),
  Obj({ kind: Type.Literal("issueResult") }),
  Obj({ kind: Type.Literal("sign") }),
  Obj({
    kind: Type.Literal("notify"),
    recipient: literals(["applicant", "assignee", "unitHead", "counter"] as const),
  }),
]);
const Action = Obj({
  code: Code,
  name: Text,
  from: Code,
  to: Code,
  roles: Type.Array(Role, { maxItems: 5 }),
  guard: literals(ACTION_GUARDS),
  effects: Type.Array(Effect, { maxItems: 10 }),
});
const Timer = Obj({
  step: Code,
  kind: literals(["warn", "escalate"] as const),
  offsetHours: Type.Number({ minimum: -200, maximum: 200 }),
});
const Leg = Obj({
  agencyCode: AgencyCode,
  task: Text,
  steps: Type.Array(Code, { maxItems: 50 }),
  deadline: Duration,
});
/** The workflow definition (src/domain/workflow/definition.ts) as the API accepts it. */
export const WorkflowDefinitionSchema = Obj({
  start: Code,
  steps: Type.Array(Step, { maxItems: 50 }),
  actions: Type.Array(Action, { maxItems: 200 }),
  timers: Type.Array(Timer, { maxItems: 200 }),
  interAgency: Type.Optional(Obj({ leadAgencyCode: AgencyCode, legs: Type.Array(Leg, { maxItems: 10 }) })),
});

const Issue = Type.Object({
  code: Type.String(),
  rule: Type.String(),
  step: Type.Optional(Type.String()),
  action: Type.Optional(Type.String()),
  message: Text,
});
const Issues = Type.Array(Issue);
const Offering = Type.Object({
  offeringId: Type.String(),
  agency: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  procedure: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }),
  legalTime: Type.Union([Type.Object({ amount: Type.Number(), unit: Type.String() }), Type.Null()]),
});
const Version = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  publishedAt: Type.String(),
  publishedBy: Type.Union([Type.String(), Type.Null()]),
  definition: Type.Unknown(),
});
const Draft = Type.Object({
  definition: Type.Unknown(),
  updatedAt: Type.String(),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
  issues: Issues,
});
const InvalidResponse = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), issues: Issues }),
});
const Params = Type.Object({ offeringId: Type.String({ format: "uuid" }) });
/** POST bodies are objects, `{}` when empty: Fastify checks a missing body against the root schema. */
const DefinitionBody = Obj({ definition: Type.Optional(WorkflowDefinitionSchema) });

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const ADMINS = ["agency_admin", "system_admin"] as const;

const versionOut = (version: PublishedVersion) => ({
  id: version.id,
  version: version.version,
  publishedAt: version.publishedAt.toISOString(),
  publishedBy: version.publishedBy,
  definition: version.definition,
});

/**
 * The workflow administration API (issue #6, R-CAT-4, R-FUNC-2), for the admin console's workflow editor. Agency
 * admins see and change their own agency's offerings (another agency's answers 404); system admins all; every other
 * role 403.
 */
export const adminWorkflowRoutes: FastifyPluginAsyncTypebox<{
  db: Kysely<Database>;
  clock?: () => Date;
}> = async (app, { db, clock = () => new Date() }) => {
  const guard = { preHandler: requireRole([...ADMINS]) };

  app.get(
    "/admin/workflows",
    {
      ...guard,
      schema: {
        tags: ["admin"],
        summary: "Thủ tục tại cơ quan và các phiên bản quy trình của chúng",
        querystring: Obj({
          agencyId: Type.Optional(Type.String({ format: "uuid" })),
          agencyCode: Type.Optional(AgencyCode),
          procedureCode: Type.Optional(ProcedureCode),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Intersect([
                Offering,
                Type.Object({
                  publishedVersion: Type.Union([Type.Integer(), Type.Null()]),
                  versionCount: Type.Integer(),
                  hasDraft: Type.Boolean(),
                }),
              ]),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => ({
      items: await listWorkflowOfferings(db, actorFrom(request), request.query),
    }),
  );

  app.get(
    "/admin/workflows/:offeringId",
    {
      ...guard,
      schema: {
        tags: ["admin"],
        summary: "Các phiên bản đã ban hành và bản nháp quy trình của một thủ tục tại cơ quan",
        params: Params,
        response: {
          200: Type.Object({
            offering: Offering,
            versions: Type.Array(Version),
            draft: Type.Union([Draft, Type.Null()]),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const found = await describeWorkflows(db, actorFrom(request), request.params.offeringId);
      return {
        offering: found.offering,
        versions: found.versions.map(versionOut),
        draft: found.draft && { ...found.draft, updatedAt: found.draft.updatedAt.toISOString() },
      };
    },
  );

  app.put(
    "/admin/workflows/:offeringId/draft",
    {
      ...guard,
      schema: {
        tags: ["admin"],
        summary: "Lưu bản nháp quy trình (trả về các lỗi kiểm tra)",
        params: Params,
        body: Obj({ definition: WorkflowDefinitionSchema }),
        response: { 200: Draft, ...errors },
      },
    },
    async (request) => {
      const draft = await saveDraft(db, actorFrom(request), {
        offeringId: request.params.offeringId,
        definition: request.body.definition as WorkflowDefinition,
        now: clock(),
      });
      return { ...draft, updatedAt: draft.updatedAt.toISOString() };
    },
  );

  app.post(
    "/admin/workflows/:offeringId/validate",
    {
      ...guard,
      schema: {
        tags: ["admin"],
        summary: "Kiểm tra quy trình (bản gửi kèm, bản nháp hoặc phiên bản đang áp dụng)",
        params: Params,
        body: DefinitionBody,
        response: {
          200: Type.Object({ valid: Type.Boolean(), issues: Issues }),
          ...errors,
          409: ErrorResponse,
        },
      },
    },
    async (request) => {
      const issues = await validateOfferingWorkflow(db, actorFrom(request), {
        offeringId: request.params.offeringId,
        definition: request.body.definition as WorkflowDefinition | undefined,
      });
      return { valid: issues.length === 0, issues };
    },
  );

  app.post(
    "/admin/workflows/:offeringId/simulate",
    {
      ...guard,
      schema: {
        tags: ["admin"],
        summary: "Mô phỏng thời hạn từng bước trên lịch làm việc thực của cơ quan",
        params: Params,
        body: Obj({
          start: Type.Optional(Type.String({ format: "date-time" })),
          definition: Type.Optional(WorkflowDefinitionSchema),
        }),
        response: {
          200: Type.Object({
            start: Type.String(),
            steps: Type.Array(
              Type.Object({
                step: Type.String(),
                startAt: Type.String(),
                dueAt: Type.String(),
                hours: Type.Number(),
                clock: Type.String(),
                holidays: Type.Array(Type.String()),
              }),
            ),
            totalHours: Type.Number(),
            legalHours: Type.Union([Type.Number(), Type.Null()]),
            dueAt: Type.String(),
            legalDueAt: Type.Union([Type.String(), Type.Null()]),
            warnings: Type.Array(Type.Unknown()),
          }),
          ...errors,
          409: ErrorResponse,
        },
      },
    },
    async (request) =>
      simulateOfferingWorkflow(db, actorFrom(request), {
        offeringId: request.params.offeringId,
        start: request.body.start ? new Date(request.body.start) : undefined,
        definition: request.body.definition as WorkflowDefinition | undefined,
        now: clock(),
      }),
  );

  app.post(
    "/admin/workflows/:offeringId/publish",
    {
      ...guard,
      schema: {
        tags: ["admin"],
        summary:
          "Ban hành bản nháp (hoặc bản gửi kèm) thành phiên bản mới; hồ sơ đang xử lý giữ phiên bản cũ",
        params: Params,
        body: DefinitionBody,
        response: { 201: Version, ...errors, 409: Type.Union([InvalidResponse, ErrorResponse]) },
      },
    },
    async (request, reply) => {
      try {
        const version = await publishWorkflow(db, actorFrom(request), {
          offeringId: request.params.offeringId,
          definition: request.body.definition as WorkflowDefinition | undefined,
          now: clock(),
        });
        return reply.status(201).send(versionOut(version));
      } catch (error) {
        if (!(error instanceof WorkflowInvalidError)) throw error;
        const language = request.language ?? "vi";
        return reply.status(409).send({
          error: { code: error.code, message: error.text[language], issues: error.issues },
        });
      }
    },
  );
};
