import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/schema.ts";
import type { AccountPolicy } from "../../services/accounts/accountPolicy.ts";
import { type AccessScope, type Actor, hasRole } from "../../services/accounts/actor.ts";
import {
  AccountDisabledError,
  AccountLockedError,
  InvalidCredentialsError,
} from "../../services/accounts/login.ts";
import { recordSecurityEvent } from "../../services/accounts/securityEvents.ts";
import { resolveSession, type SessionView } from "../../services/accounts/session.ts";
import { ForbiddenError, UnauthenticatedError } from "../../services/errors.ts";
import { mfaRequiredFor } from "../../services/mfa/mfaEnrolment.ts";
import { hasConfirmedMfa } from "../../services/mfa/secondFactor.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** Who is acting, from the session cookie; null for anonymous requests. */
    actor: Actor | null;
    session: SessionView | null;
  }
  interface FastifyContextConfig {
    /**
     * R-ACC-2: the route stays open to a session that still owes its first-login password change (and, issue #14, to
     * the session of an administrator who still owes a second factor).
     */
    allowRestricted?: boolean;
  }
}

export const sessionCookieName = "onestop_session";
export const csrfHeaderName = "x-csrf-token";

export interface AuthOptions {
  db: Kysely<Database>;
  policy: AccountPolicy;
  /** Secure cookies when the public address is https. */
  secureCookies: boolean;
  /** The acting clock: services never read it themselves (DESIGN §4). */
  clock: () => Date;
  /** Issue #14: administrators must enrol a second factor (TOTP) before anything else (MFA_REQUIRED_FOR_ADMINS). */
  adminMfaRequired?: boolean;
}

/** The attributes of the session cookie: unreadable by scripts, not sent on cross-site subrequests. */
export function sessionCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/" };
}

const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The role check failed: which roles and scope the route asked for goes to the audit. */
export class RoleDeniedError extends ForbiddenError {
  constructor(
    readonly roles: readonly Role[],
    readonly scope: AccessScope | undefined,
  ) {
    super();
  }
}

