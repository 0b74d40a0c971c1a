import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../db/schema.ts";
import {
  OidcProviderUnavailableError,
  type OidcRelyingParty,
  OidcSignInRejectedError,
} from "../../integrations/vneid/oidcRelyingParty.ts";
import type { AccountPolicy } from "../../services/accounts/accountPolicy.ts";
import { AccountDisabledError } from "../../services/accounts/login.ts";
import { logout } from "../../services/accounts/logout.ts";
import { recordSecurityEvent } from "../../services/accounts/securityEvents.ts";
import { NotFoundError } from "../../services/errors.ts";
import { describeAccountIdentity, saveAccountPhone } from "../../services/identity/accountDetails.ts";
import {
  completeVneidLink,
  describeVneidLink,
  LinkExpiredError,
} from "../../services/identity/completeVneidLink.ts";
import type { ClaimNames } from "../../services/identity/identityClaims.ts";
import {
  consumeLoginRequest,
  safeReturnTo,
  saveLoginRequest,
} from "../../services/identity/oidcLoginRequests.ts";
import { signInWithVneid } from "../../services/identity/signInWithVneid.ts";
import { recordRepresentationsFromClaims } from "../../services/organisation/representatives.ts";
import { requireActor, sessionCookieName, sessionCookieOptions } from "../plugins/auth.ts";
import { ErrorResponse, errorResponses } from "../schemas/common.ts";

export interface OidcRoutesOptions {
  db: Kysely<Database>;
  policy: AccountPolicy;
  secureCookies: boolean;
  publicUrl: string;
  loginRateLimitPerMinute: number;
  clock: () => Date;
  /** The citizens' provider (VNeID); undefined = e-ID sign-in not configured (the routes answer 503). */
  citizen: OidcRelyingParty | undefined;
  claimNames: ClaimNames;
  /** The officers province SSO (issue #14): its sessions log out there too. */
  officer?: OidcRelyingParty | undefined;
}

/** The cookie carrying a pending account link between the callback and the password page. */
export const linkCookieName = "onestop_vneid_link";

/** Where the portal shows why a VNeID sign-in did not end in a session (`/dang-nhap?loi=<code>`). */
type FailureCode =
  | "vneid_unavailable"
  | "vneid_rejected"
  | "vneid_cancelled"
  | "vneid_claims"
  | "vneid_conflict"
  | "vneid_disabled";

const ReturnToQuery = Type.Object({
  returnTo: Type.Optional(
    Type.String({ maxLength: 500, description: "Đường dẫn trong trang này để quay lại sau khi đăng nhập" }),
  ),
});

const CallbackQuery = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 2000 })),
    state: Type.Optional(Type.String({ maxLength: 500 })),
    error: Type.Optional(Type.String({ maxLength: 200 })),
    error_description: Type.Optional(Type.String({ maxLength: 1000 })),
    iss: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: true },
);

const Redirect = Type.Object({ redirectTo: Type.Union([Type.String(), Type.Null()]) });

const Identity = Type.Object({
  vneid: Type.Object({
    verified: Type.Boolean(),
    level: Type.Union([Type.Literal(1), Type.Literal(2), Type.Null()]),
    verifiedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  }),
  missing: Type.Array(Type.Literal("phone")),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
});

const notConfigured = () =>
  new NotFoundError({
    vi: "Đăng nhập bằng VNeID chưa được cấu hình",
    en: "VNeID sign-in is not configured",
  });

/**
 * Sign-in with the national e-ID through OpenID Connect (issue #14, R-ACC-1): start (302 to the provider), callback
 * (state single use, code + PKCE, ID token verified), linking an existing local account with its password, the
 * logout that reaches the provider, and the account's e-ID status and missing details.
 */
