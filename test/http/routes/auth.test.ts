import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "../../support/accounts.ts";
import { type AuthTestApp, createAuthTestApp, loginAs } from "../../support/authSession.ts";

let t: AuthTestApp;
beforeAll(async () => {
  t = await createAuthTestApp();
});
afterAll(async () => t.close());

const citizenLogin = { username: "congdan.demo", password: "Demo@2026!CongDan" };
const login = (payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: "POST", url: "/api/auth/login", payload: payload as object, headers });
const fieldsOf = (body: { error: { fields?: { field: string }[] } }) =>
  body.error.fields?.map((f) => f.field);
const count = async (table: "users" | "sessions" | "security_events") =>
  Number(
    (
      await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("POST /api/auth/login", () => {
  it("opens a session: HttpOnly, SameSite=Lax cookie, the actor, roles and CSRF token", async () => {
    const response = await login({ username: "motcua.trungtam", password: "Demo@2026!MotCuaTT" });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === "onestop_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(cookie?.secure).toBeFalsy();
    const body = response.json();
    expect(body.actor).toMatchObject({
      username: "motcua.trungtam",
      kind: "officer",
      fullName: "Lê Thị Hồng",
    });
    expect(body.actor.grants).toEqual([
      expect.objectContaining({ role: "counter_officer", agencyCode: "000.20.01.H99", unitCode: "TTPVHCC" }),
    ]);
    expect(body.roles).toEqual(["counter_officer"]);
    expect(body.mustChangePassword).toBe(false);
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.expiresAt).toBe("2026-03-02T02:30:00.000Z");
  });

  it("a wrong password and an unknown username get the same 401 body", async () => {
    const wrong = await login({ username: "congdan.demo", password: "Sai-mat-khau-1" });
    const unknown = await login({ username: "khong.ton.tai", password: "Sai-mat-khau-1" });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error).toEqual({
      code: "INVALID_CREDENTIALS",
      message: "Tên đăng nhập hoặc mật khẩu không đúng",
    });
    expect(wrong.cookies).toEqual([]);
  });

  it("answers in English with Accept-Language: en", async () => {
    const response = await login({ username: "khong.ton.tai", password: "x" }, { "accept-language": "en" });
    expect(response.json().error.message).toBe("Wrong username or password");
  });

  const invalid: [string, unknown, string[]][] = [
    ["no username", { password: "x" }, ["username"]],
    ["no password", { username: "x" }, ["password"]],
    ["an empty username", { username: "", password: "x" }, ["username"]],
    ["an empty password", { username: "x", password: "" }, ["password"]],
    ["an unknown field", { username: "x", password: "x", remember: true }, ["remember"]],
  ];
  for (const [name, payload, fields] of invalid)
    it(`400 for ${name}, with the field named in Vietnamese`, async () => {
      const events = await count("security_events");
      const response = await login(payload);
      expect(response.statusCode).toBe(400);
      expect(fieldsOf(response.json())).toEqual(fields);
      expect(response.json().error.message).toBe("Dữ liệu không hợp lệ");
      expect(await count("security_events")).toBe(events);
    });

  // Issue #20: the first block lasts the throttle's base (60 s); the throttle's own tests cover the doubling.
  it("blocks after 5 wrong passwords, says when to retry, and opens again after the wait", async () => {
    const password = "Khoa2026matkhau";
    const user = await createTestUser(t.database.db, { password, role: "specialist" });
    for (let i = 0; i < 4; i++) {
      const response = await login({ username: user.username, password: "wrong" });
      expect(response.json().error.code).toBe("INVALID_CREDENTIALS");
    }
    const fifth = await login({ username: user.username, password: "wrong" });
    expect(fifth.statusCode).toBe(401);
    expect(fifth.json().error.code).toBe("ACCOUNT_LOCKED");
    expect(fifth.json().error.message).toContain("thử lại sau 09:01 ngày 02/03/2026");
    expect(fifth.headers["retry-after"]).toBe("60");

    t.clock.advanceMinutes(0.5);
    const during = await login({ username: user.username, password }, { "accept-language": "en" });
    expect(during.json().error.code).toBe("ACCOUNT_LOCKED");
    expect(during.json().error.message).toContain("Please retry after 09:01");
    expect(during.headers["retry-after"]).toBe("30");

    t.clock.advanceMinutes(0.5);
    const after = await login({ username: user.username, password });
    expect(after.statusCode).toBe(200);
    t.clock.advanceMinutes(-1);
  });

  it("refuses an inactive account", async () => {
    const password = "Nghi2026matkhau";
    const user = await createTestUser(t.database.db, { password, isActive: false });
    const response = await login({ username: user.username, password });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe("ACCOUNT_DISABLED");
    expect(response.cookies).toEqual([]);
  });
});

