import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { parseReportPeriod, REPORT_PERIOD_PATTERN } from "../../../domain/operations/reportPeriod.ts";
import type { SupportTargets } from "../../../domain/operations/supportTickets.ts";
import { UnprocessableError } from "../../../services/errors.ts";
import { createSupportTicket } from "../../../services/support/createSupportTicket.ts";
import {
  getSupportTicket,
  listOwnSupportTickets,
  listSupportStaff,
  listSupportTickets,
} from "../../../services/support/listSupportTickets.ts";
import { supportReport, supportReportCsv } from "../../../services/support/supportReport.ts";
import { SUPPORT_DESK_ROLES } from "../../../services/support/supportSettings.ts";
import { updateSupportTicket } from "../../../services/support/updateSupportTicket.ts";
import { actorFrom, requireActor, requireRole } from "../../plugins/auth.ts";
import { ErrorResponse } from "../../schemas/common.ts";
import {
  guardedErrors,
  IdParams,
  SupportReportSchema,
  SupportRequestBody,
  SupportTicket,
  SupportTicketDetail,
  TicketStatusSchema,
  TicketUpdateBody,
} from "./supportSchemas.ts";

export interface SupportRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
  targets: SupportTargets;
  /** Support requests per minute per client from the anonymous form (PUBLIC_RATE_LIMIT_PER_MINUTE). */
  rateLimitPerMinute: number;
}

const tags = ["support"];

/**
 * Support (issue #17, R-OPS-4): anyone sends a request from any page; a signed-in requester follows their own; support
 * staff (and the system administrator) run the desk: list with overdue marks, handle, log hotline calls, and report
 * per quarter or half-year. Support staff work province-wide, so the desk has no agency scope to narrow.
 */
export const supportRoutes: FastifyPluginAsyncTypebox<SupportRouteOptions> = async (app, options) => {
  const { db, clock } = options;
  const limit = app.rateLimit({ max: options.rateLimitPerMinute, timeWindow: "1 minute" });
  const desk = requireRole(SUPPORT_DESK_ROLES);

  app.post(
    "/support/tickets",
    {
      onRequest: limit,
      schema: {
        tags,
        summary:
          "Gửi yêu cầu hỗ trợ từ bất kỳ trang nào (không cần đăng nhập: để lại số điện thoại hoặc thư điện tử)",
        body: SupportRequestBody,
        response: { 201: SupportTicket, 400: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const ticket = await createSupportTicket(db, {
        actor: request.actor ?? null,
        channel: "web",
        input: request.body,
        targets: options.targets,
        now: clock(),
      });
      return reply.status(201).send(ticket);
    },
  );

  app.get(
    "/support/tickets/mine",
    {
      preHandler: requireActor(),
      schema: {
        tags,
        summary: "Các yêu cầu hỗ trợ của chính người đăng nhập",
        response: { 200: Type.Array(SupportTicket), 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => listOwnSupportTickets(db, { actor: actorFrom(request), now: clock() }),
  );

  app.get(
    "/support/tickets/:id",
    {
      preHandler: requireActor(),
      schema: {
        tags,
        summary: "Một yêu cầu hỗ trợ với lịch sử xử lý (người gửi, bộ phận hỗ trợ)",
        params: IdParams,
        response: { 200: SupportTicketDetail, ...guardedErrors },
      },
    },
    async (request) =>
      getSupportTicket(db, { actor: actorFrom(request), ticketId: request.params.id, now: clock() }),
  );

  app.get(
    "/support/desk/tickets",
    {
      preHandler: desk,
      schema: {
        tags,
        summary: "Danh sách yêu cầu hỗ trợ với hạn phản hồi, hạn giải quyết và đánh dấu quá hạn",
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Union([TicketStatusSchema, Type.Literal("open")])),
            assignedToMe: Type.Optional(Type.Boolean()),
            overdueOnly: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(SupportTicket), ...guardedErrors },
      },
    },
    async (request) =>
      listSupportTickets(db, { actor: actorFrom(request), filter: request.query, now: clock() }),
  );

  app.post(
    "/support/desk/tickets/:id",
    {
      preHandler: desk,
      schema: {
        tags,
        summary: "Xử lý yêu cầu hỗ trợ: trạng thái, người xử lý, ghi chú",
        params: IdParams,
        body: TicketUpdateBody,
        response: { 200: SupportTicket, ...guardedErrors },
      },
    },
    async (request) =>
      updateSupportTicket(db, {
        actor: actorFrom(request),
        ticketId: request.params.id,
        update: request.body,
        now: clock(),
      }),
  );

  app.post(
    "/support/desk/hotline",
    {
      preHandler: desk,
      schema: {
        tags,
        summary: "Ghi nhận cuộc gọi đường dây nóng thành yêu cầu hỗ trợ",
        body: SupportRequestBody,
        response: { 201: SupportTicket, ...guardedErrors },
      },
    },
    async (request, reply) => {
      const ticket = await createSupportTicket(db, {
        actor: actorFrom(request),
        channel: "hotline",
        input: request.body,
        targets: options.targets,
        now: clock(),
      });
      return reply.status(201).send(ticket);
    },
  );

  app.get(
    "/support/desk/staff",
    {
      preHandler: desk,
      schema: {
        tags,
        summary: "Cán bộ hỗ trợ có thể được giao xử lý",
        response: {
          200: Type.Array(Type.Object({ id: Type.String(), fullName: Type.String() })),
          ...guardedErrors,
        },
      },
    },
    async () => listSupportStaff(db),
  );

  const ReportQuery = Type.Object(
    { period: Type.String({ pattern: REPORT_PERIOD_PATTERN, description: "2026-Q1…Q4, 2026-H1, H2" }) },
    { additionalProperties: false },
  );
  const reportOf = async (code: string) => {
    const parsed = parseReportPeriod(code);
    if (!parsed.ok) throw new UnprocessableError(parsed.refusal.code, parsed.refusal.message);
    return supportReport(db, { period: parsed.period, now: clock() });
  };

  app.get(
    "/support/desk/report",
    {
      preHandler: desk,
      schema: {
        tags,
        summary: "Báo cáo hỗ trợ theo quý hoặc 6 tháng: theo kênh, trạng thái, chủ đề; tỷ lệ đúng hạn",
        querystring: ReportQuery,
        response: { 200: SupportReportSchema, ...guardedErrors },
      },
    },
    async (request) => reportOf(request.query.period),
  );

  app.get(
    "/support/desk/report.csv",
    {
      preHandler: desk,
      schema: {
        tags,
        summary: "Báo cáo hỗ trợ theo quý hoặc 6 tháng, tệp CSV",
        querystring: ReportQuery,
        response: { 200: Type.Unknown({ description: "text/csv" }), ...guardedErrors },
      },
    },
    async (request, reply) => {
      const csv = await supportReportCsv(await reportOf(request.query.period));
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="bao-cao-ho-tro-${request.query.period}.csv"`)
        .send(csv);
    },
  );
};
