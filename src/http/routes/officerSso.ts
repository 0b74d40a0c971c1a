import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../db/schema.ts";
import type { ProvinceSsoSettings } from "../../integrations/provinceSso/provinceSsoSettings.ts";
import {
  OidcProviderUnavailableError,
  type OidcRelyingParty,
  OidcSignInRejectedError,
  type VerifiedSignIn,
} from "../../integrations/vneid/oidcRelyingParty.ts";
import type { AccountPolicy } from "../../services/accounts/accountPolicy.ts";
import { recordSecurityEvent } from "../../services/accounts/securityEvents.ts";
import { NotFoundError } from "../../services/errors.ts";
import {
  consumeLoginRequest,
  safeReturnTo,
  saveLoginRequest,
} from "../../services/identity/oidcLoginRequests.ts";
import { mfaRequiredFor } from "../../services/mfa/mfaEnrolment.ts";
import {
  officerSsoCallbackRoute,
  signInWithProvinceSso,
} from "../../services/officerSso/signInWithProvinceSso.ts";
import { sessionCookieName, sessionCookieOptions } from "../plugins/auth.ts";
import { ErrorResponse } from "../schemas/common.ts";
import { mfaCookieName, mfaCookieOptions } from "./mfa.ts";

export interface OfficerSsoRoutesOptions {
  db: Kysely<Database>;
  policy: AccountPolicy;
  secureCookies: boolean;
  publicUrl: string;
  loginRateLimitPerMinute: number;
  clock: () => Date;
  /** The province's SSO; undefined = not configured (the routes answer 404). */
  officer: OidcRelyingParty | undefined;
  match: Pick<ProvinceSsoSettings, "officerOidcMatchClaim" | "officerOidcMatchField">;
  adminMfaRequired: boolean;
}

/** Why an SSO sign-in did not end in a session, shown by the login page (`/dang-nhap?loi=<code>`). */
type FailureCode = "sso_unavailable" | "sso_rejected" | "sso_cancelled" | "sso_unknown" | "sso_disabled";

const notConfigured = () =>
  new NotFoundError({
    vi: "Đăng nhập bằng SSO của tỉnh chưa được cấu hình",
    en: "Sign-in with the province's SSO is not configured",
  });

/**
 * Officers' sign-in through the province's single sign-on (issue #14, R-ACC-2): start (302 to the SSO), callback
 * (state single use, code + PKCE, ID token verified by the same relying party as VNeID's), the account matched by
 * the configured claim, then the code step when the officer has a second factor (the logout that reaches the SSO is POST /api/auth/oidc/logout, for both providers).
 */
export const officerSsoRoutes: FastifyPluginAsyncTypebox<OfficerSsoRoutesOptions> = async (app, options) => {
  const { db, policy, clock, officer } = options;
  const cookie = sessionCookieOptions(options.secureCookies);
  const limited = { rateLimit: { max: options.loginRateLimitPerMinute, timeWindow: "1 minute" } };

  const failTo = (reply: FastifyReply, code: FailureCode, returnTo = "/van-phong") =>
    reply.redirect(`/dang-nhap?loi=${code}&next=${encodeURIComponent(returnTo)}`, 302);

  app.get(
    "/api/auth/officer-sso/login",
    {
      config: limited,
      schema: {
        tags: ["auth"],
        summary: "Cán bộ đăng nhập bằng tài khoản một cửa của tỉnh (SSO): chuyển (302) đến SSO",
        querystring: Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 500 })) }),
        response: { 302: Type.Null(), 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      if (!officer) throw notConfigured();
      const returnTo = safeReturnTo(request.query.returnTo, "/van-phong");
      try {
        const pending = await officer.startSignIn();
        await saveLoginRequest(db, { provider: "officer", ...pending, returnTo }, clock());
        return reply.redirect(pending.url, 302);
      } catch (error) {
        if (error instanceof OidcProviderUnavailableError) {
          request.log.warn({ err: error }, "province SSO unavailable");
          return failTo(reply, "sso_unavailable", returnTo);
        }
        throw error;
      }
    },
  );

  app.get(
    officerSsoCallbackRoute,
    {
      config: limited,
      schema: {
        tags: ["auth"],
        summary: "SSO của tỉnh chuyển về sau khi cán bộ đăng nhập (mã ủy quyền, state)",
        querystring: Type.Object(
          {
            code: Type.Optional(Type.String({ maxLength: 2000 })),
            state: Type.Optional(Type.String({ maxLength: 500 })),
            error: Type.Optional(Type.String({ maxLength: 200 })),
            error_description: Type.Optional(Type.String({ maxLength: 1000 })),
            iss: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: true },
        ),
        response: { 302: Type.Null(), 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      if (!officer) throw notConfigured();
      const now = clock();
      const { state, error } = request.query;
      const pending = state ? await consumeLoginRequest(db, "officer", state, now) : undefined;
      const audit = (reason: string, detail: Record<string, unknown> = {}) =>
        recordSecurityEvent(
          db,
          {
            kind: "login_failed",
            ip: request.ip,
            route: officerSsoCallbackRoute,
            detail: { method: "officer_sso", reason, ...detail },
          },
          now,
        );
      if (!pending || !state) {
        // Unknown, expired, already used or the citizens' state: a replayed or forged callback.
        await audit("state");
        return failTo(reply, "sso_rejected");
      }
      if (error) {
        await audit("provider_error", { error });
        return failTo(reply, error === "access_denied" ? "sso_cancelled" : "sso_rejected", pending.returnTo);
      }
      let verified: VerifiedSignIn;
      try {
        verified = await officer.finishSignIn(new URL(request.url, options.publicUrl), {
          state,
          nonce: pending.nonce,
          codeVerifier: pending.codeVerifier,
        });
      } catch (failure) {
        if (failure instanceof OidcProviderUnavailableError) {
          await audit("unavailable");
          return failTo(reply, "sso_unavailable", pending.returnTo);
        }
        if (failure instanceof OidcSignInRejectedError) {
          await audit("token", { message: failure.message.slice(0, 300) });
          return failTo(reply, "sso_rejected", pending.returnTo);
        }
        throw failure;
      }
      const outcome = await signInWithProvinceSso(
        db,
        {
          verified,
          matchClaim: options.match.officerOidcMatchClaim,
          matchField: options.match.officerOidcMatchField,
          returnTo: pending.returnTo,
          previousSessionId: request.session?.sessionId,
          ip: request.ip,
          userAgent: request.headers["user-agent"] ?? null,
        },
        now,
        policy,
      );
      if (outcome.kind === "refused") {
        await audit(outcome.reason, { subject: verified.subject });
        return failTo(
          reply,
          outcome.reason === "inactive" ? "sso_disabled" : "sso_unknown",
          pending.returnTo,
        );
      }
      if (outcome.kind === "second_factor") {
        reply.setCookie(mfaCookieName, outcome.challengeToken, mfaCookieOptions(options.secureCookies));
        return reply.redirect(`/dang-nhap/ma-xac-thuc?next=${encodeURIComponent(pending.returnTo)}`, 302);
      }
      reply.setCookie(sessionCookieName, outcome.token, cookie);
      // Issue #14: an administrator without a second factor goes to enrolment first.
      if (options.adminMfaRequired && mfaRequiredFor(outcome.session.actor, { adminRequired: true }))
        return reply.redirect(`/tai-khoan/bao-mat?next=${encodeURIComponent(pending.returnTo)}`, 302);
      return reply.redirect(pending.returnTo, 302);
    },
  );
};
