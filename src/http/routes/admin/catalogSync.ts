import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { requireSystemAdmin } from "../../../services/admin/adminScope.ts";
import {
  closeCatalogDuty,
  listCatalogChanges,
  listCatalogPulls,
} from "../../../services/catalogSync/catalogDuties.ts";
import { type CatalogSource, pullCatalog } from "../../../services/catalogSync/pullCatalog.ts";
import { ConflictError } from "../../../services/errors.ts";
import { adminGuard, adminOf } from "./adminConsole.ts";
import { adminErrors, Id, IdParams, Nullable, Obj, tags } from "./adminSchemas.ts";

export interface CatalogSyncRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
  /** The national procedure database (DVCQG_CATALOG_URL or the simulator's); undefined = "pull now" answers 409. */
  catalogSource: () => CatalogSource | undefined;
}

const Localized = Type.Object({ vi: Type.String(), en: Type.String() });
const Pull = Type.Object({
  id: Id,
  sourceUrl: Type.String(),
  startedAt: Type.String(),
  outcome: Type.Union([Type.Literal("succeeded"), Type.Literal("failed")]),
  error: Nullable(Type.String()),
  received: Type.Integer(),
  added: Type.Integer(),
  changed: Type.Integer(),
  withdrawn: Type.Integer(),
  restored: Type.Integer(),
  rejected: Type.Array(
    Type.Object({ row: Type.Integer(), code: Nullable(Type.String()), reasons: Type.Array(Localized) }),
  ),
});
const Duty = Type.Object({
  id: Id,
  agency: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  dueAt: Type.String(),
  remainingWorkingHours: Nullable(Type.Number()),
  closedAt: Nullable(Type.String()),
  closedBy: Nullable(Type.String()),
  note: Nullable(Type.String()),
});
const Change = Type.Object({
  id: Id,
  pullId: Id,
  procedureCode: Type.String(),
  procedureName: Type.String(),
  kind: Type.Union([
    Type.Literal("added"),
    Type.Literal("changed"),
    Type.Literal("withdrawn"),
    Type.Literal("restored"),
  ]),
  fields: Type.Array(Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
  detectedAt: Type.String(),
  duties: Type.Array(Duty),
});

/**
 * The catalog kept in step with the national procedure database (issue #13, R-SYNC-6, R-CAT-1), in the admin
 * console: the pulls, what each changed per procedure, and the 5-working-day duties of the administrator's agencies
 * with their countdown, closed when the offerings and workflows are updated. A pull on demand is the system
 * administrator's.
 */
export const catalogSyncRoutes: FastifyPluginAsyncTypebox<CatalogSyncRouteOptions> = async (app, options) => {
  const { db, clock } = options;
  app.get(
    "/admin/catalog/pulls",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Các lần lấy danh mục từ CSDL quốc gia về TTHC",
        response: { 200: Type.Object({ items: Type.Array(Pull) }), ...adminErrors },
      },
    },
    async () => ({ items: await listCatalogPulls(db) }),
  );

  app.get(
    "/admin/catalog/changes",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Thay đổi danh mục thủ tục và nhiệm vụ cập nhật trong 5 ngày làm việc",
        querystring: Type.Object({
          pullId: Type.Optional(Id),
          open: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Type.Object({ items: Type.Array(Change) }), ...adminErrors },
      },
    },
    async (request) => ({
      items: await listCatalogChanges(db, adminOf(request).scope, {
        now: clock(),
        pullId: request.query.pullId,
        open: request.query.open,
      }),
    }),
  );

  app.post(
    "/admin/catalog/duties/:id/close",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Đánh dấu đã cập nhật thủ tục, quy trình theo thay đổi danh mục",
        params: IdParams,
        body: Obj({ note: Type.Optional(Type.String({ maxLength: 1000 })) }),
        response: { 204: Type.Null(), ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      await closeCatalogDuty(db, {
        actor,
        scope,
        dutyId: request.params.id,
        note: request.body.note,
        now: clock(),
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/admin/catalog/pull",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Lấy danh mục từ CSDL quốc gia về TTHC ngay",
        body: Obj({}),
        response: { 200: Pull, ...adminErrors },
      },
    },
    async (request) => {
      requireSystemAdmin(adminOf(request).scope);
      const source = options.catalogSource();
      if (!source)
        throw new ConflictError("CATALOG_SOURCE_NOT_CONFIGURED", {
          vi: "Chưa cấu hình địa chỉ CSDL quốc gia về TTHC (DVCQG_CATALOG_URL)",
          en: "The national procedure database address (DVCQG_CATALOG_URL) is not configured",
        });
      const report = await pullCatalog(db, { source, now: clock() });
      const [pull] = (await listCatalogPulls(db, 50)).filter((item) => item.id === report.pullId);
      return pull!;
    },
  );
};