function sameToken(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Session authentication for the whole app (issue #4 §1): resolves the `onestop_session` cookie into
 * `request.actor`, enforces CSRF on state-changing requests made with a session, and audits every denial
 * (401/403, whoever raised it) with a warning log line and a security_events row.
 */
export function registerAuth(app: FastifyInstance, options: AuthOptions): void {
  app.decorateRequest("actor", null);
  app.decorateRequest("session", null);

  app.addHook("onRequest", async (request, reply) => {
    const token = request.cookies[sessionCookieName];
    if (!token) return;
    const session = await resolveSession(options.db, token, options.clock(), options.policy);
    if (!session) {
      // Ended or unknown: forget the cookie, and treat the request as anonymous.
      reply.clearCookie(sessionCookieName, sessionCookieOptions(options.secureCookies));
      return;
    }
    if (options.adminMfaRequired && mfaRequiredFor(session.actor, { adminRequired: true }))
      session.mfaEnrolmentRequired = !(await hasConfirmedMfa(options.db, session.actor.userId));
    request.session = session;
    request.actor = session.actor;
    // The token lives in the session, is given to our own pages by GET /api/auth/session, and a cross-site form
    // cannot read or send it: a request riding on the cookie alone is refused before anything runs.
    if (unsafeMethods.has(request.method) && !sameToken(session.csrfToken, request.headers[csrfHeaderName])) {
      throw new ForbiddenError(
        {
          vi: "Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF). Vui lòng tải lại trang và thử lại",
          en: "Missing or wrong anti-forgery (CSRF) token. Please reload the page and retry",
        },
        "CSRF_FAILED",
      );
    }
  });

  app.addHook("onError", async (request, _reply, error) => {
    if (!(error instanceof UnauthenticatedError || error instanceof ForbiddenError)) return;
    // Login failures are audited by the login use case itself, with the attempted username.
    if (
      error instanceof InvalidCredentialsError ||
      error instanceof AccountLockedError ||
      error instanceof AccountDisabledError
    )
      return;
    const route = request.routeOptions.url ?? request.url;
    const detail: Record<string, unknown> = { code: error.code, method: request.method, url: request.url };
    if (error instanceof RoleDeniedError) {
      detail.roles = error.roles;
      if (error.scope) detail.scope = error.scope;
    }
    request.log.warn(
      { denial: detail, userId: request.actor?.userId ?? null, ip: request.ip, route },
      "access denied",
    );
    try {
      await recordSecurityEvent(
        options.db,
        {
          kind: "access_denied",
          userId: request.actor?.userId ?? null,
          username: request.actor?.username ?? null,
          ip: request.ip,
          route,
          detail,
        },
        options.clock(),
      );
    } catch (auditError) {
      request.log.error({ err: auditError }, "could not record the denial in security_events");
    }
  });
}

function actorOf(request: FastifyRequest): Actor {
  const actor = request.actor;
  if (!actor || !request.session) throw new UnauthenticatedError();
  if (request.session.mustChangePassword && !request.routeOptions.config.allowRestricted)
    throw new ForbiddenError(
      {
        vi: "Bạn cần đổi mật khẩu trước khi tiếp tục sử dụng hệ thống",
        en: "You must change your password before you continue",
      },
      "PASSWORD_CHANGE_REQUIRED",
    );
  if (request.session.mfaEnrolmentRequired && !request.routeOptions.config.allowRestricted)
    throw new ForbiddenError(
      {
        vi: "Quản trị viên cần bật xác thực hai lớp trước khi tiếp tục sử dụng hệ thống",
        en: "Administrators must turn on two-step verification before they continue",
      },
      "MFA_ENROLMENT_REQUIRED",
    );
  return actor;
}

type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** Marks the guards below, so that the routes they protect refuse anonymous requests before validating anything. */
const needsSession = Symbol("needsSession");
/** The roles a requireRole guard accepts, so that an actor holding none of them is refused before validation too. */
const acceptedRoles = Symbol("acceptedRoles");
function sessionGuard(guard: Guard, roles?: readonly Role[]): Guard {
  return Object.assign(guard, { [needsSession]: true, [acceptedRoles]: roles });
}

/**
 * Authenticate before validating (issue #20): a route whose preHandler holds requireActor/requireRole also gets a
 * preValidation that refuses an anonymous request (401) before its body is validated, so an anonymous sender cannot
 * make the server validate (and describe the errors of) a huge body. The full check, with its scope, still runs as
 * the preHandler, once the parameters it reads are validated.
 */
export function registerAuthenticateFirst(app: FastifyInstance): void {
  const anonymousRefused = async (request: FastifyRequest) => {
    if (!request.actor || !request.session) throw new UnauthenticatedError();
  };
  app.addHook("onRoute", (route) => {
    const handlers = [route.preHandler ?? []].flat() as unknown as Array<
      Partial<{ [needsSession]: boolean; [acceptedRoles]: readonly Role[] }>
    >;
    if (!handlers.some((handler) => handler[needsSession])) return;
    // Authorize before validating too (issue #20, the authorization matrix): an actor who holds none of the route's
    // roles, in any scope, gets 403 rather than a description of their body's errors; the scope is checked later.
    const roleLists = handlers.flatMap((handler) => (handler[acceptedRoles] ? [handler[acceptedRoles]] : []));
    const roleRefused = async (request: FastifyRequest) => {
      const actor = actorOf(request);
      for (const roles of roleLists) if (!hasRole(actor, roles)) throw new RoleDeniedError(roles, undefined);
    };
    route.preValidation = [
      anonymousRefused,
      ...(roleLists.length > 0 ? [roleRefused] : []),
      ...[route.preValidation ?? []].flat(),
    ];
  });
}

/** preHandler: a logged-in actor (401 UNAUTHENTICATED otherwise; 403 PASSWORD_CHANGE_REQUIRED while restricted). */
export function requireActor(): Guard {
  return sessionGuard(async (request) => {
    actorOf(request);
  });
}

/**
 * preHandler: the actor holds one of `roles`, within the scope `scopeFrom` derives from the request when given
 * (an agency-level grant covers its units; system_admin covers all). 401 without a session, 403 FORBIDDEN otherwise.
 * `scopeFrom` may load what it needs (a dossier's agency…); when it returns nothing, only the role is checked.
 */
export function requireRole(
  roles: readonly Role[],
  scopeFrom?: (request: FastifyRequest) => AccessScope | undefined | Promise<AccessScope | undefined>,
): Guard {
  return sessionGuard(async (request) => {
    const actor = actorOf(request);
    const scope = scopeFrom ? await scopeFrom(request) : undefined;
    if (!hasRole(actor, roles, scope)) throw new RoleDeniedError(roles, scope);
  }, roles);
}

/** The actor of a route guarded by requireActor/requireRole. */
export function actorFrom(request: Pick<FastifyRequest, "actor">): Actor {
  if (!request.actor) throw new UnauthenticatedError();
  return request.actor;
}
