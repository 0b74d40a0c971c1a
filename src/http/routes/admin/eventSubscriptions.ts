import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { DOSSIER_EVENT_TYPES } from "../../../domain/dossier/events.ts";
import { listDeliveries, replaySubscription } from "../../../services/events/replayEvents.ts";
import {
  createSubscription,
  getSubscription,
  listSubscriptions,
  updateSubscription,
} from "../../../services/events/subscriptions.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { ErrorResponse } from "../../schemas/common.ts";

export interface EventSubscriptionRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
}

const Instant = Type.Union([Type.String({ format: "date-time" }), Type.Null()]);

export const EventSubscriptionView = Type.Object({
  id: Type.String({ format: "uuid" }),
  name: Type.String(),
  targetUrl: Type.String(),
  agencyIds: Type.Array(Type.String({ format: "uuid" })),
  eventTypes: Type.Array(Type.String()),
  includeApplicant: Type.Boolean(),
  active: Type.Boolean(),
  createdAt: Type.String({ format: "date-time" }),
  updatedAt: Type.String({ format: "date-time" }),
  deliveries: Type.Object({
    pending: Type.Integer(),
    sent: Type.Integer(),
    dead: Type.Integer(),
    oldestPendingAt: Instant,
    lastError: Type.Union([Type.String(), Type.Null()]),
  }),
});

const SubscriptionBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, pattern: "\\S" }),
    targetUrl: Type.String({ minLength: 1, maxLength: 2000 }),
    /** At least 32 characters of a key shared with the subscriber; omitted = generated (on creation) or kept. */
    secret: Type.Optional(Type.String({ minLength: 32, maxLength: 200 })),
    agencyIds: Type.Array(Type.String({ format: "uuid" }), { maxItems: 500, default: [] }),
    eventTypes: Type.Array(Type.String({ pattern: "^[a-zA-Z][a-zA-Z0-9]{0,63}$" }), {
      maxItems: 100,
      default: [],
    }),
    includeApplicant: Type.Boolean({ default: false }),
    active: Type.Boolean({ default: true }),
  },
  { additionalProperties: false },
);

const DeliveryView = Type.Object({
  id: Type.Integer(),
  eventId: Type.String(),
  type: Type.String(),
  subject: Type.String(),
  sequence: Type.Integer(),
  status: Type.Union([Type.Literal("pending"), Type.Literal("sent"), Type.Literal("dead")]),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastStatus: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String({ format: "date-time" }),
  sentAt: Instant,
  deadAt: Instant,
});

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const Params = Type.Object({ id: Type.String({ format: "uuid" }) });

/**
 * Subscriptions of partner systems to the dossier events (issue #18, seed 004 Đ18.2): the system administrator lists,
 * creates and changes them, sees each one's deliveries and dead letters, and replays its events from a time or from
 * an event id. The signing secret is shown once, in the creation's answer.
 */
export const eventSubscriptionRoutes: FastifyPluginAsyncTypebox<EventSubscriptionRouteOptions> = async (
  app,
  options,
) => {
  const systemAdmin = requireRole(["system_admin"]);

  app.get(
    "/admin/event-subscriptions",
    {
      preValidation: systemAdmin,
      schema: {
        tags: ["admin"],
        summary: "Các hệ thống đăng ký nhận sự kiện hồ sơ",
        response: {
          200: Type.Object({
            items: Type.Array(EventSubscriptionView),
            eventTypes: Type.Array(Type.String()),
          }),
          ...errors,
        },
      },
    },
    async () => ({ items: await listSubscriptions(options.db), eventTypes: [...DOSSIER_EVENT_TYPES] }),
  );

  app.post(
    "/admin/event-subscriptions",
    {
      preValidation: systemAdmin,
      schema: {
        tags: ["admin"],
        summary: "Thêm hệ thống nhận sự kiện hồ sơ (khóa ký chỉ hiện một lần)",
        body: SubscriptionBody,
        response: {
          201: Type.Intersect([EventSubscriptionView, Type.Object({ secret: Type.String() })]),
          409: ErrorResponse,
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const created = await createSubscription(options.db, actorFrom(request), request.body, options.clock());
      return reply.code(201).send(created);
    },
  );

  app.get(
    "/admin/event-subscriptions/:id",
    {
      preValidation: systemAdmin,
      schema: {
        tags: ["admin"],
        summary: "Một hệ thống nhận sự kiện hồ sơ",
        params: Params,
        response: { 200: EventSubscriptionView, ...errors },
      },
    },
    async (request) => getSubscription(options.db, request.params.id),
  );

  app.put(
    "/admin/event-subscriptions/:id",
    {
      preValidation: systemAdmin,
      schema: {
        tags: ["admin"],
        summary: "Sửa hệ thống nhận sự kiện hồ sơ (phạm vi, địa chỉ, khóa ký, bật/tắt)",
        params: Params,
        body: SubscriptionBody,
        response: { 200: EventSubscriptionView, 409: ErrorResponse, ...errors },
      },
    },
    async (request) =>
      updateSubscription(options.db, actorFrom(request), request.params.id, request.body, options.clock()),
  );

  app.get(
    "/admin/event-subscriptions/:id/deliveries",
    {
      preValidation: systemAdmin,
      schema: {
        tags: ["admin"],
        summary: "Các lần gửi sự kiện gần đây (lọc theo trạng thái, ví dụ gửi thất bại)",
        params: Params,
        querystring: Type.Object({
          status: Type.Optional(
            Type.Union([Type.Literal("pending"), Type.Literal("sent"), Type.Literal("dead")]),
          ),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
        }),
        response: { 200: Type.Array(DeliveryView), ...errors },
      },
    },
    async (request) => listDeliveries(options.db, request.params.id, request.query),
  );

  app.post(
    "/admin/event-subscriptions/:id/replay",
    {
      preValidation: systemAdmin,
      schema: {
        tags: ["admin"],
        summary: "Gửi lại sự kiện từ một thời điểm hoặc từ một mã sự kiện",
        params: Params,
        body: Type.Object(
          {
            from: Type.Optional(Type.String({ format: "date-time" })),
            fromEventId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ requeued: Type.Integer() }), ...errors },
      },
    },
    async (request) =>
      replaySubscription(
        options.db,
        actorFrom(request),
        request.params.id,
        {
          from: request.body.from !== undefined ? new Date(request.body.from) : undefined,
          fromEventId: request.body.fromEventId,
        },
        options.clock(),
      ),
  );
};
