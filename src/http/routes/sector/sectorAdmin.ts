import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import {
  listSectorSystems,
  registerSectorSystem,
  setSectorSystemEnabled,
} from "../../../services/sector/sectorSystems.ts";
import { adminGuard, adminOf } from "../admin/adminConsole.ts";
import { adminErrors, Id, IdParams, Nullable, Obj, tags } from "../admin/adminSchemas.ts";

export interface SectorAdminRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
  /** MFA_ENCRYPTION_KEY: seals the systems' HMAC secrets at rest. */
  sealKey: string | undefined;
}

const Kind = Type.Union([
  Type.Literal("civil_status"),
  Type.Literal("land"),
  Type.Literal("business_registration"),
  Type.Literal("other"),
]);

const SectorSystem = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
  kind: Kind,
  apiKeyHint: Type.String(),
  procedureCodes: Type.Array(Type.String()),
  agencies: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() })),
  enabled: Type.Boolean(),
  createdAt: Type.String(),
  lastCallAt: Nullable(Type.String()),
  dossierCount: Type.Integer(),
  lastCalls: Type.Array(
    Type.Object({
      receivedAt: Type.String(),
      reportId: Nullable(Type.String()),
      dossierCode: Nullable(Type.String()),
      httpStatus: Type.Integer(),
      outcome: Type.String(),
    }),
  ),
});

const Registered = Type.Object({
  id: Id,
  code: Type.String(),
  apiKey: Type.String({ description: "Chỉ hiển thị một lần" }),
  hmacSecret: Type.String({ description: "Chỉ hiển thị một lần" }),
});

/**
 * The sector systems in the admin console (issue #18, R-STATUS-4): the system administrator registers a system
 * (its key and HMAC secret shown once), enables or disables it, and sees its last calls.
 */
export const sectorAdminRoutes: FastifyPluginAsyncTypebox<SectorAdminRouteOptions> = async (app, options) => {
  const { db, clock } = options;
  app.get(
    "/admin/sector-systems",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Các hệ thống chuyên ngành kết nối và các lần gọi gần nhất",
        response: { 200: Type.Object({ items: Type.Array(SectorSystem) }), ...adminErrors },
      },
    },
    async (request) => ({ items: await listSectorSystems(db, { scope: adminOf(request).scope }) }),
  );

  app.post(
    "/admin/sector-systems",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Đăng ký hệ thống chuyên ngành (khóa API và khóa HMAC chỉ hiển thị một lần)",
        body: Obj({
          code: Type.String({ pattern: "^[a-z0-9][a-z0-9_-]{1,39}$" }),
          name: Type.String({ minLength: 1, maxLength: 200 }),
          kind: Kind,
          procedureCodes: Type.Array(Type.String({ pattern: "^[0-9]\\.[0-9]{6}$" }), {
            minItems: 1,
            maxItems: 200,
          }),
          agencyCodes: Type.Array(Type.String({ minLength: 1, maxLength: 40, pattern: "^\\S+$" }), {
            minItems: 1,
            maxItems: 500,
          }),
        }),
        response: { 201: Registered, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      const registered = await registerSectorSystem(db, {
        actor,
        scope,
        now: clock(),
        sealKey: options.sealKey,
        ...request.body,
      });
      return reply.status(201).send(registered);
    },
  );

  app.post(
    "/admin/sector-systems/:id/enabled",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Bật hoặc tắt kết nối của hệ thống chuyên ngành",
        params: IdParams,
        body: Obj({ enabled: Type.Boolean() }),
        response: { 204: Type.Null(), ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      await setSectorSystemEnabled(db, {
        actor,
        scope,
        now: clock(),
        id: request.params.id,
        enabled: request.body.enabled,
      });
      return reply.status(204).send(null);
    },
  );
};
