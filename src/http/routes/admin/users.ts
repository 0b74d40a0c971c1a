import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Role } from "../../../db/schema.ts";
import {
  createOfficer,
  grantRole,
  listAdminUsers,
  resetPassword,
  revokeRole,
  setUserActive,
} from "../../../services/admin/users.ts";
import { type AdminRouteContext, adminGuard, adminOf } from "./adminConsole.ts";
import { adminErrors, Created, Id, IdParams, NoContent, Nullable, Obj, tags } from "./adminSchemas.ts";

const officerRoles = [
  "counter_officer",
  "specialist",
  "unit_head",
  "agency_leader",
  "agency_admin",
  "service_center_monitor",
  "support_staff",
  "postal_staff",
  "system_admin",
] as const;
const RoleSchema = Type.Union(officerRoles.map((r) => Type.Literal(r)));
const Grant = Obj({ role: RoleSchema, agencyId: Nullable(Id), unitId: Type.Optional(Nullable(Id)) });
const Password = Type.String({ minLength: 1, maxLength: 200 });
const User = Type.Object({
  id: Type.String(),
  username: Type.String(),
  fullName: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  isActive: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  grants: Type.Array(
    Type.Object({
      id: Type.String(),
      role: Type.String(),
      agencyId: Nullable(Type.String()),
      agencyName: Nullable(Type.String()),
      unitId: Nullable(Type.String()),
      unitName: Nullable(Type.String()),
    }),
  ),
});
const toGrant = (grant: { role: string; agencyId: string | null; unitId?: string | null | undefined }) => ({
  role: grant.role as Role,
  agencyId: grant.agencyId,
  unitId: grant.unitId ?? null,
});

/**
 * Officer accounts (issue #6, R-ACC-2): create with a temporary password changed at first login, deactivate and
 * reactivate, reset the password, grant and revoke roles within the administrator's agencies.
 */
export const adminUserRoutes: FastifyPluginAsyncTypebox<AdminRouteContext> = async (app, { db, clock }) => {
  app.get(
    "/admin/users",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Tài khoản cán bộ được quản trị",
        querystring: Type.Object({
          agencyId: Type.Optional(Id),
          q: Type.Optional(Type.String({ maxLength: 100 })),
        }),
        response: { 200: Type.Array(User), ...adminErrors },
      },
    },
    async (request) => listAdminUsers(db, adminOf(request).scope, request.query),
  );

  app.post(
    "/admin/users",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Tạo tài khoản cán bộ (đổi mật khẩu ở lần đăng nhập đầu)",
        body: Obj({
          username: Type.String({ minLength: 1, maxLength: 60 }),
          fullName: Type.String({ minLength: 1, maxLength: 200, pattern: "\\S" }),
          email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
          phone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
          password: Password,
          grants: Type.Array(Grant, { maxItems: 20 }),
        }),
        response: { 201: Created, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      const body = request.body;
      const created = await createOfficer(
        db,
        actor,
        scope,
        { ...body, grants: body.grants.map(toGrant) },
        clock(),
      );
      return reply.status(201).send(created);
    },
  );

  app.post(
    "/admin/users/:id/deactivate",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Khóa tài khoản",
        params: IdParams,
        response: { 204: NoContent, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      await setUserActive(db, actor, scope, request.params.id, false, clock());
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/admin/users/:id/activate",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Mở lại tài khoản",
        params: IdParams,
        response: { 204: NoContent, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      await setUserActive(db, actor, scope, request.params.id, true, clock());
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/admin/users/:id/reset-password",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Đặt lại mật khẩu tạm (đổi ở lần đăng nhập tiếp theo)",
        params: IdParams,
        body: Obj({ password: Password }),
        response: { 204: NoContent, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      await resetPassword(db, actor, scope, request.params.id, request.body.password, clock());
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/admin/users/:id/grants",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Cấp vai trò trong cơ quan, đơn vị",
        params: IdParams,
        body: Grant,
        response: { 201: Created, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      const created = await grantRole(db, actor, scope, request.params.id, toGrant(request.body), clock());
      return reply.status(201).send(created);
    },
  );

  app.delete(
    "/admin/users/:id/grants/:grantId",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Thu hồi vai trò",
        params: Type.Object({ id: Id, grantId: Id }),
        response: { 204: NoContent, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      await revokeRole(db, actor, scope, request.params.id, request.params.grantId, clock());
      return reply.status(204).send(null);
    },
  );
};