describe("GET /api/auth/session", () => {
  it("401 without a session", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/auth/session" });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe("UNAUTHENTICATED");
  });

  it("returns the actor, roles, CSRF token and expiry", async () => {
    const session = await loginAs(t.app, citizenLogin.username, citizenLogin.password);
    const response = await t.app.inject({
      method: "GET",
      url: "/api/auth/session",
      headers: { cookie: session.cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      actor: { username: "congdan.demo", kind: "citizen" },
      roles: ["citizen"],
      mustChangePassword: false,
      csrfToken: session.csrfToken,
    });
  });

  it("ends after the idle period (officer 30 min), and the cookie is cleared", async () => {
    const session = await loginAs(t.app, "chuyenvien.trungtam", "Demo@2026!ChuyenVienTT");
    t.clock.advanceMinutes(29);
    const alive = await t.app.inject({
      method: "GET",
      url: "/api/auth/session",
      headers: { cookie: session.cookie },
    });
    expect(alive.statusCode).toBe(200);
    t.clock.advanceMinutes(30);
    const idle = await t.app.inject({
      method: "GET",
      url: "/api/auth/session",
      headers: { cookie: session.cookie },
    });
    expect(idle.statusCode).toBe(401);
    expect(idle.cookies.find((c) => c.name === "onestop_session")?.value).toBe("");
    t.clock.advanceMinutes(-59);
  });

  it("ends at the absolute maximum (12 h) however active", async () => {
    const session = await loginAs(t.app, citizenLogin.username, citizenLogin.password);
    for (let i = 0; i < 11; i++) {
      t.clock.advanceMinutes(60);
      const response = await t.app.inject({
        method: "GET",
        url: "/api/auth/session",
        headers: { cookie: session.cookie },
      });
      expect(response.statusCode).toBe(200);
    }
    t.clock.advanceMinutes(60);
    const ended = await t.app.inject({
      method: "GET",
      url: "/api/auth/session",
      headers: { cookie: session.cookie },
    });
    expect(ended.statusCode).toBe(401);
    t.clock.advanceMinutes(-12 * 60);
  });
});

