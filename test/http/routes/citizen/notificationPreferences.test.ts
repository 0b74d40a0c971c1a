import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "../../../support/accounts.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";

const url = "/api/account/notification-preferences";

describe("GET|PUT /api/account/notification-preferences (R-LOOK-3)", () => {
  let t: AuthTestApp;
  let citizen: TestSession;
  let officer: TestSession;
  let noPhone: TestSession;

  const get = (session?: TestSession) =>
    t.app.inject({ method: "GET", url, headers: session?.headers ?? {} });
  const put = (session: TestSession | undefined, payload: Record<string, unknown>, language = "vi") =>
    t.app.inject({
      method: "PUT",
      url,
      payload,
      headers: { ...(session?.headers ?? {}), "accept-language": language },
    });
  const stored = async () =>
    (await t.database.db.selectFrom("notification_preferences").selectAll().execute()).length;
  const choices = { email: true, sms: false, social: true, socialHandle: "0912000001", language: "en" };

  beforeAll(async () => {
    t = await createAuthTestApp();
    await createTestUser(t.database.db, {
      username: "congdan.khongsdt",
      password: "Demo@2026!KhongSDT",
      kind: "citizen",
      role: "citizen",
    });
    citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
    officer = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
    noPhone = await loginAs(t.app, "congdan.khongsdt", "Demo@2026!KhongSDT");
  });

  afterAll(async () => {
    await t?.close();
  });

  it("the defaults before any choice: e-mail and SMS to the account's addresses, in Vietnamese", async () => {
    const response = await get(citizen);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      email: true,
      sms: true,
      social: false,
      socialHandle: null,
      // Issue #18: the followers of the account's dossiers on the messaging channel are notified unless turned off.
      zalo: true,
      language: "vi",
      emailAddress: "nguyenvanan.demo@example.com",
      phone: "0912000001",
    });
  });

  it("401 without a session; CSRF is required to save", async () => {
    expect((await get()).statusCode).toBe(401);
    expect((await put(undefined, choices)).statusCode).toBe(401);
    const noCsrf = await t.app.inject({
      method: "PUT",
      url,
      payload: choices,
      headers: { cookie: citizen.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(await stored()).toBe(0);
  });

  it("400 for a channel without an address, or a missing field (Vietnamese, English); nothing saved", async () => {
    const noHandle = await put(citizen, { ...choices, socialHandle: "  " });
    expect(noHandle.statusCode).toBe(400);
    expect(noHandle.json().error.fields).toEqual([
      { field: "socialHandle", message: "Nhập tài khoản mạng xã hội để nhận thông báo qua kênh này" },
    ]);
    const english = await put(noPhone, { ...choices, sms: true, social: false }, "en");
    expect(english.statusCode).toBe(400);
    expect(english.json().error.fields).toEqual(
      expect.arrayContaining([{ field: "sms", message: "The account has no phone number for SMS" }]),
    );
    const missing = await put(citizen, { email: true });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toBe("Dữ liệu không hợp lệ");
    const badLanguage = await put(citizen, { ...choices, language: "fr" }, "en");
    expect(badLanguage.statusCode).toBe(400);
    expect(badLanguage.json().error.message).toBe("The input is not valid");
    expect(await stored()).toBe(0);
    expect((await get(citizen)).json()).toMatchObject({ email: true, sms: true, social: false });
  });

  it("a citizen saves their channels and reads them back; an officer sets their own, apart", async () => {
    const saved = await put(citizen, choices);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject(choices);
    expect((await get(citizen)).json()).toMatchObject(choices);
    const officerChoice = { email: false, sms: true, social: false, socialHandle: null, language: "vi" };
    expect((await put(officer, officerChoice)).json()).toMatchObject(officerChoice);
    expect((await get(officer)).json()).toMatchObject({
      ...officerChoice,
      emailAddress: "hong.lt@trungtam.demo.gov.vn",
    });
    expect((await get(citizen)).json()).toMatchObject(choices);
    expect(await stored()).toBe(2);
  });
});
