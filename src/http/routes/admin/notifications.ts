import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { officerRoles } from "../../../services/accounts/actor.ts";
import { assertCanSee } from "../../../services/dossiers/dossierAccess.ts";
import { findDossier } from "../../../services/dossiers/dossierStore.ts";
import { dossierNotFound } from "../../../services/dossiers/runDossierCommand.ts";
import { NotFoundError } from "../../../services/errors.ts";
import {
  dossierDeliveryLog,
  listDeadLetters,
  retryDeadLetter,
} from "../../../services/notifications/deadLetters.ts";
import type { RunningSimulators } from "../../../services/notifications/notificationPorts.ts";
import { actorFrom, requireRole } from "../../plugins/auth.ts";
import { ErrorResponse } from "../../schemas/common.ts";

export interface NotificationAdminRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
  /** The loopback simulators this process runs in place of unconfigured gateways (development); none in production. */
  simulators?: RunningSimulators | undefined;
}

const Instant = Type.Union([Type.String({ format: "date-time" }), Type.Null()]);

export const NotificationView = Type.Object({
  id: Type.String({ format: "uuid" }),
  dossierId: Type.Union([Type.String({ format: "uuid" }), Type.Null()]),
  dossierCode: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String(),
  channel: Type.Union([
    Type.Literal("email"),
    Type.Literal("sms"),
    Type.Literal("social"),
    Type.Literal("zalo"),
  ]),
  address: Type.String(),
  subject: Type.Union([Type.String(), Type.Null()]),
  body: Type.String(),
  status: Type.Union([Type.Literal("pending"), Type.Literal("sent"), Type.Literal("dead")]),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: "date-time" }),
  sentAt: Instant,
  deadAt: Instant,
});

const errors = { 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

const SimulatedMessage = Type.Object({
  channel: Type.Union([Type.Literal("email"), Type.Literal("sms"), Type.Literal("social")]),
  to: Type.String(),
  subject: Type.Union([Type.String(), Type.Null()]),
  text: Type.String(),
  messageId: Type.Union([Type.String(), Type.Null()]),
  receivedAt: Type.String({ format: "date-time" }),
});

/**
 * Notification administration (issue #7): the dead letters and their retry — the system administrator sees all, an
 * agency administrator those of their agencies' dossiers (another agency's answers 404) —, each dossier's delivery
 * log for the officers who may see the dossier, and in development what the loopback simulators received.
 */
export const notificationAdminRoutes: FastifyPluginAsyncTypebox<NotificationAdminRouteOptions> = async (
  app,
  options,
) => {
  const admins = requireRole(["agency_admin", "system_admin"]);

  app.get(
    "/admin/notifications/dead-letters",
    {
      preValidation: admins,
      schema: {
        tags: ["admin"],
        summary: "Thông báo gửi thất bại (đã hết số lần thử)",
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
        }),
        response: {
          200: Type.Object({ items: Type.Array(NotificationView), total: Type.Integer() }),
          400: ErrorResponse,
          ...errors,
        },
      },
    },
    async (request) => listDeadLetters(options.db, actorFrom(request), request.query),
  );

  app.post(
    "/admin/notifications/:id/retry",
    {
      preValidation: admins,
      schema: {
        tags: ["admin"],
        summary: "Gửi lại một thông báo thất bại",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        response: { 200: NotificationView, 400: ErrorResponse, 409: ErrorResponse, ...errors },
      },
    },
    async (request) => retryDeadLetter(options.db, actorFrom(request), request.params.id, options.clock()),
  );

  app.get(
    "/office/dossiers/:id/notifications",
    {
      preValidation: requireRole(officerRoles),
      schema: {
        tags: ["office"],
        summary: "Nhật ký gửi thông báo của hồ sơ",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        response: { 200: Type.Array(NotificationView), 400: ErrorResponse, ...errors },
      },
    },
    async (request) => {
      const record = await findDossier(options.db, request.params.id);
      if (!record) throw dossierNotFound();
      assertCanSee(actorFrom(request), record.row);
      return dossierDeliveryLog(options.db, record.row.id);
    },
  );

  app.get(
    "/admin/notifications/simulated",
    {
      preValidation: requireRole(["system_admin"]),
      schema: {
        tags: ["admin"],
        summary:
          "Hộp thư mô phỏng (chỉ khi chạy thử): những gì các trình mô phỏng thư, SMS, mạng xã hội đã nhận",
        response: { 200: Type.Array(SimulatedMessage), ...errors },
      },
    },
    async () => {
      const simulators = options.simulators;
      if (!simulators || Object.keys(simulators).length === 0)
        throw new NotFoundError({
          vi: "Hệ thống đang gửi qua máy chủ thư và cổng tin nhắn thật; không có hộp thư mô phỏng",
          en: "Real mail and messaging gateways are configured; there is no simulated mailbox",
        });
      const emails = (simulators.email?.received() ?? []).map((mail) => ({
        channel: "email" as const,
        to: mail.envelopeTo.join(", "),
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        receivedAt: mail.receivedAt,
      }));
      const texts = (channel: "sms" | "social") =>
        (simulators[channel]?.received() ?? []).map((message) => ({
          channel,
          to: message.to,
          subject: null,
          text: message.text,
          messageId: message.idempotencyKey,
          receivedAt: message.receivedAt,
        }));
      return [...emails, ...texts("sms"), ...texts("social")].sort((a, b) =>
        b.receivedAt.localeCompare(a.receivedAt),
      );
    },
  );
};
