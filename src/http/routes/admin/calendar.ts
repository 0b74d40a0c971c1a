import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { getCalendarYear, resetCalendarYear, saveCalendarYear } from "../../../services/admin/calendar.ts";
import { type AdminRouteContext, adminGuard, adminOf } from "./adminConsole.ts";
import { adminErrors, NoContent, Nullable, Obj, tags } from "./adminSchemas.ts";

const YearParams = Type.Object({ year: Type.Integer({ minimum: 1900, maximum: 2199 }) });
const Day = Obj({
  date: Type.String({ pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", examples: ["2026-02-17"] }),
  name: Type.String({ minLength: 1, maxLength: 200, pattern: "\\S" }),
});
const YearView = Type.Object({
  year: Type.Integer(),
  overridden: Type.Boolean(),
  note: Type.String(),
  updatedAt: Nullable(Type.String()),
  holidays: Type.Array(Type.Object({ date: Type.String(), name: Type.String() })),
  makeupDays: Type.Array(Type.Object({ date: Type.String(), name: Type.String() })),
});

/** The working calendar (issue #6, R-CAL-2/3): a year's holidays and make-up days; hours are per agency. */
export const adminCalendarRoutes: FastifyPluginAsyncTypebox<AdminRouteContext> = async (
  app,
  { db, clock },
) => {
  app.get(
    "/admin/calendar/:year",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Ngày nghỉ lễ, ngày làm bù của một năm",
        params: YearParams,
        response: { 200: YearView, ...adminErrors },
      },
    },
    async (request) => getCalendarYear(db, request.params.year),
  );

  app.put(
    "/admin/calendar/:year",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Đặt ngày nghỉ lễ, ngày làm bù của năm theo thông báo của Chính phủ (quản trị hệ thống)",
        params: YearParams,
        body: Obj({
          note: Type.String({ maxLength: 500 }),
          holidays: Type.Array(Day, { maxItems: 60 }),
          makeupDays: Type.Array(Day, { maxItems: 20 }),
        }),
        response: { 204: NoContent, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      await saveCalendarYear(db, actor, scope, request.params.year, request.body, clock());
      return reply.status(204).send(null);
    },
  );

  app.delete(
    "/admin/calendar/:year",
    {
      preHandler: adminGuard,
      schema: {
        tags,
        summary: "Bỏ danh sách của năm, dùng lịch tính sẵn (quản trị hệ thống)",
        params: YearParams,
        response: { 204: NoContent, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { actor, scope } = adminOf(request);
      await resetCalendarYear(db, actor, scope, request.params.year, clock());
      return reply.status(204).send(null);
    },
  );
};
