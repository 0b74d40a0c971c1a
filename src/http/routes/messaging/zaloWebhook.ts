import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import {
  isValidEventSignature,
  SIGNATURE_HEADER,
  type ZaloOaPort,
} from "../../../integrations/messaging/zaloOa.ts";
import type { FileStorage } from "../../../integrations/storage/fileStorage.ts";
import { UnauthenticatedError, ValidationError } from "../../../services/errors.ts";
import {
  handleMessagingEvent,
  type MessagingOptions,
} from "../../../services/messaging/handleMessagingEvent.ts";
import type { NotificationChannels } from "../../../services/notifications/channels.ts";
import { type DeliveryOptions, deliverNow } from "../../../services/notifications/deliverNotifications.ts";
import { ErrorResponse } from "../../schemas/common.ts";

export interface MessagingWebhookRouteOptions {
  db: Kysely<Database>;
  storage: FileStorage;
  clock: () => Date;
  /** The official account's port (replies, photos); without it, or without a secret, the webhook answers 503. */
  port: ZaloOaPort | undefined;
  /** ZALO_OA_APP_ID, ZALO_OA_WEBHOOK_SECRET, ZALO_OA_WEBHOOK_WINDOW_SECONDS. */
  webhook: { appId: string; secret: string | undefined; windowSeconds: number };
  /** The ports replies go out through at once (with `zalo`); without them replies wait for the dispatcher. */
  channels: NotificationChannels | undefined;
  messaging: MessagingOptions;
  delivery: DeliveryOptions;
}

const badSignature = () =>
  new UnauthenticatedError(
    {
      vi: "Thiếu hoặc sai chữ ký của nền tảng nhắn tin",
      en: "Missing or wrong messaging platform signature",
    },
    "INVALID_SIGNATURE",
  );

const staleEvent = () =>
  new UnauthenticatedError(
    {
      vi: "Sự kiện quá cũ hoặc thời điểm không hợp lệ (có thể là gửi lại trái phép)",
      en: "The event is too old or its timestamp is invalid (a possible replay)",
    },
    "STALE_EVENT",
  );

const EventBody = Type.Object(
  {
    app_id: Type.String({ minLength: 1, maxLength: 64, description: "Mã ứng dụng của tài khoản chính thức" }),
    event_name: Type.String({
      minLength: 1,
      maxLength: 64,
      description: "Loại sự kiện, ví dụ user_send_text",
    }),
    timestamp: Type.String({ pattern: "^[0-9]{10,16}$", description: "Thời điểm sự kiện (mili giây)" }),
    sender: Type.Object({ id: Type.String({ pattern: "^[A-Za-z0-9_-]{1,64}$" }) }),
    message: Type.Optional(
      Type.Object({
        msg_id: Type.String({ pattern: "^[A-Za-z0-9_.-]{1,100}$" }),
        text: Type.Optional(Type.String({ maxLength: 2000 })),
        attachments: Type.Optional(
          Type.Array(
            Type.Object({
              type: Type.String({ maxLength: 20 }),
              payload: Type.Optional(Type.Object({ url: Type.Optional(Type.String({ maxLength: 2000 })) })),
            }),
            { maxItems: 10 },
          ),
        ),
      }),
    ),
  },
  { description: "Sự kiện của nền tảng nhắn tin (các trường khác được bỏ qua)" },
);

/**
 * `POST /api/integration/messaging/zalo/webhook` (issue #18): the province's official account on the social-messaging
 * platform forwards what followers send. Public, but every event must carry the platform's signature
 * (X-ZEvent-Signature: `mac=` HMAC-SHA256 over app id + body + timestamp with the OA secret) and a timestamp within
 * ZALO_OA_WEBHOOK_WINDOW_SECONDS of now, so a captured event cannot be replayed later; an event id seen before is
 * answered once (the platform redelivers). Rate-limited as an integration route, and per follower per hour.
 */
