import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import {
  createAgency,
  createUnit,
  listAdminAgencies,
  updateAgency,
  updateUnit,
} from "../../../services/admin/agencies.ts";
import { AgencyCode } from "../../schemas/common.ts";
import { type AdminRouteContext, adminGuard, adminOf } from "./adminConsole.ts";
import {
  adminErrors,
  Created,
  Id,
  IdParams,
  NoContent,
  Nullable,
  Obj,
  tags,
  WorkingIntervals,
} from "./adminSchemas.ts";

const Level = Type.Union(["province", "department", "commune", "other"].map((l) => Type.Literal(l)));
const UnitKind = Type.Union(["counter", "professional", "leadership", "other"].map((k) => Type.Literal(k)));
const Name = Type.String({ minLength: 1, maxLength: 300, pattern: "\\S" });
const Optional = (max: number) => Type.Optional(Nullable(Type.String({ maxLength: max })));
const agencyFields = {
  name: Name,
  shortName: Optional(100),
  address: Optional(300),
  phone: Optional(30),
  email: Optional(254),
  workingIntervals: Type.Optional(Nullable(WorkingIntervals)),
};
const Unit = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
});
const Agency = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  shortName: Nullable(Type.String()),
  level: Type.String(),
  parentId: Nullable(Type.String()),
  address: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  workingIntervals: Nullable(Type.Array(Type.Object({ start: Type.String(), end: Type.String() }))),
  units: Type.Array(Unit),
});
const UnitCode = Type.String({ minLength: 1, maxLength: 40, pattern: "^[A-Za-z0-9_.-]+$" });

/** Agencies and units (issue #6): the tree in scope; agencies created by the system administrator. */
export const adminAgencyRoutes: FastifyPluginAsyncTypebox<AdminRouteContext> = async (app, { db, clock }) => {
  app.get(
    "/admin/agencies",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Cơ quan, đơn vị được quản trị",
        response: { 200: Type.Array(Agency), ...adminErrors },
      },
    },
    async (request) => listAdminAgencies(db, adminOf(request).scope),
  );

  app.post(
    "/admin/agencies",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Thêm cơ quan (quản trị hệ thống)",
        body: Obj({ ...agencyFields, code: AgencyCode, level: Level, parentId: Type.Optional(Nullable(Id)) }),
        response: { 201: Created, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      const body = request.body;
      const created = await createAgency(
        db,
        actor,
        scope,
        { ...body, level: body.level as "province" | "department" | "commune" | "other" },
        clock(),
      );
      return reply.status(201).send(created);
    },
  );

  app.put(
    "/admin/agencies/:id",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Sửa thông tin, giờ làm việc của cơ quan (R-CAL-4)",
        params: IdParams,
        body: Obj(agencyFields),
        response: { 204: NoContent, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      await updateAgency(db, actor, scope, request.params.id, request.body, clock());
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/admin/agencies/:id/units",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Thêm đơn vị vào cơ quan",
        params: IdParams,
        body: Obj({ code: UnitCode, name: Name, kind: UnitKind }),
        response: { 201: Created, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      const body = request.body;
      const created = await createUnit(
        db,
        actor,
        scope,
        request.params.id,
        { ...body, kind: body.kind as "counter" | "professional" | "leadership" | "other" },
        clock(),
      );
      return reply.status(201).send(created);
    },
  );

  app.put(
    "/admin/units/:id",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Sửa tên, loại đơn vị",
        params: IdParams,
        body: Obj({ name: Name, kind: UnitKind }),
        response: { 204: NoContent, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      const body = request.body;
      await updateUnit(
        db,
        actor,
        scope,
        request.params.id,
        { name: body.name, kind: body.kind as "counter" | "professional" | "leadership" | "other" },
        clock(),
      );
      return reply.status(204).send(null);
    },
  );
};
