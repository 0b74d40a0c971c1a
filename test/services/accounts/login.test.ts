import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { defaultAccountPolicy } from "../../../src/services/accounts/accountPolicy.ts";
import {
  AccountDisabledError,
  AccountLockedError,
  InvalidCredentialsError,
  login,
} from "../../../src/services/accounts/login.ts";
import { hashSessionToken } from "../../../src/services/accounts/sessionTokens.ts";
import { createTestUser } from "../../support/accounts.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

const policy = defaultAccountPolicy;
const t0 = new Date("2026-03-02T02:00:00Z");
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
const password = "Matkhau2026dung";

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.close());

const events = (username: string) =>
  database.db
    .selectFrom("security_events")
    .select(["kind", "user_id", "detail"])
    .where("username", "=", username)
    .orderBy("at")
    .execute();

describe("login", () => {
  it("opens a session storing only the token's hash; the username is case-insensitive", async () => {
    const user = await createTestUser(database.db, {
      username: "Login.Success",
      password,
      role: "specialist",
    });
    const result = await login(
      database.db,
      { username: " login.SUCCESS ", password, ip: "10.0.0.1" },
      t0,
      policy,
    );
    expect(result.session.actor.userId).toBe(user.id);
    expect(result.session.mustChangePassword).toBe(false);
    expect(result.session.expiresAt).toEqual(minutes(30));
    const rows = await database.db
      .selectFrom("sessions")
      .selectAll()
      .where("user_id", "=", user.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(hashSessionToken(result.token));
    expect(rows[0]?.token_hash).not.toContain(result.token);
    expect(rows[0]?.ip).toBe("10.0.0.1");
    expect((await events("login.success")).map((e) => e.kind)).toEqual(["login"]);
  });

  it("applicants' sessions idle longer than officers'", async () => {
    await createTestUser(database.db, {
      username: "login.citizen",
      password,
      kind: "citizen",
      role: "citizen",
    });
    const result = await login(database.db, { username: "login.citizen", password }, t0, policy);
    expect(result.session.expiresAt).toEqual(minutes(120));
  });

  it("a wrong password and an unknown username get the same answer", async () => {
    await createTestUser(database.db, { username: "login.wrong", password });
    const wrong = await login(database.db, { username: "login.wrong", password: "nope" }, t0, policy).catch(
      (e: unknown) => e,
    );
    const unknown = await login(
      database.db,
      { username: "login.nobody", password: "nope" },
      t0,
      policy,
    ).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(InvalidCredentialsError);
    expect(unknown).toBeInstanceOf(InvalidCredentialsError);
    expect((wrong as InvalidCredentialsError).text).toEqual((unknown as InvalidCredentialsError).text);
    expect((wrong as InvalidCredentialsError).text.vi).toBe("Tên đăng nhập hoặc mật khẩu không đúng");
    expect((await events("login.wrong")).map((e) => e.kind)).toEqual(["login_failed"]);
    expect((await events("login.nobody")).map((e) => e.kind)).toEqual(["login_failed"]);
  });

  // Issue #20: the first block lasts the throttle's base (60 s by default); later ones double (loginThrottle.test.ts).
  it(`blocks after ${policy.loginMaxFailures} wrong passwords, says until when, and opens after the wait`, async () => {
    const user = await createTestUser(database.db, { username: "login.lock", password });
    for (let i = 1; i < policy.loginMaxFailures; i++)
      await expect(
        login(database.db, { username: "login.lock", password: "wrong" }, minutes(i), policy),
      ).rejects.toBeInstanceOf(InvalidCredentialsError);
    const fifth = policy.loginMaxFailures;
    const locking = await login(
      database.db,
      { username: "login.lock", password: "wrong" },
      minutes(fifth),
      policy,
    ).catch((e: unknown) => e);
    expect(locking).toBeInstanceOf(AccountLockedError);
    expect((locking as AccountLockedError).retryAt).toEqual(minutes(fifth + 1));
    // 02:00Z + 6 min = 09:06 in Asia/Ho_Chi_Minh
    expect((locking as AccountLockedError).text.vi).toContain("09:06 ngày 02/03/2026");

    // Even the right password is refused during the lockout.
    await expect(
      login(database.db, { username: "login.lock", password }, minutes(fifth + 0.5), policy),
    ).rejects.toBeInstanceOf(AccountLockedError);
    const after = await login(database.db, { username: "login.lock", password }, minutes(fifth + 1), policy);
    expect(after.session.actor.userId).toBe(user.id);
    const row = await database.db
      .selectFrom("users")
      .select(["failed_login_count", "locked_until"])
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row.failed_login_count).toBe(0);
    expect(row.locked_until).toBeNull();
    expect((await events("login.lock")).map((e) => e.kind)).toEqual([
      ...Array(policy.loginMaxFailures).fill("login_failed"),
      "locked",
      "login_blocked",
      "login",
    ]);
  });

  it("a successful login resets the count of wrong passwords", async () => {
    await createTestUser(database.db, { username: "login.reset", password });
    for (let i = 0; i < policy.loginMaxFailures - 1; i++)
      await login(database.db, { username: "login.reset", password: "wrong" }, t0, policy).catch(() => {});
    await login(database.db, { username: "login.reset", password }, t0, policy);
    await expect(
      login(database.db, { username: "login.reset", password: "wrong" }, t0, policy),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
  });

  it("unknown usernames are blocked the same way, so a block reveals nothing", async () => {
    for (let i = 1; i < policy.loginMaxFailures; i++)
      await expect(
        login(database.db, { username: "login.ghost", password: "x" }, minutes(i), policy),
      ).rejects.toBeInstanceOf(InvalidCredentialsError);
    await expect(
      login(
        database.db,
        { username: "login.ghost", password: "x" },
        minutes(policy.loginMaxFailures),
        policy,
      ),
    ).rejects.toBeInstanceOf(AccountLockedError);
    await expect(
      login(
        database.db,
        { username: "login.ghost", password: "x" },
        minutes(policy.loginMaxFailures + 0.5),
        policy,
      ),
    ).rejects.toBeInstanceOf(AccountLockedError);
    // Past the allowance each further failure blocks again, twice as long (issue #20).
    const next = await login(
      database.db,
      { username: "login.ghost", password: "x" },
      minutes(policy.loginMaxFailures + 15),
      policy,
    ).catch((e: unknown) => e);
    expect((next as AccountLockedError).retryAt).toEqual(minutes(policy.loginMaxFailures + 17));
  });

  it("refuses an inactive account, and only says so to whoever knows its password", async () => {
    const user = await createTestUser(database.db, { username: "login.inactive", password, isActive: false });
    await expect(
      login(database.db, { username: "login.inactive", password: "wrong" }, t0, policy),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
    await expect(
      login(database.db, { username: "login.inactive", password }, t0, policy),
    ).rejects.toBeInstanceOf(AccountDisabledError);
    const sessions = await database.db
      .selectFrom("sessions")
      .select("id")
      .where("user_id", "=", user.id)
      .execute();
    expect(sessions).toEqual([]);
  });

  it("R-ACC-2: the first login opens a restricted session", async () => {
    await createTestUser(database.db, { username: "login.first", password, mustChangePassword: true });
    const result = await login(database.db, { username: "login.first", password }, t0, policy);
    expect(result.session.mustChangePassword).toBe(true);
    const row = await database.db
      .selectFrom("sessions")
      .select("restricted")
      .where("id", "=", result.session.sessionId)
      .executeTakeFirstOrThrow();
    expect(row.restricted).toBe(true);
  });
});
