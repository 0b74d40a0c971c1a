import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import {
  listIncidents,
  recordIncident,
  resolveIncident,
  respondToIncident,
} from "../../../services/announcements/incidents.ts";
import {
  announceMaintenance,
  cancelMaintenance,
  listMaintenance,
} from "../../../services/announcements/maintenanceWindows.ts";
import { serviceStatus } from "../../../services/announcements/serviceStatus.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { guardedErrors, IdParams, ClockMarkSchema as Mark } from "./supportSchemas.ts";

export interface AnnouncementRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
  publicUrl: string;
}

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const Instant = Type.String({
  format: "date-time",
  description: "ISO 8601 có múi giờ, ví dụ 2026-12-12T22:00:00+07:00",
});
const Phase = Type.Union([
  Type.Literal("upcoming"),
  Type.Literal("active"),
  Type.Literal("ended"),
  Type.Literal("cancelled"),
]);

const Maintenance = Type.Object({
  id: Type.String(),
  title: Type.String(),
  message: Type.String(),
  announcedAt: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  restrictWrites: Type.Boolean(),
  cancelledAt: Nullable(Type.String()),
  phase: Phase,
});
const Incident = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  startedAt: Type.String(),
  responseDueAt: Type.String(),
  fixDueAt: Type.String(),
  respondedAt: Nullable(Type.String()),
  response: Nullable(Type.String()),
  estimatedFixAt: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
  resolution: Nullable(Type.String()),
  responseMark: Mark,
  fixMark: Mark,
});
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: "\\S" });

/** Maintenance is announced by the system administrator; incidents are handled by it and by support staff. */
const MAINTENANCE_ROLES = ["system_admin"] as const;
const INCIDENT_ROLES = ["support_staff", "system_admin"] as const;

/**
 * Service announcements (issue #17, R-OPS-2, R-OPS-3): the public status page and banner data, planned maintenance
 * announced 5 working days ahead (and sent to officers by e-mail), incidents with their reply and fix clocks.
 */
export const announcementRoutes: FastifyPluginAsyncTypebox<AnnouncementRouteOptions> = async (
  app,
  options,
) => {
  const { db, clock } = options;

  app.get(
    "/public/service-status",
    {
      schema: {
        tags: ["operations"],
        summary: "Trạng thái hệ thống: bảo trì theo kế hoạch, sự cố đang xử lý và gần đây",
        response: {
          200: Type.Object({
            bannerMaintenance: Type.Array(Maintenance),
            openIncidents: Type.Array(Incident),
            maintenanceActive: Type.Boolean(),
            maintenance: Type.Array(Maintenance),
            incidents: Type.Array(Incident),
          }),
        },
      },
    },
    async (_request, reply) => {
      reply.header("cache-control", "no-store");
      return serviceStatus(db, clock());
    },
  );

  app.get(
    "/admin/maintenance",
    {
      preHandler: requireRole(MAINTENANCE_ROLES),
      schema: {
        tags: ["admin"],
        summary: "Các lịch bảo trì đã thông báo",
        response: { 200: Type.Array(Maintenance), ...guardedErrors },
      },
    },
    async () => listMaintenance(db, clock()),
  );

  app.post(
    "/admin/maintenance",
    {
      preHandler: requireRole(MAINTENANCE_ROLES),
      schema: {
        tags: ["admin"],
        summary: "Thông báo bảo trì theo kế hoạch (trước ít nhất 5 ngày làm việc), gửi thư cho cán bộ",
        body: Type.Object(
          {
            title: Text(200),
            message: Text(4000),
            startsAt: Instant,
            endsAt: Instant,
            restrictWrites: Type.Optional(Type.Boolean({ default: true })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Maintenance, ...guardedErrors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const window = await announceMaintenance(db, {
        actor: actorFrom(request),
        input: {
          title: body.title,
          message: body.message,
          startsAt: new Date(body.startsAt),
          endsAt: new Date(body.endsAt),
          restrictWrites: body.restrictWrites ?? true,
        },
        now: clock(),
        publicUrl: options.publicUrl,
      });
      return reply.status(201).send(window);
    },
  );

  app.post(
    "/admin/maintenance/:id/cancel",
    {
      preHandler: requireRole(MAINTENANCE_ROLES),
      schema: {
        tags: ["admin"],
        summary: "Hủy lịch bảo trì chưa kết thúc",
        params: IdParams,
        response: { 200: Maintenance, ...guardedErrors },
      },
    },
    async (request) => cancelMaintenance(db, { id: request.params.id, now: clock() }),
  );

  app.get(
    "/admin/incidents",
    {
      preHandler: requireRole(INCIDENT_ROLES),
      schema: {
        tags: ["admin"],
        summary: "Các sự cố với hạn phản hồi (4 giờ) và hạn khắc phục (8 giờ làm việc)",
        response: { 200: Type.Array(Incident), ...guardedErrors },
      },
    },
    async () => listIncidents(db, clock()),
  );

  app.post(
    "/admin/incidents",
    {
      preHandler: requireRole(INCIDENT_ROLES),
      schema: {
        tags: ["admin"],
        summary: "Ghi nhận sự cố",
        body: Type.Object(
          { title: Text(200), description: Text(4000), startedAt: Type.Optional(Instant) },
          { additionalProperties: false },
        ),
        response: { 201: Incident, ...guardedErrors },
      },
    },
    async (request, reply) => {
      const incident = await recordIncident(db, {
        actor: actorFrom(request),
        title: request.body.title,
        description: request.body.description,
        startedAt: request.body.startedAt ? new Date(request.body.startedAt) : undefined,
        now: clock(),
      });
      return reply.status(201).send(incident);
    },
  );

  app.post(
    "/admin/incidents/:id/respond",
    {
      preHandler: requireRole(INCIDENT_ROLES),
      schema: {
        tags: ["admin"],
        summary: "Phản hồi sự cố với thời gian dự kiến khắc phục",
        params: IdParams,
        body: Type.Object({ response: Text(4000), estimatedFixAt: Instant }, { additionalProperties: false }),
        response: { 200: Incident, ...guardedErrors },
      },
    },
    async (request) =>
      respondToIncident(db, {
        id: request.params.id,
        response: request.body.response,
        estimatedFixAt: new Date(request.body.estimatedFixAt),
        now: clock(),
      }),
  );

  app.post(
    "/admin/incidents/:id/resolve",
    {
      preHandler: requireRole(INCIDENT_ROLES),
      schema: {
        tags: ["admin"],
        summary: "Đánh dấu sự cố đã khắc phục",
        params: IdParams,
        body: Type.Object({ resolution: Text(4000) }, { additionalProperties: false }),
        response: { 200: Incident, ...guardedErrors },
      },
    },
    async (request) =>
      resolveIncident(db, { id: request.params.id, resolution: request.body.resolution, now: clock() }),
  );
};
