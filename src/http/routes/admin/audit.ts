import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { listAdminAudit } from "../../../services/admin/auditLog.ts";
import { type AdminRouteContext, adminGuard, adminOf } from "./adminConsole.ts";
import { adminErrors, Nullable, tags } from "./adminSchemas.ts";

const Entry = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actor: Type.String(),
  agency: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  action: Type.String(),
  entity: Type.String(),
  entityId: Type.String(),
  summary: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
});

/** The admin audit log (issue #6): who changed what, when, before and after; newest first. */
export const adminAuditRoutes: FastifyPluginAsyncTypebox<AdminRouteContext> = async (app, { db }) => {
  app.get(
    "/admin/audit",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Nhật ký quản trị",
        querystring: Type.Object({
          entity: Type.Optional(Type.String({ maxLength: 40 })),
          entityId: Type.Optional(Type.String({ maxLength: 100 })),
          actor: Type.Optional(Type.String({ maxLength: 60 })),
          from: Type.Optional(Type.String({ format: "date-time" })),
          to: Type.Optional(Type.String({ format: "date-time" })),
          page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
          pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(Entry) }), ...adminErrors },
      },
    },
    async (request) => {
      const q = request.query;
      return listAdminAudit(db, adminOf(request).scope, {
        ...q,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
      });
    },
  );
};
