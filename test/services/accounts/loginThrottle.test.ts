import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  blockSeconds,
  DEFAULT_THROTTLE_BASE_SECONDS,
  throttleKeys,
} from "../../../src/services/accounts/loginThrottle.ts";
import { createTestUser } from "../../support/accounts.ts";
import { type AuthTestApp, createAuthTestApp } from "../../support/authSession.ts";

// Issue #20 "Account lockout as a weapon": throttled per account, per address and per account from one address,
// with increasing delays, and the same answer whether the name is an account or not.
const settings = { loginMaxFailures: 5, loginLockMinutes: 15 };

describe("blockSeconds", () => {
  it("nothing within the allowance, then the base doubled at each failure, never above LOGIN_LOCK_MINUTES", () => {
    const waits = Array.from({ length: 12 }, (_, i) => blockSeconds(i + 1, 5, settings));
    expect(waits).toEqual([0, 0, 0, 0, 60, 120, 240, 480, 900, 900, 900, 900]);
    expect(blockSeconds(1_000_000, 5, settings)).toBe(900);
    expect(blockSeconds(5, 5, { ...settings, loginThrottleBaseSeconds: 2 })).toBe(2);
    expect(DEFAULT_THROTTLE_BASE_SECONDS).toBe(60);
  });

  it("the keys: the pair and the account always, the address only when known", () => {
    expect(throttleKeys(" Ai.Do ", "10.1.1.1", settings)).toEqual([
      { key: "pair:ai.do|10.1.1.1", scope: "pair", free: 5 },
      { key: "account:ai.do", scope: "account", free: 20 },
      { key: "address:10.1.1.1", scope: "address", free: 20 },
    ]);
    expect(throttleKeys("ai.do", null, settings).map((k) => k.scope)).toEqual(["pair", "account"]);
  });
});

describe("POST /api/auth/login throttling (issue #20)", () => {
  let t: AuthTestApp;
  const password = "Dung2026matkhau";

  beforeAll(async () => {
    t = await createAuthTestApp({ config: { loginAddressMaxFailures: 8 } });
  });
  afterAll(async () => t.close());

  const login = (username: string, pass: string, ip: string, lang = "vi") =>
    t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username, password: pass },
      headers: { "accept-language": lang },
      remoteAddress: ip,
    });
  const rows = async () =>
    (await t.database.db.selectFrom("login_throttle").selectAll().orderBy("key").execute()).map((r) => ({
      key: r.key,
      failures: r.failures,
    }));

  it("a known account and an unknown name get the same status, body and wait, attempt by attempt", async () => {
    const user = await createTestUser(t.database.db, { password, role: "specialist" });
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    for (let i = 0; i < 7; i++) {
      let started = performance.now();
      const a = await login(user.username, "sai-mat-khau", "10.0.0.1");
      knownTimes.push(performance.now() - started);
      started = performance.now();
      const b = await login("khong.co.ai", "sai-mat-khau", "10.0.0.2");
      unknownTimes.push(performance.now() - started);
      known.push([a.statusCode, a.json(), a.headers["retry-after"]]);
      unknown.push([b.statusCode, b.json(), b.headers["retry-after"]]);
    }
    expect(unknown).toEqual(known);
    expect(known.map((k) => (k as [number, { error: { code: string } }])[1].error.code)).toEqual([
      "INVALID_CREDENTIALS",
      "INVALID_CREDENTIALS",
      "INVALID_CREDENTIALS",
      "INVALID_CREDENTIALS",
      "ACCOUNT_LOCKED",
      "ACCOUNT_LOCKED",
      "ACCOUNT_LOCKED",
    ]);
    const blocked = known[5] as [number, { error: { message: string } }, string];
    expect(blocked[0]).toBe(401);
    expect(blocked[1].error.message).toBe(
      "Đăng nhập tạm thời bị chặn do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau 09:01 ngày 02/03/2026",
    );
    expect(blocked[2]).toBe("60");
    // Both paths verify one argon2 hash or none at all: no order of magnitude between them.
    const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)] ?? 0;
    expect(median(unknownTimes)).toBeLessThan(median(knownTimes) * 5 + 50);
    expect(median(knownTimes)).toBeLessThan(median(unknownTimes) * 5 + 50);
  });

  it("a stranger's failures from elsewhere do not shut the owner out, and the English message says when", async () => {
    const user = await createTestUser(t.database.db, { password, role: "specialist" });
    for (let i = 0; i < 5; i++) await login(user.username, "doan-bua", "10.0.1.1");
    const stranger = await login(user.username, password, "10.0.1.1", "en");
    expect(stranger.statusCode).toBe(401);
    expect(stranger.json().error.message).toBe(
      "Too many wrong passwords: signing in is paused. Please retry after 09:01 on 02/03/2026",
    );
    const owner = await login(user.username, password, "10.0.1.99");
    expect(owner.statusCode).toBe(200);
  });

  it("one address trying many accounts waits after LOGIN_ADDRESS_MAX_FAILURES, for every name, even a right password", async () => {
    const user = await createTestUser(t.database.db, { password, role: "specialist" });
    for (let i = 0; i < 7; i++)
      expect((await login(`ten.${i}`, "x", "10.0.2.1")).json().error.code).toBe("INVALID_CREDENTIALS");
    const eighth = await login("ten.8", "x", "10.0.2.1");
    expect(eighth.json().error.code).toBe("ACCOUNT_LOCKED");
    const right = await login(user.username, password, "10.0.2.1");
    expect(right.json().error.code).toBe("ACCOUNT_LOCKED");
    expect(right.headers["retry-after"]).toBe("60");
    // Another address is not concerned.
    expect((await login(user.username, password, "10.0.2.2")).statusCode).toBe(200);
    // After the wait the address may try again; its next failure waits twice as long.
    t.clock.advanceMinutes(1);
    const again = await login("ten.9", "x", "10.0.2.1");
    expect(again.headers["retry-after"]).toBe("120");
    t.clock.advanceMinutes(-1);
  });

  it("many addresses against one account: it waits after 4 × LOGIN_MAX_FAILURES failures in all", async () => {
    const user = await createTestUser(t.database.db, { password, role: "specialist" });
    for (let i = 0; i < 19; i++)
      expect((await login(user.username, "x", `10.0.3.${i}`)).json().error.code).toBe("INVALID_CREDENTIALS");
    expect((await login(user.username, "x", "10.0.3.200")).json().error.code).toBe("ACCOUNT_LOCKED");
    expect((await login(user.username, password, "10.0.3.201")).json().error.code).toBe("ACCOUNT_LOCKED");
  });

  it("a successful login clears the account's counts but not the address's; old counts are forgotten", async () => {
    const user = await createTestUser(t.database.db, { password, role: "specialist" });
    for (let i = 0; i < 3; i++) await login(user.username, "x", "10.0.4.1");
    expect((await login(user.username, password, "10.0.4.1")).statusCode).toBe(200);
    const left = (await rows()).filter((r) => r.key.includes("10.0.4.1") || r.key.includes(user.username));
    expect(left).toEqual([{ key: "address:10.0.4.1", failures: 3 }]);
    // An hour later (4 × LOGIN_LOCK_MINUTES) without failures the address starts again from one.
    t.clock.advanceMinutes(61);
    await login(user.username, "x", "10.0.4.1");
    expect((await rows()).find((r) => r.key === "address:10.0.4.1")?.failures).toBe(1);
    // The counts of the first tests, older than an hour, went with that failure.
    expect((await rows()).some((r) => r.key === "address:10.0.0.1")).toBe(false);
    t.clock.advanceMinutes(-61);
  });
});
