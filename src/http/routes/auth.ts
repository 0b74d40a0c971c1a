import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Kysely } from "kysely";
import { Type } from "typebox";
import type { Database } from "../../db/schema.ts";
import type { AccountPolicy } from "../../services/accounts/accountPolicy.ts";
import { changePassword } from "../../services/accounts/changePassword.ts";
import { AccountLockedError, login } from "../../services/accounts/login.ts";
import { logout } from "../../services/accounts/logout.ts";
import { registerApplicant } from "../../services/accounts/registerApplicant.ts";
import type { SessionView } from "../../services/accounts/session.ts";
import { ForbiddenError } from "../../services/errors.ts";
import { requireActor, sessionCookieName, sessionCookieOptions } from "../plugins/auth.ts";
import { ErrorResponse, errorResponses } from "../schemas/common.ts";
import { holdForSecondStep, SecondStepOwed } from "./mfa.ts";

const RoleName = Type.Union([
  Type.Literal("citizen"),
  Type.Literal("organisation_representative"),
  Type.Literal("counter_officer"),
  Type.Literal("specialist"),
  Type.Literal("unit_head"),
  Type.Literal("agency_leader"),
  Type.Literal("agency_admin"),
  Type.Literal("service_center_monitor"),
  Type.Literal("support_staff"),
  Type.Literal("postal_staff"),
  Type.Literal("system_admin"),
]);
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

const SessionBody = Type.Object({
  actor: Type.Object({
    userId: Type.String({ format: "uuid" }),
    username: Type.String(),
    kind: Type.Union([Type.Literal("officer"), Type.Literal("citizen"), Type.Literal("organisation")]),
    fullName: Type.String(),
    grants: Type.Array(
      Type.Object({
        role: RoleName,
        agencyId: Nullable(Type.String()),
        agencyCode: Nullable(Type.String()),
        unitId: Nullable(Type.String()),
        unitCode: Nullable(Type.String()),
      }),
    ),
  }),
  roles: Type.Array(RoleName),
  mustChangePassword: Type.Boolean({ description: "Phải đổi mật khẩu trước khi dùng các chức năng khác" }),
  mfaEnrolmentRequired: Type.Boolean({
    description: "Quản trị viên phải bật xác thực hai lớp trước khi dùng các chức năng khác",
  }),
  csrfToken: Type.String({
    description: "Gửi lại trong tiêu đề x-csrf-token với mọi yêu cầu POST/PUT/PATCH/DELETE",
  }),
  expiresAt: Type.String({ format: "date-time" }),
});

const LoginBody = Type.Object(
  {
    username: Type.String({
      minLength: 1,
      maxLength: 200,
      description: "Tên đăng nhập, số định danh hoặc mã số thuế",
    }),
    password: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);

const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 1000 }),
    newPassword: Type.String({
      minLength: 1,
      maxLength: 1000,
      description: "Ít nhất 12 ký tự, có cả chữ cái và chữ số, khác tên đăng nhập",
    }),
  },
  { additionalProperties: false },
);

const contactFields = {
  phone: Type.Optional(
    Type.String({ maxLength: 20, description: "Số điện thoại (cần số điện thoại hoặc thư điện tử)" }),
  ),
  email: Type.Optional(Type.String({ maxLength: 254 })),
  password: Type.String({
    minLength: 1,
    maxLength: 1000,
    description: "Ít nhất 12 ký tự, có cả chữ cái và chữ số, khác tên đăng nhập",
  }),
};

const CitizenBody = Type.Object(
  {
    identificationNumber: Type.String({
      minLength: 1,
      maxLength: 20,
      description: "Số định danh cá nhân (CCCD), 12 chữ số; là tên đăng nhập",
      examples: ["001090012345"],
    }),
    fullName: Type.String({ minLength: 1, maxLength: 200 }),
    ...contactFields,
  },
  { additionalProperties: false },
);

const OrganisationBody = Type.Object(
  {
    taxCode: Type.String({
      minLength: 1,
      maxLength: 20,
      description: "Mã số thuế: 10 chữ số, hoặc 0123456789-001 với chi nhánh; là tên đăng nhập",
      examples: ["0101234567"],
    }),
    organisationName: Type.String({ minLength: 1, maxLength: 300 }),
    representativeName: Type.String({ minLength: 1, maxLength: 200 }),
    representativeIdentificationNumber: Type.String({ minLength: 1, maxLength: 20 }),
    ...contactFields,
  },
  { additionalProperties: false },
);

const Registered = Type.Object({
  userId: Type.String({ format: "uuid" }),
  username: Type.String({ description: "Tên đăng nhập" }),
  kind: Type.Union([Type.Literal("citizen"), Type.Literal("organisation")]),
});

/** CITIZEN_PASSWORD_LOGIN=false: the province signs citizens and organisations in with VNeID only (issue #14). */
const passwordLoginOff = () =>
  new ForbiddenError(
    {
      vi: "Công dân, tổ chức đăng nhập bằng tài khoản định danh điện tử VNeID. Vui lòng chọn “Đăng nhập bằng VNeID”",
      en: "Citizens and organisations sign in with the national e-ID VNeID. Please choose “Sign in with VNeID”",
    },
    "PASSWORD_LOGIN_DISABLED",
  );