describe("POST /api/auth/logout", () => {
  it("ends the session and clears the cookie", async () => {
    const session = await loginAs(t.app, citizenLogin.username, citizenLogin.password);
    const response = await t.app.inject({
      method: "POST",
      url: "/api/auth/logout",
      headers: session.headers,
    });
    expect(response.statusCode).toBe(204);
    expect(response.cookies.find((c) => c.name === "onestop_session")?.value).toBe("");
    const after = await t.app.inject({
      method: "GET",
      url: "/api/auth/session",
      headers: { cookie: session.cookie },
    });
    expect(after.statusCode).toBe(401);
  });

  it("403 CSRF_FAILED without the token, and the session lives on", async () => {
    const session = await loginAs(t.app, citizenLogin.username, citizenLogin.password);
    const sessions = await count("sessions");
    const response = await t.app.inject({
      method: "POST",
      url: "/api/auth/logout",
      headers: { cookie: session.cookie },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe("CSRF_FAILED");
    expect(await count("sessions")).toBe(sessions);
    const still = await t.app.inject({
      method: "GET",
      url: "/api/auth/session",
      headers: { cookie: session.cookie },
    });
    expect(still.statusCode).toBe(200);
  });

  it("without a session it is a harmless 204", async () => {
    const response = await t.app.inject({ method: "POST", url: "/api/auth/logout" });
    expect(response.statusCode).toBe(204);
  });
});

describe("POST /api/auth/change-password", () => {
  const password = "Cu2026matkhau";
  const newPassword = "Moi2026matkhau";

  async function freshUser() {
    const user = await createTestUser(t.database.db, {
      password,
      role: "specialist",
      mustChangePassword: true,
    });
    return { user, session: await loginAs(t.app, user.username, password) };
  }
  const change = (headers: Record<string, string>, payload: unknown, extra: Record<string, string> = {}) =>
    t.app.inject({
      method: "POST",
      url: "/api/auth/change-password",
      headers: { ...headers, ...extra },
      payload: payload as object,
    });
  const hashOf = async (id: string) =>
    (
      await t.database.db
        .selectFrom("users")
        .select("password_hash")
        .where("id", "=", id)
        .executeTakeFirstOrThrow()
    ).password_hash;

  it("changes the password, lifts the restriction and ends the other sessions", async () => {
    const { user, session } = await freshUser();
    const other = await loginAs(t.app, user.username, password);
    const response = await change(session.headers, { currentPassword: password, newPassword });
    expect(response.statusCode).toBe(200);
    expect(response.json().mustChangePassword).toBe(false);
    const otherNow = await t.app.inject({
      method: "GET",
      url: "/api/auth/session",
      headers: { cookie: other.cookie },
    });
    expect(otherNow.statusCode).toBe(401);
    const relogin = await login({ username: user.username, password: newPassword });
    expect(relogin.statusCode).toBe(200);
  });

  it("401 without a session", async () => {
    const response = await change({}, { currentPassword: password, newPassword });
    expect(response.statusCode).toBe(401);
  });

  it("403 CSRF_FAILED without the token; the password stays", async () => {
    const { user, session } = await freshUser();
    const before = await hashOf(user.id);
    const response = await change({ cookie: session.cookie }, { currentPassword: password, newPassword });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe("CSRF_FAILED");
    expect(await hashOf(user.id)).toBe(before);
  });

  const invalid: [string, unknown, string, string][] = [
    ["no current password", { newPassword }, "currentPassword", "Thiếu trường bắt buộc"],
    ["no new password", { currentPassword: password }, "newPassword", "Thiếu trường bắt buộc"],
    [
      "a wrong current password",
      { currentPassword: "Sai2026matkhau", newPassword },
      "currentPassword",
      "Mật khẩu hiện tại không đúng",
    ],
    [
      "a short new password",
      { currentPassword: password, newPassword: "Ngan2026" },
      "newPassword",
      "Mật khẩu phải có ít nhất 12 ký tự",
    ],
    [
      "a new password without digits",
      { currentPassword: password, newPassword: "Khongcochuso" },
      "newPassword",
      "Mật khẩu phải có cả chữ cái và chữ số",
    ],
    [
      "a new password equal to the current",
      { currentPassword: password, newPassword: password },
      "newPassword",
      "Mật khẩu mới phải khác mật khẩu hiện tại",
    ],
  ];
  for (const [name, payload, field, message] of invalid)
    it(`400 for ${name}; nothing changes`, async () => {
      const { user, session } = await freshUser();
      const before = await hashOf(user.id);
      const response = await change(session.headers, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.fields).toContainEqual({ field, message });
      expect(await hashOf(user.id)).toBe(before);
      const view = await t.app.inject({
        method: "GET",
        url: "/api/auth/session",
        headers: { cookie: session.cookie },
      });
      expect(view.json().mustChangePassword).toBe(true);
    });

  it("400 when the new password is the username", async () => {
    const user = await createTestUser(t.database.db, { username: "trung.ten.2026", password });
    const session = await loginAs(t.app, user.username, password);
    const response = await change(session.headers, {
      currentPassword: password,
      newPassword: "Trung.Ten.2026",
    });
    expect(response.json().error.fields).toContainEqual({
      field: "newPassword",
      message: "Mật khẩu không được trùng với tên đăng nhập",
    });
  });

  it("English messages with Accept-Language: en", async () => {
    const { session } = await freshUser();
    const response = await change(
      session.headers,
      { currentPassword: password, newPassword: "short1" },
      {
        "accept-language": "en",
      },
    );
    expect(response.json().error.message).toBe("The input is not valid");
    expect(response.json().error.fields).toContainEqual({
      field: "newPassword",
      message: "The password must have at least 12 characters",
    });
  });
});

describe("POST /api/auth/register/citizen", () => {
  const valid = {
    identificationNumber: "001090000101",
    fullName: "Phạm Thị Dung",
    phone: "0912345601",
    password: "Dung2026matkhau",
  };
  const register = (payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: "POST", url: "/api/auth/register/citizen", payload: payload as object, headers });

  it("201: the account, then the citizen logs in with the identification number", async () => {
    const response = await register(valid);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ username: "001090000101", kind: "citizen" });
    const session = await loginAs(t.app, valid.identificationNumber, valid.password);
    expect(session.body.roles).toEqual(["citizen"]);
  });

  const invalid: [string, Record<string, unknown>, string, string][] = [
    [
      "no identification number",
      { identificationNumber: undefined },
      "identificationNumber",
      "Thiếu trường bắt buộc",
    ],
    ["no full name", { fullName: undefined }, "fullName", "Thiếu trường bắt buộc"],
    ["an empty full name", { fullName: "" }, "fullName", "Không được để trống"],
    ["no password", { password: undefined }, "password", "Thiếu trường bắt buộc"],
    ["an unknown field", { role: "system_admin" }, "role", "Trường không được phép"],
    [
      "an identification number of 9 digits",
      { identificationNumber: "123456789" },
      "identificationNumber",
      "Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số",
    ],
    [
      "a malformed phone",
      { phone: "09-12" },
      "phone",
      "Số điện thoại không hợp lệ: cần 10 chữ số bắt đầu bằng 0 (số cố định 11 chữ số bắt đầu bằng 02), có thể viết +84",
    ],
    ["a malformed e-mail", { email: "dung@" }, "email", "Địa chỉ thư điện tử không hợp lệ"],
    [
      "neither phone nor e-mail",
      { phone: undefined },
      "phone",
      "Cần có số điện thoại hoặc địa chỉ thư điện tử để nhận thông báo",
    ],
    ["a short password", { password: "Ngan2026" }, "password", "Mật khẩu phải có ít nhất 12 ký tự"],
    [
      "a password without digits",
      { password: "Khongcochusonhe" },
      "password",
      "Mật khẩu phải có cả chữ cái và chữ số",
    ],
  ];
  for (const [name, over, field, message] of invalid)
    it(`400 for ${name}; nothing is created`, async () => {
      const users = await count("users");
      const response = await register({ ...valid, identificationNumber: "001090000199", ...over });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.fields).toContainEqual({ field, message });
      expect(await count("users")).toBe(users);
    });

  it("409 for an identification number already registered", async () => {
    const users = await count("users");
    const response = await register({ ...valid, identificationNumber: "099090001234" });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe("ACCOUNT_EXISTS");
    expect(response.json().error.message).toMatch(/^Số định danh cá nhân này đã được đăng ký tài khoản/);
    expect(await count("users")).toBe(users);
  });

  it("English messages with Accept-Language: en", async () => {
    const response = await register({ ...valid, identificationNumber: "12" }, { "accept-language": "en" });
    expect(response.json().error.fields).toContainEqual({
      field: "identificationNumber",
      message: "The personal identification number must have exactly 12 digits",
    });
  });
});

