import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { defaultAccountPolicy } from "../../../src/services/accounts/accountPolicy.ts";
import { changePassword } from "../../../src/services/accounts/changePassword.ts";
import { login } from "../../../src/services/accounts/login.ts";
import { verifyPassword } from "../../../src/services/accounts/passwords.ts";
import { resolveSession } from "../../../src/services/accounts/session.ts";
import { ValidationError } from "../../../src/services/errors.ts";
import { createTestUser } from "../../support/accounts.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

const policy = defaultAccountPolicy;
const t0 = new Date("2026-03-02T02:00:00Z");
const password = "Matkhau2026dung";
const fresh = "Moi2026matkhau";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.close());

async function firstLogin(username: string) {
  const user = await createTestUser(database.db, { username, password, mustChangePassword: true });
  const other = await login(database.db, { username, password }, t0, policy);
  const current = await login(database.db, { username, password }, t0, policy);
  return { user, other, current };
}

async function snapshot(userId: string) {
  return {
    user: await database.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", userId)
      .executeTakeFirstOrThrow(),
    sessions: await database.db
      .selectFrom("sessions")
      .selectAll()
      .where("user_id", "=", userId)
      .orderBy("id")
      .execute(),
  };
}

describe("changePassword", () => {
  it("R-ACC-2: clears the first-login obligation and the restriction, and ends the other sessions", async () => {
    const { user, other, current } = await firstLogin("change.ok");
    await changePassword(
      database.db,
      {
        userId: user.id,
        sessionId: current.session.sessionId,
        currentPassword: password,
        newPassword: fresh,
      },
      t0,
    );
    const after = await snapshot(user.id);
    expect(after.user.must_change_password).toBe(false);
    expect(await verifyPassword(after.user.password_hash!, fresh)).toBe(true);
    expect(after.sessions.map((s) => [s.id, s.restricted])).toEqual([[current.session.sessionId, false]]);
    expect(await resolveSession(database.db, other.token, t0, policy)).toBeUndefined();
    const resolved = await resolveSession(database.db, current.token, t0, policy);
    expect(resolved?.mustChangePassword).toBe(false);
    const kinds = await database.db
      .selectFrom("security_events")
      .select("kind")
      .where("user_id", "=", user.id)
      .where("kind", "=", "password_changed")
      .execute();
    expect(kinds).toHaveLength(1);
  });

  const cases: [string, { currentPassword?: string; newPassword: string }, string[]][] = [
    [
      "the current password is wrong",
      { currentPassword: "Sai2026matkhau", newPassword: fresh },
      ["currentPassword"],
    ],
    ["the new password is shorter than 12", { newPassword: "Ngan2026" }, ["newPassword"]],
    ["the new password has no digit", { newPassword: "Khongcochuso" }, ["newPassword"]],
    ["the new password has no letter", { newPassword: "123456789012" }, ["newPassword"]],
    ["the new password is the username", { newPassword: "change.err.99" }, ["newPassword"]],
    ["the new password is the current one", { newPassword: password }, ["newPassword"]],
  ];
  for (const [name, input, fields] of cases)
    it(`refuses when ${name}, and changes nothing`, async () => {
      const username =
        input.newPassword === "change.err.99"
          ? "change.err.99"
          : `change.err.${cases.findIndex((c) => c[0] === name)}`;
      const { user, current } = await firstLogin(username);
      const before = await snapshot(user.id);
      const error = await changePassword(
        database.db,
        {
          userId: user.id,
          sessionId: current.session.sessionId,
          currentPassword: input.currentPassword ?? password,
          newPassword: input.newPassword,
        },
        t0,
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      const errors = (error as ValidationError).fields;
      expect([...new Set(errors.map((f) => f.field))]).toEqual(fields);
      for (const f of errors) expect(f.message.vi).not.toBe(f.message.en);
      expect(await snapshot(user.id)).toEqual(before);
    });

  it("names every broken rule at once", async () => {
    const { user, current } = await firstLogin("change.all");
    const error = (await changePassword(
      database.db,
      { userId: user.id, sessionId: current.session.sessionId, currentPassword: "x", newPassword: "abc" },
      t0,
    ).catch((e: unknown) => e)) as ValidationError;
    expect(error.fields.map((f) => f.message.vi)).toEqual([
      "Mật khẩu hiện tại không đúng",
      "Mật khẩu phải có ít nhất 12 ký tự",
      "Mật khẩu phải có cả chữ cái và chữ số",
    ]);
  });
});