export const messagingWebhookRoutes: FastifyPluginAsyncTypebox<MessagingWebhookRouteOptions> = async (
  app,
  options,
) => {
  const raw = new WeakMap<FastifyRequest, string>();
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    try {
      raw.set(request, body as string);
      done(null, JSON.parse(body as string));
    } catch {
      done(
        new ValidationError([
          { field: "", message: { vi: "Nội dung không phải JSON hợp lệ", en: "The body is not valid JSON" } },
        ]),
        undefined,
      );
    }
  });
  app.addHook("onRequest", async (request, reply) => {
    if (options.webhook.secret && options.port) return;
    return reply.status(503).send({
      error: {
        code: "NOT_CONFIGURED",
        message:
          request.language === "en"
            ? "The messaging channel is not configured on this system"
            : "Hệ thống chưa được cấu hình kênh nhắn tin",
      },
    });
  });
  // The signature is checked before the schema, so that nothing about the body is told to an unsigned caller.
  app.addHook("preValidation", async (request) => {
    const body = raw.get(request) ?? "";
    const parsed = (request.body ?? {}) as { app_id?: unknown; timestamp?: unknown };
    const timestamp = typeof parsed.timestamp === "string" ? parsed.timestamp : "";
    if (
      parsed.app_id !== options.webhook.appId ||
      !isValidEventSignature(
        options.webhook.secret ?? "",
        options.webhook.appId,
        body,
        timestamp,
        request.headers[SIGNATURE_HEADER],
      )
    )
      throw badSignature();
    const at = Number(timestamp);
    if (
      !Number.isFinite(at) ||
      Math.abs(options.clock().getTime() - at) > options.webhook.windowSeconds * 1000
    )
      throw staleEvent();
  });

  app.post(
    "/messaging/zalo/webhook",
    {
      schema: {
        tags: ["integration"],
        summary: "Nhận sự kiện từ tài khoản chính thức trên nền tảng nhắn tin",
        description:
          "Xác thực bằng tiêu đề X-ZEvent-Signature (mac=HMAC-SHA256 của app_id + nội dung + timestamp với khóa bí mật). Tin nhắn: `TRACUU <mã hồ sơ>`, `THEO DOI <mã hồ sơ> <4 số cuối>`, `BO THEO DOI <mã hồ sơ>`; ảnh giấy tờ cho hồ sơ đang được yêu cầu bổ sung.",
        body: EventBody,
        response: {
          200: Type.Object({
            outcome: Type.String({ description: "Kết quả xử lý tin nhắn" }),
            replied: Type.Boolean({ description: "Đã gửi (hoặc xếp hàng gửi) tin trả lời" }),
            repeated: Type.Boolean({ description: "Sự kiện này đã được nhận trước đó" }),
          }),
          400: ErrorResponse,
          401: ErrorResponse,
          503: ErrorResponse,
        },
      },
    },
    async (request) => {
      const body = request.body;
      const image = body.message?.attachments?.find((attachment) => attachment.type === "image");
      const result = await handleMessagingEvent(
        options.db,
        { storage: options.storage, port: options.port! },
        {
          eventId: body.message?.msg_id ?? `${body.event_name}-${body.sender.id}-${body.timestamp}`,
          eventName: body.event_name,
          followerId: body.sender.id,
          text: body.message?.text ?? "",
          imageUrl: image?.payload?.url,
        },
        options.clock(),
        options.messaging,
      );
      if (result.notificationId && options.channels?.zalo) {
        // The reply goes out now; a failure leaves it to the dispatcher's retries, not to the platform's.
        await deliverNow(
          options.db,
          options.channels,
          result.notificationId,
          options.clock,
          options.delivery,
        ).catch((error: unknown) => request.log.warn({ err: error }, "messaging reply not sent yet"));
      }
      return { outcome: result.outcome, replied: result.notificationId !== null, repeated: result.repeated };
    },
  );
};
