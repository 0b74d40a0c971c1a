import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../../../src/http/app.ts";
import { smtpEmail } from "../../../../src/integrations/email/smtpEmail.ts";
import { startSmtpSimulator } from "../../../../src/integrations/email/smtpSimulator.ts";
import { startGatewaySimulator } from "../../../../src/integrations/gateway/gatewaySimulator.ts";
import { smsGateway } from "../../../../src/integrations/sms/smsGateway.ts";
import { socialGateway } from "../../../../src/integrations/social/socialGateway.ts";
import { createTestUser } from "../../../support/accounts.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";
import { demoUserIds, submitBirthRegistration } from "../../../support/dossierFixtures.ts";

describe("notification administration routes (issue #7)", () => {
  let t: AuthTestApp;
  let agencyAdmin: TestSession;
  let otherAgencyAdmin: TestSession;
  let systemAdmin: TestSession;
  let citizen: TestSession;
  let counter: TestSession;
  let otherCounter: TestSession;
  let dossierId: string;
  let ownDead: string;
  let otherDead: string;
  let lookupDead: string;

  const deadLetter = async (values: { agencyId: string | null; dossierId: string | null; key: string }) => {
    const now = new Date("2026-11-23T03:00:00Z");
    const row = await t.database.db
      .insertInto("notifications")
      .values({
        idempotency_key: values.key,
        dossier_id: values.dossierId,
        agency_id: values.agencyId,
        kind: "accepted",
        channel: "email",
        address: "nguoi.nhan@example.com",
        language: "vi",
        subject: "Hồ sơ đã được tiếp nhận",
        body: "Kính gửi ông/bà…",
        status: "dead",
        attempts: 6,
        available_at: now,
        last_error: "451 Simulated temporary failure",
        dead_at: now,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const statusOf = async (id: string) =>
    await t.database.db
      .selectFrom("notifications")
      .select(["status", "attempts"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await createAuthTestApp();
    const db = t.database.db;
    const users = await demoUserIds(db);
    dossierId = (await submitBirthRegistration(db, users["congdan.demo"]!, new Date("2026-11-23T02:00:00Z")))
      .row.id;
    const agencies = await db.selectFrom("agencies").select(["id", "code"]).execute();
    const agency = (code: string) => agencies.find((row) => row.code === code)!.id;
    ownDead = await deadLetter({ agencyId: agency("000.20.01.H99"), dossierId, key: "test-own" });
    otherDead = await deadLetter({ agencyId: agency("000.00.13.H99"), dossierId: null, key: "test-other" });
    lookupDead = await deadLetter({ agencyId: null, dossierId: null, key: "test-lookup" });
    await createTestUser(db, {
      username: "quantri.sotaichinh.test",
      password: "Demo@2026!QuanTriSTC",
      role: "agency_admin",
      agencyCode: "000.00.13.H99",
    });
    agencyAdmin = await loginAs(t.app, "quantri.trungtam", "Demo@2026!QuanTriTT");
    otherAgencyAdmin = await loginAs(t.app, "quantri.sotaichinh.test", "Demo@2026!QuanTriSTC");
    systemAdmin = await loginAs(t.app, "quantri.hethong", "Demo@2026!QuanTriHT");
    citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
    counter = await loginAs(t.app, "motcua.trungtam", "Demo@2026!MotCuaTT");
    otherCounter = await loginAs(t.app, "motcua.sotaichinh", "Demo@2026!MotCuaSTC");
  });

  afterAll(async () => {
    await t?.close();
  });

  describe("GET /api/admin/notifications/dead-letters", () => {
    const list = (session?: TestSession, query = "", language = "vi") =>
      t.app.inject({
        method: "GET",
        url: `/api/admin/notifications/dead-letters${query}`,
        headers: { ...(session?.headers ?? {}), "accept-language": language },
      });

    it("an agency administrator sees their agency's dead letters only; the system administrator sees all", async () => {
      const own = await list(agencyAdmin);
      expect(own.statusCode).toBe(200);
      expect(own.json().items.map((item: { id: string }) => item.id)).toEqual([ownDead]);
      expect(own.json().total).toBe(1);
      expect(own.json().items[0]).toMatchObject({
        status: "dead",
        attempts: 6,
        lastError: "451 Simulated temporary failure",
      });
      const other = await list(otherAgencyAdmin);
      expect(other.json().items.map((item: { id: string }) => item.id)).toEqual([otherDead]);
      const all = await list(systemAdmin);
      expect(new Set(all.json().items.map((item: { id: string }) => item.id))).toEqual(
        new Set([ownDead, otherDead, lookupDead]),
      );
      expect((await list(systemAdmin, "?limit=1&offset=1")).json()).toMatchObject({ total: 3 });
      expect((await list(systemAdmin, "?limit=1&offset=1")).json().items).toHaveLength(1);
    });

    it("400 for a bad page size (Vietnamese, English)", async () => {
      const vi = await list(systemAdmin, "?limit=0");
      expect(vi.statusCode).toBe(400);
      expect(vi.json().error.message).toBe("Dữ liệu không hợp lệ");
      const en = await list(systemAdmin, "?limit=1000", "en");
      expect(en.statusCode).toBe(400);
      expect(en.json().error.message).toBe("The input is not valid");
    });

    it("401 without a session; 403 for a citizen and for a counter officer", async () => {
      expect((await list()).statusCode).toBe(401);
      expect((await list(citizen)).statusCode).toBe(403);
      expect((await list(counter)).statusCode).toBe(403);
    });
  });

  describe("POST /api/admin/notifications/:id/retry", () => {
    const retry = (id: string, session?: TestSession, language = "vi") =>
      t.app.inject({
        method: "POST",
        url: `/api/admin/notifications/${id}/retry`,
        headers: { ...(session?.headers ?? {}), "accept-language": language },
      });

    it("401 without a session, 403 for other roles, 404 for another agency's letter — nothing changes", async () => {
      expect((await retry(ownDead)).statusCode).toBe(401);
      expect((await retry(ownDead, citizen)).statusCode).toBe(403);
      expect((await retry(ownDead, counter)).statusCode).toBe(403);
      const foreign = await retry(ownDead, otherAgencyAdmin);
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json().error.message).toBe("Không tìm thấy thông báo");
      // A lookup reply has no agency: only the system administrator may retry it.
      expect((await retry(lookupDead, agencyAdmin, "en")).json().error.message).toBe("No such notification");
      expect(await statusOf(ownDead)).toEqual({ status: "dead", attempts: 6 });
      expect(await statusOf(lookupDead)).toEqual({ status: "dead", attempts: 6 });
    });

    it("400 for an id that is not a uuid (Vietnamese, English); 404 for an unknown one", async () => {
      expect((await retry("khong-phai-uuid", agencyAdmin)).json().error.message).toBe("Dữ liệu không hợp lệ");
      expect((await retry("khong-phai-uuid", agencyAdmin, "en")).statusCode).toBe(400);
      expect((await retry("00000000-0000-4000-8000-000000000000", systemAdmin)).statusCode).toBe(404);
    });

    it("puts the dead letter back in the queue, due now; a second retry is a 409 (Vietnamese, English)", async () => {
      const response = await retry(ownDead, agencyAdmin);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: ownDead, status: "pending", attempts: 0, deadAt: null });
      expect(await statusOf(ownDead)).toEqual({ status: "pending", attempts: 0 });
      const again = await retry(ownDead, agencyAdmin);
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toMatchObject({
        code: "NOT_DEAD_LETTER",
        message: "Thông báo này không nằm trong danh sách gửi thất bại",
      });
      expect((await retry(ownDead, agencyAdmin, "en")).json().error.message).toBe(
        "This notification is not a dead letter",
      );
      expect((await retry(lookupDead, systemAdmin)).statusCode).toBe(200);
    });

    it("403 CSRF_FAILED without the CSRF header; nothing changes", async () => {
      const response = await t.app.inject({
        method: "POST",
        url: `/api/admin/notifications/${otherDead}/retry`,
        headers: { cookie: otherAgencyAdmin.cookie },
      });
      expect(response.statusCode).toBe(403);
      expect(await statusOf(otherDead)).toEqual({ status: "dead", attempts: 6 });
    });
  });

  describe("every other role is refused (403) on the dead letters and their retry, and nothing changes", () => {
    it.each([
      ["doanhnghiep.demo", "Demo@2026!DoanhNghiep"],
      ["chuyenvien.trungtam", "Demo@2026!ChuyenVienTT"],
      ["truongphong.trungtam", "Demo@2026!TruongPhongTT"],
      ["lanhdao.trungtam", "Demo@2026!LanhDaoTT"],
      ["giamsat.ttpvhcc", "Demo@2026!GiamSatHCC"],
    ])("%s", async (username, password) => {
      const session = await loginAs(t.app, username, password);
      const list = await t.app.inject({
        method: "GET",
        url: "/api/admin/notifications/dead-letters",
        headers: session.headers,
      });
      expect(list.statusCode).toBe(403);
      const retry = await t.app.inject({
        method: "POST",
        url: `/api/admin/notifications/${otherDead}/retry`,
        headers: session.headers,
      });
      expect(retry.statusCode).toBe(403);
      const mailbox = await t.app.inject({
        method: "GET",
        url: "/api/admin/notifications/simulated",
        headers: session.headers,
      });
      expect(mailbox.statusCode).toBe(403);
      expect(await statusOf(otherDead)).toEqual({ status: "dead", attempts: 6 });
    });
  });

  describe("GET /api/office/dossiers/:id/notifications (delivery log)", () => {
    const log = (id: string, session?: TestSession) =>
      t.app.inject({
        method: "GET",
        url: `/api/office/dossiers/${id}/notifications`,
        headers: session?.headers ?? {},
      });

    it("an officer of the dossier's agency reads its log; another agency's officer gets 404; a citizen 403; 401 without a session", async () => {
      const own = await log(dossierId, counter);
      expect(own.statusCode).toBe(200);
      expect(own.json().map((item: { id: string }) => item.id)).toEqual([ownDead]);
      expect((await log(dossierId, otherCounter)).statusCode).toBe(404);
      expect((await log(dossierId, citizen)).statusCode).toBe(403);
      const organisation = await loginAs(t.app, "doanhnghiep.demo", "Demo@2026!DoanhNghiep");
      expect((await log(dossierId, organisation)).statusCode).toBe(403);
      // Issue #20: access follows access to the dossier, which the office refuses the agency administrator (who
      // manages accounts and settings, R-ACC-2): the log and its phone numbers are not theirs either.
      expect((await log(dossierId, agencyAdmin)).statusCode).toBe(404);
      expect((await log(dossierId)).statusCode).toBe(401);
      expect((await log("00000000-0000-4000-8000-000000000000", counter)).statusCode).toBe(404);
      expect((await log("x", counter)).statusCode).toBe(400);
    });
  });

  describe("GET /api/admin/notifications/simulated (dev mailbox)", () => {
    it("404 when real gateways are configured (no simulators); 403 for an agency administrator", async () => {
      const none = await t.app.inject({
        method: "GET",
        url: "/api/admin/notifications/simulated",
        headers: systemAdmin.headers,
      });
      expect(none.statusCode).toBe(404);
      const agency = await t.app.inject({
        method: "GET",
        url: "/api/admin/notifications/simulated",
        headers: agencyAdmin.headers,
      });
      expect(agency.statusCode).toBe(403);
      expect(
        (await t.app.inject({ method: "GET", url: "/api/admin/notifications/simulated" })).statusCode,
      ).toBe(401);
    });

    it("with simulators, the system administrator reads what they received", async () => {
      const smtp = await startSmtpSimulator();
      const sms = await startGatewaySimulator();
      const email = smtpEmail({ url: smtp.url, from: "no-reply@onestop.test" });
      const app = await buildApp({
        db: t.database.db,
        databaseKind: t.database.kind,
        config: {
          logLevel: "silent",
          publicRateLimitPerMinute: 1_000_000,
          publicUrl: "http://127.0.0.1:3000",
          // The demo administrators seeded here have no second factor (issue #14).
          adminMfaRequired: false,
        },
        notifications: {
          channels: { email, sms: smsGateway(sms.url), social: socialGateway(sms.url) },
          simulators: { email: smtp, sms },
        },
      });
      try {
        await app.ready();
        await email.send({
          to: "a@example.com",
          subject: "Thử nghiệm thư",
          text: "Nội dung có dấu",
          messageId: "m1@test",
        });
        await smsGateway(sms.url).send({ to: "0912000001", text: "Tin nhắn thử", idempotencyKey: "k1" });
        const admin = await loginAs(app, "quantri.hethong", "Demo@2026!QuanTriHT");
        const response = await app.inject({
          method: "GET",
          url: "/api/admin/notifications/simulated",
          headers: admin.headers,
        });
        expect(response.statusCode).toBe(200);
        const byChannel = Object.fromEntries(
          response.json().map((item: { channel: string }) => [item.channel, item]),
        );
        expect(byChannel.email).toMatchObject({
          to: "a@example.com",
          subject: "Thử nghiệm thư",
          text: "Nội dung có dấu",
          messageId: "m1@test",
        });
        expect(byChannel.sms).toMatchObject({
          to: "0912000001",
          text: "Tin nhắn thử",
          subject: null,
          messageId: "k1",
        });
      } finally {
        await app.close();
        await email.close();
        await smtp.close();
        await sms.close();
      }
    });
  });
});
