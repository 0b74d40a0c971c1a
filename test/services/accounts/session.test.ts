import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { defaultAccountPolicy } from "../../../src/services/accounts/accountPolicy.ts";
import { findActor } from "../../../src/services/accounts/actor.ts";
import { login } from "../../../src/services/accounts/login.ts";
import { logout } from "../../../src/services/accounts/logout.ts";
import { resolveSession } from "../../../src/services/accounts/session.ts";
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

async function open(kind: "officer" | "citizen") {
  const user = await createTestUser(database.db, {
    password,
    kind,
    role: kind === "officer" ? "counter_officer" : "citizen",
    agencyCode: null,
  });
  return login(database.db, { username: user.username, password }, t0, policy);
}

describe("resolveSession", () => {
  it("resolves the token to the actor; an unknown token resolves to nothing", async () => {
    const { token, session } = await open("officer");
    const resolved = await resolveSession(database.db, token, minutes(1), policy);
    expect(resolved?.actor.userId).toBe(session.actor.userId);
    expect(resolved?.csrfToken).toBe(session.csrfToken);
    expect(await resolveSession(database.db, "not-a-token", minutes(1), policy)).toBeUndefined();
  });

  it("an officer's session ends after 30 idle minutes and is deleted", async () => {
    const { token, session } = await open("officer");
    expect(await resolveSession(database.db, token, minutes(29), policy)).toBeDefined();
    expect(await resolveSession(database.db, token, minutes(29 + 30), policy)).toBeUndefined();
    const left = await database.db
      .selectFrom("sessions")
      .select("id")
      .where("id", "=", session.sessionId)
      .execute();
    expect(left).toEqual([]);
  });

  it("activity slides the idle expiry", async () => {
    const { token } = await open("officer");
    let at = 0;
    for (let i = 0; i < 10; i++) {
      at += 25;
      const resolved = await resolveSession(database.db, token, minutes(at), policy);
      expect(resolved?.expiresAt).toEqual(minutes(at + 30));
    }
  });

  it("an applicant's session idles 120 minutes", async () => {
    const { token } = await open("citizen");
    expect(await resolveSession(database.db, token, minutes(119), policy)).toBeDefined();
    expect(await resolveSession(database.db, token, minutes(119 + 120), policy)).toBeUndefined();
  });

  it("no session outlives the absolute maximum, however active", async () => {
    const { token } = await open("citizen");
    for (let at = 100; at < 12 * 60; at += 100)
      expect(await resolveSession(database.db, token, minutes(at), policy)).toBeDefined();
    const last = await resolveSession(database.db, token, minutes(12 * 60 - 1), policy);
    expect(last?.expiresAt).toEqual(minutes(12 * 60));
    expect(await resolveSession(database.db, token, minutes(12 * 60), policy)).toBeUndefined();
  });

  it("a deactivated user's sessions end", async () => {
    const { token, session } = await open("officer");
    await database.db
      .updateTable("users")
      .set({ is_active: false })
      .where("id", "=", session.actor.userId)
      .execute();
    expect(await resolveSession(database.db, token, minutes(1), policy)).toBeUndefined();
  });
});

describe("logout", () => {
  it("deletes the session and audits it", async () => {
    const { token, session } = await open("officer");
    await logout(database.db, { sessionId: session.sessionId, ip: "10.0.0.2" }, minutes(3));
    expect(await resolveSession(database.db, token, minutes(4), policy)).toBeUndefined();
    const event = await database.db
      .selectFrom("security_events")
      .select(["kind", "ip"])
      .where("user_id", "=", session.actor.userId)
      .where("kind", "=", "logout")
      .executeTakeFirst();
    expect(event).toEqual({ kind: "logout", ip: "10.0.0.2" });
  });
});

describe("resolveSession loads the actor in the session's own statement (issue #21)", () => {
  let seeded: DatabaseHandle;
  beforeAll(async () => {
    seeded = await createTestDatabase({ seeded: true });
  });
  afterAll(async () => seeded.close());

  it("gives the actor findActor gives: the user and every grant, in the same order (R-ACC-2)", async () => {
    const user = await seeded.db
      .selectFrom("users")
      .select("id")
      .where("username", "=", "truongphong.trungtam")
      .executeTakeFirstOrThrow();
    // Grants over two agencies, with and without a unit, so the order (role, then agency code) is tested.
    const agencies = await seeded.db
      .selectFrom("agencies")
      .select(["id", "code"])
      .where("code", "in", ["000.20.01.H99", "000.20.02.H99"])
      .execute();
    for (const agency of agencies)
      await seeded.db
        .insertInto("role_grants")
        .values([
          { user_id: user.id, role: "specialist", agency_id: agency.id, unit_id: null },
          { user_id: user.id, role: "agency_leader", agency_id: agency.id, unit_id: null },
        ])
        .execute();
    const { token } = await login(
      seeded.db,
      { username: "truongphong.trungtam", password: "Demo@2026!TruongPhongTT" },
      t0,
      policy,
    );
    const resolved = await resolveSession(seeded.db, token, minutes(1), policy);
    const expected = await findActor(seeded.db, user.id);
    expect(expected?.grants).toHaveLength(5);
    expect(resolved?.actor).toEqual(expected);
  });
});
