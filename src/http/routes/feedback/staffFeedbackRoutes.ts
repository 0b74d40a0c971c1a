import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { applicantRoles } from "../../../services/accounts/actor.ts";
import { importFaq, promoteToFaq } from "../../../services/feedback/faq.ts";
import { ANSWERING_ROLES, ROUTING_ROLES } from "../../../services/feedback/feedbackRoles.ts";
import {
  answerItem,
  reactToAnswer,
  refuseItem,
  returnItem,
  routeItem,
} from "../../../services/feedback/handleItem.ts";
import { agencyInbox, itemDetail, myItems, routingConsole } from "../../../services/feedback/listItems.ts";
import { actorFrom, requireActor, requireRole } from "../../plugins/auth.ts";
import {
  AnswerBody,
  asJson,
  FaqImportBody,
  FaqPromoteBody,
  feedbackErrors,
  IdParams,
  ItemDetail,
  ItemList,
  ReactionBody,
  ReasonBody,
  RouteBody,
} from "./feedbackSchemas.ts";

export interface StaffFeedbackRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
}

const KindQuery = Type.Object(
  { kind: Type.Optional(Type.Union([Type.Literal("feedback"), Type.Literal("question")])) },
  { additionalProperties: false },
);
const ConsoleQuery = Type.Object(
  {
    kind: Type.Optional(Type.Union([Type.Literal("feedback"), Type.Literal("question")])),
    status: Type.Optional(
      Type.Union([
        Type.Literal("received"),
        Type.Literal("routed"),
        Type.Literal("answered"),
        Type.Literal("published"),
        Type.Literal("refused"),
      ]),
    ),
  },
  { additionalProperties: false },
);

/**
 * Feedback and questions for the people who handle them (issue #17): the submitter's own list ("my feedback") and
 * reaction, the agency's inbox with countdowns and its answers, the service center's routing console with FAQ
 * promotion and import. Each route checks the role; the use cases check the agency scope (another agency's item is
 * 404 like an unknown one).
 */