const authErrors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse };

function sessionBody(session: SessionView) {
  return {
    actor: session.actor,
    roles: [...new Set(session.actor.grants.map((grant) => grant.role))],
    mustChangePassword: session.mustChangePassword,
    mfaEnrolmentRequired: session.mfaEnrolmentRequired ?? false,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
  };
}

export interface AuthRoutesOptions {
  db: Kysely<Database>;
  policy: AccountPolicy;
  secureCookies: boolean;
  loginRateLimitPerMinute: number;
  /** R-ACC-1 (issue #14): false = citizens and organisations sign in with VNeID only (no password login, no registration). */
  citizenPasswordLogin?: boolean;
  clock: () => Date;
  /** Issue #14: MFA_REQUIRED_FOR_ADMINS (the second step itself is owed by whoever enrolled). */
  adminMfaRequired?: boolean;
}

/** Login, logout, the session, password change and applicant registration (issue #4 §1, R-ACC-1, R-ACC-2). */
export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (app, options) => {
  const { db, policy, clock } = options;
  // Per client address: slows password guessing across many usernames, which the per-account lockout cannot.
  const limited = { rateLimit: { max: options.loginRateLimitPerMinute, timeWindow: "1 minute" } };
  const cookie = sessionCookieOptions(options.secureCookies);

  app.post(
    "/login",
    {
      config: limited,
      schema: {
        tags: ["auth"],
        summary: "Đăng nhập bằng tên đăng nhập và mật khẩu",
        body: LoginBody,
        response: { 200: Type.Union([SessionBody, SecondStepOwed]), ...authErrors },
      },
    },
    async (request, reply) => {
      const now = clock();
      try {
        const result = await login(
          db,
          { ...request.body, ip: request.ip, userAgent: request.headers["user-agent"] ?? null },
          now,
          policy,
        );
        if (options.citizenPasswordLogin === false && result.session.actor.kind !== "officer") {
          await logout(db, { sessionId: result.session.sessionId, ip: request.ip }, now);
          throw passwordLoginOff();
        }
        // Issue #14: with a second factor the password only opens the code step (POST /api/auth/mfa/verify).
        if (await holdForSecondStep(db, reply, result.session, now, options))
          return { mfaRequired: true as const };
        reply.setCookie(sessionCookieName, result.token, cookie);
        return sessionBody(result.session);
      } catch (error) {
        if (error instanceof AccountLockedError)
          reply.header(
            "retry-after",
            Math.max(1, Math.ceil((error.retryAt.getTime() - now.getTime()) / 1000)),
          );
        throw error;
      }
    },
  );

  app.post(
    "/logout",
    {
      config: { allowRestricted: true },
      schema: {
        tags: ["auth"],
        summary: "Đăng xuất (kết thúc phiên làm việc)",
        response: { 204: Type.Null(), 403: ErrorResponse },
      },
    },
    async (request, reply) => {
      if (request.session)
        await logout(db, { sessionId: request.session.sessionId, ip: request.ip }, clock());
      reply.clearCookie(sessionCookieName, cookie);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/session",
    {
      config: { allowRestricted: true },
      preHandler: requireActor(),
      schema: {
        tags: ["auth"],
        summary: "Phiên làm việc hiện tại: người dùng, vai trò, mã CSRF",
        response: { 200: SessionBody, 401: ErrorResponse },
      },
    },
    async (request) => sessionBody(request.session!),
  );

  app.post(
    "/change-password",
    {
      config: { allowRestricted: true },
      preHandler: requireActor(),
      schema: {
        tags: ["auth"],
        summary: "Đổi mật khẩu (bắt buộc ở lần đăng nhập đầu tiên)",
        body: ChangePasswordBody,
        response: { 200: SessionBody, ...authErrors },
      },
    },
    async (request) => {
      const session = request.session!;
      await changePassword(
        db,
        { userId: session.actor.userId, sessionId: session.sessionId, ...request.body, ip: request.ip },
        clock(),
      );
      return sessionBody({ ...session, mustChangePassword: false });
    },
  );

  app.post(
    "/register/citizen",
    {
      config: limited,
      schema: {
        tags: ["auth"],
        summary: "Đăng ký tài khoản công dân",
        body: CitizenBody,
        response: { 201: Registered, 409: ErrorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      if (options.citizenPasswordLogin === false) throw passwordLoginOff();
      const account = await registerApplicant(
        db,
        { kind: "citizen", ...request.body, ip: request.ip },
        clock(),
      );
      return reply.status(201).send(account);
    },
  );

  app.post(
    "/register/organisation",
    {
      config: limited,
      schema: {
        tags: ["auth"],
        summary: "Đăng ký tài khoản tổ chức, doanh nghiệp (người đại diện)",
        body: OrganisationBody,
        response: { 201: Registered, 409: ErrorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      if (options.citizenPasswordLogin === false) throw passwordLoginOff();
      const account = await registerApplicant(
        db,
        { kind: "organisation", ...request.body, ip: request.ip },
        clock(),
      );
      return reply.status(201).send(account);
    },
  );
};