describe("POST /api/auth/register/organisation", () => {
  const valid = {
    taxCode: "0101234567",
    organisationName: "Hợp tác xã Thử Nghiệm",
    representativeName: "Võ Văn Em",
    representativeIdentificationNumber: "001080000102",
    email: "hoptacxa@thunghiem.example.com",
    password: "Em2026matkhaunhe",
  };
  const register = (payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: "POST",
      url: "/api/auth/register/organisation",
      payload: payload as object,
      headers,
    });

  it("201: the account named by the tax code, role organisation_representative", async () => {
    const response = await register(valid);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ username: "0101234567", kind: "organisation" });
    const session = await loginAs(t.app, valid.taxCode, valid.password);
    expect(session.body.roles).toEqual(["organisation_representative"]);
    expect(session.body.actor).toMatchObject({ fullName: "Võ Văn Em", kind: "organisation" });
  });

  it("a branch registers with its 13-digit code", async () => {
    const response = await register({ ...valid, taxCode: "0101234567-002" });
    expect(response.statusCode).toBe(201);
    expect(response.json().username).toBe("0101234567-002");
  });

  const invalid: [string, Record<string, unknown>, string, string][] = [
    ["no tax code", { taxCode: undefined }, "taxCode", "Thiếu trường bắt buộc"],
    ["no organisation name", { organisationName: undefined }, "organisationName", "Thiếu trường bắt buộc"],
    [
      "no representative name",
      { representativeName: undefined },
      "representativeName",
      "Thiếu trường bắt buộc",
    ],
    [
      "no representative identification number",
      { representativeIdentificationNumber: undefined },
      "representativeIdentificationNumber",
      "Thiếu trường bắt buộc",
    ],
    ["no password", { password: undefined }, "password", "Thiếu trường bắt buộc"],
    [
      "a malformed tax code",
      { taxCode: "01012-34567" },
      "taxCode",
      "Mã số thuế phải gồm 10 chữ số, hoặc 13 chữ số dạng 0123456789-001 đối với chi nhánh",
    ],
    [
      "a malformed representative identification number",
      { representativeIdentificationNumber: "00108000010X" },
      "representativeIdentificationNumber",
      "Số định danh cá nhân (CCCD) của người đại diện phải gồm đúng 12 chữ số",
    ],
    [
      "neither phone nor e-mail",
      { email: undefined },
      "phone",
      "Cần có số điện thoại hoặc địa chỉ thư điện tử để nhận thông báo",
    ],
    [
      "a password that is the tax code",
      { taxCode: "0101234599", password: "0101234599" },
      "password",
      "Mật khẩu không được trùng với tên đăng nhập",
    ],
  ];
  for (const [name, over, field, message] of invalid)
    it(`400 for ${name}; nothing is created`, async () => {
      const users = await count("users");
      const response = await register({ ...valid, taxCode: "0101234598", ...over });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.fields).toContainEqual({ field, message });
      expect(await count("users")).toBe(users);
    });

  it("409 for a tax code already registered", async () => {
    const response = await register({ ...valid, taxCode: "9900123456" });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toMatch(/^Mã số thuế này đã được đăng ký tài khoản/);
  });

  it("a logged-in caller must send the CSRF token to register", async () => {
    const session = await loginAs(t.app, citizenLogin.username, citizenLogin.password);
    const response = await register({ ...valid, taxCode: "0101234597" }, { cookie: session.cookie });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe("CSRF_FAILED");
  });
});

describe("OpenAPI", () => {
  it("lists the auth routes under the auth tag with Vietnamese summaries", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/docs/json" })).json();
    expect(doc.tags).toContainEqual(expect.objectContaining({ name: "auth" }));
    expect(doc.paths["/api/auth/login"].post.summary).toBe("Đăng nhập bằng tên đăng nhập và mật khẩu");
    for (const path of [
      "/api/auth/logout",
      "/api/auth/session",
      "/api/auth/change-password",
      "/api/auth/register/citizen",
      "/api/auth/register/organisation",
    ])
      expect(doc.paths[path]).toBeDefined();
  });
});
