import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../db/schema.ts";
import type { AccountPolicy } from "../../services/accounts/accountPolicy.ts";
import type { SessionView } from "../../services/accounts/session.ts";
import {
  confirmMfaEnrolment,
  type MfaContext,
  mfaRequiredFor,
  mfaStatus,
  startMfaEnrolment,
} from "../../services/mfa/mfaEnrolment.ts";
import {
  completeMfaChallenge,
  holdForSecondFactor,
  MfaChallengeExpiredError,
} from "../../services/mfa/secondFactor.ts";
import { actorFrom, requireActor, sessionCookieName, sessionCookieOptions } from "../plugins/auth.ts";
import { ErrorResponse, errorResponses } from "../schemas/common.ts";

/** The cookie carrying a pending sign-in from its first factor to its code (never a session). */
export const mfaCookieName = "onestop_mfa";

export function mfaCookieOptions(secure: boolean) {
  return { ...sessionCookieOptions(secure), path: "/api/auth/mfa", maxAge: 300 };
}

/** POST /api/auth/login's answer when a code is owed before the session (issue #14). */
export const SecondStepOwed = Type.Object({
  mfaRequired: Type.Literal(true, {
    description: "Nhập mã xác thực (POST /api/auth/mfa/verify) để hoàn tất",
  }),
});

/**
 * After a right password: hands out the pending sign-in when the account has a second factor (true), or marks an
 * administrator's session as owing enrolment (issue #14).
 */
export async function holdForSecondStep(
  db: Kysely<Database>,
  reply: FastifyReply,
  session: SessionView,
  now: Date,
  options: { secureCookies: boolean; adminMfaRequired?: boolean },
): Promise<boolean> {
  const token = await holdForSecondFactor(
    db,
    {
      sessionId: session.sessionId,
      userId: session.actor.userId,
      mustChangePassword: session.mustChangePassword,
    },
    now,
  );
  if (token) {
    reply.setCookie(mfaCookieName, token, mfaCookieOptions(options.secureCookies));
    return true;
  }
  if (options.adminMfaRequired && mfaRequiredFor(session.actor, { adminRequired: true }))
    session.mfaEnrolmentRequired = true;
  return false;
}

const CodeBody = Type.Object(
  {
    code: Type.String({
      minLength: 1,
      maxLength: 20,
      description: "Mã 6 chữ số của ứng dụng xác thực, hoặc một mã khôi phục",
    }),
  },
  { additionalProperties: false },
);

const Status = Type.Object({
  enrolled: Type.Boolean(),
  required: Type.Boolean({ description: "Bắt buộc với tài khoản quản trị" }),
  confirmedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  recoveryCodesLeft: Type.Integer(),
});

export interface MfaRoutesOptions {
  db: Kysely<Database>;
  policy: AccountPolicy;
  secureCookies: boolean;
  loginRateLimitPerMinute: number;
  clock: () => Date;
  mfa: MfaContext;
}

/**
 * Officers' second factor (issue #14, RFC 6238): the code step of a sign-in (password or province SSO), and the
 * account's enrolment (QR code and secret once, confirmed by a first code, recovery codes shown once).
 */
export const mfaRoutes: FastifyPluginAsyncTypebox<MfaRoutesOptions> = async (app, options) => {
  const { db, clock, mfa } = options;
  const cookie = sessionCookieOptions(options.secureCookies);
  const pendingCookie = mfaCookieOptions(options.secureCookies);
  // Per client address, on top of the per-sign-in and per-account limits of the use case.
  const limited = { rateLimit: { max: options.loginRateLimitPerMinute, timeWindow: "1 minute" } };

  app.post(
    "/api/auth/mfa/verify",
    {
      config: limited,
      schema: {
        tags: ["auth"],
        summary: "Bước thứ hai của đăng nhập: mã xác thực 6 chữ số (hoặc mã khôi phục)",
        body: CodeBody,
        response: {
          200: Type.Object({
            returnTo: Type.Union([Type.String(), Type.Null()], {
              description: "Trang cần mở sau khi đăng nhập bằng SSO; null với đăng nhập bằng mật khẩu",
            }),
            mustChangePassword: Type.Boolean(),
          }),
          ...errorResponses,
          401: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const token = request.cookies[mfaCookieName];
      if (!token) throw new MfaChallengeExpiredError();
      let signedIn: Awaited<ReturnType<typeof completeMfaChallenge>>;
      try {
        signedIn = await completeMfaChallenge(
          db,
          {
            token,
            code: request.body.code,
            previousSessionId: request.session?.sessionId,
            ip: request.ip,
            userAgent: request.headers["user-agent"] ?? null,
          },
          clock(),
          options.policy,
          mfa,
        );
      } catch (error) {
        if (error instanceof MfaChallengeExpiredError) reply.clearCookie(mfaCookieName, pendingCookie);
        throw error;
      }
      reply.clearCookie(mfaCookieName, pendingCookie);
      reply.setCookie(sessionCookieName, signedIn.token, cookie);
      return {
        returnTo: signedIn.method === "officer_sso" ? signedIn.returnTo : null,
        mustChangePassword: signedIn.session.mustChangePassword,
      };
    },
  );

  app.get(
    "/api/account/mfa",
    {
      config: { allowRestricted: true },
      preHandler: requireActor(),
      schema: {
        tags: ["auth"],
        summary: "Xác thực hai lớp của tài khoản: đã bật chưa, có bắt buộc không, số mã khôi phục còn lại",
        response: { 200: Status, 401: ErrorResponse },
      },
    },
    async (request) => {
      const status = await mfaStatus(db, actorFrom(request), mfa);
      return { ...status, confirmedAt: status.confirmedAt?.toISOString() ?? null };
    },
  );

  app.post(
    "/api/account/mfa/enrolment",
    {
      config: { allowRestricted: true },
      preHandler: requireActor(),
      schema: {
        tags: ["auth"],
        summary: "Bắt đầu bật xác thực hai lớp: khóa bí mật (mã QR và dạng chữ), chỉ hiện lần này",
        response: {
          201: Type.Object({ secret: Type.String(), otpauthUri: Type.String(), qrSvg: Type.String() }),
          401: ErrorResponse,
          403: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return reply.status(201).send(await startMfaEnrolment(db, actorFrom(request), clock(), mfa));
    },
  );

  app.post(
    "/api/account/mfa/confirmation",
    {
      config: { ...limited, allowRestricted: true },
      preHandler: requireActor(),
      schema: {
        tags: ["auth"],
        summary: "Xác nhận bằng mã đầu tiên của ứng dụng; trả về các mã khôi phục (chỉ hiện một lần)",
        body: CodeBody,
        response: {
          200: Type.Object({ recoveryCodes: Type.Array(Type.String()) }),
          ...errorResponses,
          401: ErrorResponse,
          403: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return confirmMfaEnrolment(db, actorFrom(request), request.body.code, clock(), mfa);
    },
  );
};
