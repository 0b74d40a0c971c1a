import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../../db/schema.ts";
import { getPreferences, savePreferences } from "../../../services/notifications/preferences.ts";
import { actorFrom, requireActor } from "../../plugins/auth.ts";
import { ErrorResponse } from "../../schemas/common.ts";

export interface NotificationPreferenceRouteOptions {
  db: Kysely<Database>;
  clock: () => Date;
}

const Choices = {
  email: Type.Boolean({ description: "Nhận thông báo qua thư điện tử" }),
  sms: Type.Boolean({ description: "Nhận thông báo qua tin nhắn SMS" }),
  social: Type.Boolean({ description: "Nhận thông báo qua mạng xã hội được phép" }),
  socialHandle: Type.Union([Type.String({ maxLength: 100 }), Type.Null()], {
    description: "Tài khoản trên mạng xã hội (bắt buộc khi bật kênh này)",
  }),
  zalo: Type.Optional(
    Type.Boolean({
      description:
        "Gửi thông báo về hồ sơ của tài khoản tới người theo dõi hồ sơ trên kênh nhắn tin của tỉnh (mặc định bật)",
    }),
  ),
  language: Type.Union([Type.Literal("vi"), Type.Literal("en")], { description: "Ngôn ngữ của thông báo" }),
};

const PreferencesBody = Type.Object(Choices, { additionalProperties: false });

const PreferencesView = Type.Object({
  ...Choices,
  emailAddress: Type.Union([Type.String(), Type.Null()], { description: "Địa chỉ nhận thư (của tài khoản)" }),
  phone: Type.Union([Type.String(), Type.Null()], {
    description: "Số điện thoại nhận tin nhắn (của tài khoản)",
  }),
});

/**
 * Each user's own notification channels (R-LOOK-3): `GET|PUT /api/account/notification-preferences`. Any logged-in
 * account — applicants and officers alike — reads and sets only its own; there is no way to name another user.
 */
export const notificationPreferenceRoutes: FastifyPluginAsyncTypebox<
  NotificationPreferenceRouteOptions
> = async (app, options) => {
  app.get(
    "/account/notification-preferences",
    {
      preValidation: requireActor(),
      schema: {
        tags: ["auth"],
        summary: "Kênh nhận thông báo của tài khoản đang đăng nhập",
        response: { 200: PreferencesView, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => getPreferences(options.db, actorFrom(request).userId),
  );

  app.put(
    "/account/notification-preferences",
    {
      preValidation: requireActor(),
      schema: {
        tags: ["auth"],
        summary: "Chọn kênh nhận thông báo (thư điện tử, SMS, mạng xã hội) và ngôn ngữ",
        body: PreferencesBody,
        response: {
          200: PreferencesView,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request) => savePreferences(options.db, actorFrom(request).userId, request.body, options.clock()),
  );
};