export const oidcRoutes: FastifyPluginAsyncTypebox<OidcRoutesOptions> = async (app, options) => {
  const { db, policy, clock, citizen } = options;
  const cookie = sessionCookieOptions(options.secureCookies);
  const linkCookie = { ...cookie, path: "/api/auth/oidc", maxAge: 600 };
  const limited = { rateLimit: { max: options.loginRateLimitPerMinute, timeWindow: "1 minute" } };
  const callbackPath = "/api/auth/oidc/callback";

  const failTo = (reply: FastifyReply, code: FailureCode, returnTo = "/") =>
    reply.redirect(`/dang-nhap?loi=${code}&next=${encodeURIComponent(returnTo)}`, 302);

  app.get(
    "/api/auth/oidc/login",
    {
      config: limited,
      schema: {
        tags: ["auth"],
        summary: "Đăng nhập bằng VNeID: chuyển (302) đến nhà cung cấp định danh điện tử",
        querystring: ReturnToQuery,
        response: { 302: Type.Null(), 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      if (!citizen) throw notConfigured();
      const returnTo = safeReturnTo(request.query.returnTo);
      try {
        const pending = await citizen.startSignIn();
        await saveLoginRequest(db, { provider: "citizen", ...pending, returnTo }, clock());
        return reply.redirect(pending.url, 302);
      } catch (error) {
        if (error instanceof OidcProviderUnavailableError) {
          request.log.warn({ err: error }, "VNeID unavailable");
          return failTo(reply, "vneid_unavailable", returnTo);
        }
        throw error;
      }
    },
  );

  app.get(
    callbackPath,
    {
      config: limited,
      schema: {
        tags: ["auth"],
        summary: "Nhà cung cấp định danh điện tử chuyển về sau khi đăng nhập (mã ủy quyền, state)",
        querystring: CallbackQuery,
        response: { 302: Type.Null(), 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      if (!citizen) throw notConfigured();
      const now = clock();
      const { state, error } = request.query;
      const pending = state ? await consumeLoginRequest(db, "citizen", state, now) : undefined;
      const audit = (reason: string, detail: Record<string, unknown> = {}) =>
        recordSecurityEvent(
          db,
          {
            kind: "login_failed",
            ip: request.ip,
            route: callbackPath,
            detail: { method: "vneid", reason, ...detail },
          },
          now,
        );
      if (!pending || !state) {
        // Unknown, expired or already used state: a replayed or forged callback.
        await audit("state");
        return failTo(reply, "vneid_rejected");
      }
      if (error) {
        await audit("provider_error", { error });
        return failTo(
          reply,
          error === "access_denied" ? "vneid_cancelled" : "vneid_rejected",
          pending.returnTo,
        );
      }
      let verified: Awaited<ReturnType<OidcRelyingParty["finishSignIn"]>>;
      try {
        verified = await citizen.finishSignIn(new URL(request.url, options.publicUrl), {
          state,
          nonce: pending.nonce,
          codeVerifier: pending.codeVerifier,
        });
      } catch (failure) {
        if (failure instanceof OidcProviderUnavailableError) {
          await audit("unavailable");
          return failTo(reply, "vneid_unavailable", pending.returnTo);
        }
        if (failure instanceof OidcSignInRejectedError) {
          await audit("token", { message: failure.message.slice(0, 300) });
          return failTo(reply, "vneid_rejected", pending.returnTo);
        }
        throw failure;
      }
      let outcome: Awaited<ReturnType<typeof signInWithVneid>>;
      try {
        outcome = await signInWithVneid(
          db,
          {
            verified,
            claimNames: options.claimNames,
            returnTo: pending.returnTo,
            previousSessionId: request.session?.sessionId,
            ip: request.ip,
            userAgent: request.headers["user-agent"] ?? null,
          },
          now,
          policy,
        );
      } catch (failure) {
        if (failure instanceof AccountDisabledError) {
          await audit("inactive");
          return failTo(reply, "vneid_disabled", pending.returnTo);
        }
        throw failure;
      }
      if (outcome.kind === "refused") {
        await audit(outcome.reason);
        return failTo(
          reply,
          outcome.reason === "claims" ? "vneid_claims" : "vneid_conflict",
          pending.returnTo,
        );
      }
      // Issue #14 (R-ACC-1): the organisations the e-ID names this person the legal representative of, kept current.
      await recordRepresentationsFromClaims(db, verified.claims, options.claimNames, now);
      if (outcome.kind === "link_required") {
        reply.setCookie(linkCookieName, outcome.linkToken, linkCookie);
        return reply.redirect(`/dang-nhap/lien-ket?next=${encodeURIComponent(pending.returnTo)}`, 302);
      }
      reply.setCookie(sessionCookieName, outcome.token, cookie);
      return reply.redirect(afterSignIn(pending.returnTo, outcome.missing), 302);
    },
  );

  app.get(
    "/api/auth/oidc/link",
    {
      schema: {
        tags: ["auth"],
        summary: "Tài khoản hiện có đang chờ liên kết với VNeID (sau khi đăng nhập VNeID)",
        response: {
          200: Type.Object({ fullName: Type.String(), username: Type.String(), vneidName: Type.String() }),
          401: ErrorResponse,
        },
      },
    },
    async (request) => {
      const token = request.cookies[linkCookieName];
      if (!token) throw new LinkExpiredError();
      return describeVneidLink(db, token, clock());
    },
  );

  app.post(
    "/api/auth/oidc/link",
    {
      config: limited,
      schema: {
        tags: ["auth"],
        summary: "Liên kết tài khoản hiện có với VNeID bằng mật khẩu của tài khoản đó",
        body: Type.Object(
          { password: Type.String({ minLength: 1, maxLength: 1000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Redirect, ...errorResponses, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request, reply) => {
      const token = request.cookies[linkCookieName];
      if (!token) throw new LinkExpiredError();
      const linked = await completeVneidLink(
        db,
        {
          linkToken: token,
          password: request.body.password,
          previousSessionId: request.session?.sessionId,
          ip: request.ip,
          userAgent: request.headers["user-agent"] ?? null,
        },
        clock(),
        policy,
      );
      reply.clearCookie(linkCookieName, linkCookie);
      reply.setCookie(sessionCookieName, linked.token, cookie);
      return { redirectTo: afterSignIn(linked.returnTo, linked.missing) };
    },
  );

  app.post(
    "/api/auth/oidc/logout",
    {
      config: { allowRestricted: true },
      schema: {
        tags: ["auth"],
        summary: "Đăng xuất; với phiên đăng nhập bằng VNeID, trả về địa chỉ đăng xuất của nhà cung cấp",
        response: { 200: Redirect, 403: ErrorResponse },
      },
    },
    async (request, reply) => {
      let redirectTo: string | null = null;
      if (request.session) {
        const oidc = await db
          .selectFrom("oidc_sessions")
          .select(["provider", "id_token"])
          .where("session_id", "=", request.session.sessionId)
          .executeTakeFirst();
        await logout(db, { sessionId: request.session.sessionId, ip: request.ip }, clock());
        if (oidc?.provider === "citizen" && citizen)
          redirectTo = (await citizen.logoutUrl(oidc.id_token)) ?? null;
        else if (oidc?.provider === "officer" && options.officer)
          redirectTo = (await options.officer.logoutUrl(oidc.id_token)) ?? null;
      }
      reply.clearCookie(sessionCookieName, cookie);
      return { redirectTo };
    },
  );

  app.get(
    "/api/account/identity",
    {
      preHandler: requireActor(),
      schema: {
        tags: ["auth"],
        summary: "Xác thực VNeID của tài khoản (mức độ) và thông tin còn thiếu",
        response: { 200: Identity, 401: ErrorResponse },
      },
    },
    async (request) => describeAccountIdentity(db, actorOf(request)),
  );

  app.put(
    "/api/account/phone",
    {
      preHandler: requireActor(),
      schema: {
        tags: ["auth"],
        summary: "Bổ sung hoặc đổi số điện thoại nhận thông báo",
        body: Type.Object(
          { phone: Type.String({ minLength: 1, maxLength: 30 }) },
          { additionalProperties: false },
        ),
        response: { 200: Identity, ...errorResponses, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => saveAccountPhone(db, actorOf(request), request.body.phone, clock()),
  );
};

function actorOf(request: FastifyRequest) {
  return request.actor!;
}

/** After sign-in: where the user wanted to go, through the page that asks what is missing when something is. */
function afterSignIn(returnTo: string, missing: readonly string[]): string {
  return missing.length > 0 ? `/tai-khoan/bo-sung?next=${encodeURIComponent(returnTo)}` : returnTo;
}