export const staffFeedbackRoutes: FastifyPluginAsyncTypebox<StaffFeedbackRouteOptions> = async (
  app,
  options,
) => {
  const { db, clock } = options;
  const applicant = requireRole(applicantRoles);
  const answering = requireRole(ANSWERING_ROLES);
  const center = requireRole(ROUTING_ROLES);
  const anyone = requireActor();

  app.get(
    "/citizen/feedback",
    {
      preHandler: applicant,
      schema: {
        tags: ["citizen"],
        summary: "Phản ánh, câu hỏi của tôi",
        response: { 200: ItemList, ...feedbackErrors },
      },
    },
    async (request) => ({ items: asJson(await myItems(db, actorFrom(request), clock())) }),
  );

  app.get(
    "/feedback/:id",
    {
      preHandler: anyone,
      schema: {
        tags: ["citizen", "office"],
        summary: "Chi tiết phản ánh hoặc câu hỏi (người gửi, cơ quan được giao, trung tâm)",
        params: IdParams,
        response: { 200: ItemDetail, ...feedbackErrors },
      },
    },
    async (request) => asJson(await itemDetail(db, actorFrom(request), request.params.id, clock())),
  );

  app.post(
    "/citizen/feedback/:id/reaction",
    {
      preHandler: applicant,
      schema: {
        tags: ["citizen"],
        summary: "Hài lòng hoặc không hài lòng với trả lời",
        params: IdParams,
        body: ReactionBody,
        response: { 200: Type.Object({ reaction: Type.String() }), ...feedbackErrors },
      },
    },
    async (request) =>
      reactToAnswer(db, { actor: actorFrom(request), id: request.params.id, ...request.body, now: clock() }),
  );

  app.get(
    "/office/feedback",
    {
      preHandler: answering,
      schema: {
        tags: ["office"],
        summary: "Phản ánh, câu hỏi được giao cho cơ quan, hạn gần nhất trước",
        querystring: KindQuery,
        response: { 200: ItemList, ...feedbackErrors },
      },
    },
    async (request) => ({
      items: asJson(await agencyInbox(db, actorFrom(request), { now: clock(), kind: request.query.kind })),
    }),
  );

  app.post(
    "/office/feedback/:id/answer",
    {
      preHandler: answering,
      schema: {
        tags: ["office"],
        summary: "Trả lời phản ánh hoặc câu hỏi",
        params: IdParams,
        body: AnswerBody,
        response: {
          200: Type.Object({
            status: Type.String(),
            answeredAt: Type.String(),
            publishedAt: Type.Union([Type.String(), Type.Null()]),
          }),
          ...feedbackErrors,
        },
      },
    },
    async (request) =>
      asJson(
        await answerItem(db, {
          actor: actorFrom(request),
          id: request.params.id,
          ...request.body,
          now: clock(),
        }),
      ),
  );

  app.post(
    "/office/feedback/:id/return",
    {
      preHandler: answering,
      schema: {
        tags: ["office"],
        summary: "Trả lại trung tâm mục không thuộc thẩm quyền",
        params: IdParams,
        body: ReasonBody,
        response: {
          200: Type.Object({ status: Type.String(), reroute: Type.Record(Type.String(), Type.Unknown()) }),
          ...feedbackErrors,
        },
      },
    },
    async (request) =>
      asJson(
        await returnItem(db, {
          actor: actorFrom(request),
          id: request.params.id,
          reason: request.body.reason,
          now: clock(),
        }),
      ),
  );

  app.post(
    "/feedback/:id/refuse",
    {
      preHandler: requireRole([...ANSWERING_ROLES, ...ROUTING_ROLES]),
      schema: {
        tags: ["office", "monitoring"],
        summary: "Từ chối mục ngoài phạm vi (khiếu nại, tố cáo…)",
        params: IdParams,
        body: ReasonBody,
        response: { 200: Type.Object({ status: Type.String() }), ...feedbackErrors },
      },
    },
    async (request) =>
      refuseItem(db, {
        actor: actorFrom(request),
        id: request.params.id,
        reason: request.body.reason,
        now: clock(),
      }),
  );

  app.get(
    "/monitoring/feedback",
    {
      preHandler: center,
      schema: {
        tags: ["monitoring"],
        summary: "Bàn điều phối phản ánh, câu hỏi của trung tâm",
        querystring: ConsoleQuery,
        response: { 200: ItemList, ...feedbackErrors },
      },
    },
    async (request) => ({ items: asJson(await routingConsole(db, { now: clock(), ...request.query })) }),
  );

  app.post(
    "/monitoring/feedback/:id/route",
    {
      preHandler: center,
      schema: {
        tags: ["monitoring"],
        summary: "Phân loại và chuyển tới cơ quan có thẩm quyền (hoặc chuyển lại)",
        params: IdParams,
        body: RouteBody,
        response: {
          200: Type.Object({
            status: Type.String(),
            dueAt: Type.Union([Type.String(), Type.Null()]),
            reroute: Type.Union([
              Type.Object({
                heldWorkingHours: Type.Number(),
                allowedWorkingHours: Type.Number(),
                onTime: Type.Boolean(),
              }),
              Type.Null(),
            ]),
          }),
          ...feedbackErrors,
        },
      },
    },
    async (request) =>
      asJson(
        await routeItem(db, {
          actor: actorFrom(request),
          id: request.params.id,
          ...request.body,
          now: clock(),
        }),
      ),
  );

  app.post(
    "/monitoring/feedback/:id/faq",
    {
      preHandler: center,
      schema: {
        tags: ["monitoring"],
        summary: "Đưa câu hỏi đã trả lời vào hỏi đáp thường gặp",
        params: IdParams,
        body: FaqPromoteBody,
        response: { 201: Type.Object({ id: Type.String() }), ...feedbackErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await promoteToFaq(db, {
          actor: actorFrom(request),
          id: request.params.id,
          ...request.body,
          now: clock(),
        }),
      ),
  );

  app.post(
    "/monitoring/faq/import",
    {
      preHandler: center,
      schema: {
        tags: ["monitoring"],
        summary: "Nhập hỏi đáp của Cổng Dịch vụ công quốc gia từ tệp JSON",
        body: FaqImportBody,
        response: { 200: Type.Object({ added: Type.Integer(), updated: Type.Integer() }), ...feedbackErrors },
      },
    },
    async (request) =>
      importFaq(db, {
        entries: request.body.entries,
        source: "import",
        actor: actorFrom(request),
        now: clock(),
      }),
  );
};
