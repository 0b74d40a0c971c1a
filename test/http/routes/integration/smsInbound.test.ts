import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../../src/db/connection.ts";
import { STATUS_LABELS } from "../../../../src/domain/dossier/status.ts";
import { type App, buildApp } from "../../../../src/http/app.ts";
import { smtpEmail } from "../../../../src/integrations/email/smtpEmail.ts";
import { type SmtpSimulator, startSmtpSimulator } from "../../../../src/integrations/email/smtpSimulator.ts";
import type { GatewaySimulator } from "../../../../src/integrations/gateway/gatewaySimulator.ts";
import { smsGateway } from "../../../../src/integrations/sms/smsGateway.ts";
import { startSmsSimulator } from "../../../../src/integrations/sms/smsSimulator.ts";
import { socialGateway } from "../../../../src/integrations/social/socialGateway.ts";
import { runDossierCommand } from "../../../../src/services/dossiers/runDossierCommand.ts";
import { lookupDossier } from "../../../../src/services/lookup/lookupDossier.ts";
import type { NotificationChannels } from "../../../../src/services/notifications/channels.ts";
import { formatInstant } from "../../../../src/services/notifications/formatting.ts";
import { smsReplyText } from "../../../../src/services/notifications/smsLookup.ts";
import { TestClock } from "../../../support/authSession.ts";
import { demoUserIds, submitBirthRegistration } from "../../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../../support/testDatabase.ts";

const secret = "bi-mat-cong-sms-tinh-2026";
const url = "/api/integration/sms/inbound";

describe("POST /api/integration/sms/inbound — SMS lookup (R-LOOK-1)", () => {
  let handle: DatabaseHandle;
  let app: App;
  let smtp: SmtpSimulator;
  let sms: GatewaySimulator;
  let channels: NotificationChannels;
  const clock = new TestClock(new Date("2026-11-23T03:00:00Z"));
  let accepted: { code: string; dueAt: Date };
  let waiting: { code: string };
  let refused: { code: string };
  let sequence = 0;

  const build = (config: Record<string, unknown>) =>
    buildApp({
      db: handle.db,
      databaseKind: handle.kind,
      clock: clock.now,
      notifications: { channels },
      config: {
        logLevel: "silent",
        publicRateLimitPerMinute: 1_000_000,
        publicUrl: "https://dichvucong.tinh.example",
        smsLookupPerHour: 3,
        ...config,
      },
    });
  const post = (
    body: Record<string, unknown>,
    headers: Record<string, string> = { "x-gateway-secret": secret },
    target = app,
  ) => target.inject({ method: "POST", url, payload: body, headers });
  const message = (from: string, text: string) => ({ messageId: `gw-${++sequence}`, from, text });
  const inboundCount = async () => (await handle.db.selectFrom("sms_inbound").select("id").execute()).length;
  const repliesTo = (phone: string) => sms.received().filter((reply) => reply.to === phone);

  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    [smtp, sms] = await Promise.all([startSmtpSimulator(), startSmsSimulator()]);
    channels = {
      email: smtpEmail({ url: smtp.url, from: "no-reply@onestop.test" }),
      sms: smsGateway(sms.url),
      social: socialGateway(sms.url),
    };
    const users = await demoUserIds(handle.db);
    const now = new Date("2026-11-23T09:00:00+07:00");
    const first = await submitBirthRegistration(handle.db, users["congdan.demo"]!, now);
    const counter = users["motcua.trungtam"]!;
    const record = await runDossierCommand(handle.db, {
      dossierId: first.row.id,
      command: { type: "accept" },
      actor: { role: "counterOfficer", id: counter },
      author: { userId: counter, role: "counter_officer" },
      now,
      authorize: () => {},
    });
    accepted = { code: record.row.code, dueAt: record.row.due_at! };
    waiting = { code: (await submitBirthRegistration(handle.db, users["congdan.demo"]!, now)).row.code };
    const toRefuse = await submitBirthRegistration(handle.db, users["congdan.demo"]!, now);
    await runDossierCommand(handle.db, {
      dossierId: toRefuse.row.id,
      command: { type: "refuse", reasons: ["Hồ sơ không thuộc thẩm quyền giải quyết"] },
      actor: { role: "counterOfficer", id: counter },
      author: { userId: counter, role: "counter_officer" },
      now,
      authorize: () => {},
    });
    refused = { code: toRefuse.row.code };
    app = await build({ smsInboundSecret: secret });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await channels?.email.close();
    await Promise.all([smtp?.close(), sms?.close()]);
    await handle?.close();
  });

  it("round trip: `tra cứu <code>` in lower case is answered by SMS with the status and the appointment", async () => {
    const response = await post(message("+84 901 000 001", `tra cứu ${accepted.code.toLowerCase()}`));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ outcome: "found", replied: true, repeated: false });
    const replies = repliesTo("0901000001");
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toMatch(
      new RegExp(`^Hồ sơ ${accepted.code.replace(/\./g, "\\.")}: ${STATUS_LABELS[2].vi}\\. `),
    );
    expect(replies[0]!.text).toContain(
      `Hẹn trả kết quả: ${formatInstant(accepted.dueAt.toISOString(), "vi")}.`,
    );
    expect(replies[0]!.text).toMatch(
      new RegExp(
        `Chi tiết: https://dichvucong\\.tinh\\.example/tra-cuu/${encodeURIComponent(accepted.code).replace(/\./g, "\\.")}$`,
      ),
    );
    // The same answer as the web page and the API: one lookup service shapes it (issue #12 §1).
    const found = await lookupDossier(handle.db, accepted.code, {
      publicUrl: "https://dichvucong.tinh.example",
      maskNames: true,
    });
    expect(replies[0]!.text).toBe(smsReplyText(found!));
    expect(replies[0]!.text).not.toContain("Nguyễn");
    const row = await handle.db
      .selectFrom("notifications")
      .selectAll()
      .where("kind", "=", "smsLookupReply")
      .where("address", "=", "0901000001")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("TRACUU without diacritics, a dossier not yet accepted: its status, no appointment", async () => {
    const response = await post(message("0901000002", `TRACUU ${waiting.code}`));
    expect(response.json()).toMatchObject({ outcome: "found", replied: true });
    const text = repliesTo("0901000002")[0]!.text;
    expect(text).toMatch(new RegExp(`^Hồ sơ ${waiting.code.replace(/\./g, "\\.")}: Mới đăng ký\\. Nộp: `));
    expect(text).not.toContain("Hẹn trả kết quả");
  });

  it("a dossier refused at reception answers its status, never waiting for acceptance (R-LOOK-2 clarified)", async () => {
    const response = await post(message("0901000012", `TRACUU ${refused.code}`));
    expect(response.json()).toMatchObject({ outcome: "found", replied: true });
    const text = repliesTo("0901000012")[0]!.text;
    expect(text).toMatch(
      new RegExp(`^Hồ sơ ${refused.code.replace(/\./g, "\\.")}: Không được tiếp nhận\\. `),
    );
    expect(text).not.toContain("Mới đăng ký");
  });

  it("an unknown code gets a helpful reply; a message without the keyword gets the syntax", async () => {
    expect((await post(message("0901000003", "TRACUU 000.20.01.H99-991231-9999"))).json()).toMatchObject({
      outcome: "unknown",
      replied: true,
    });
    expect(repliesTo("0901000003")[0]!.text).toContain(
      "Không tìm thấy hồ sơ mã 000.20.01.H99-991231-9999. Vui lòng kiểm tra mã trên giấy tiếp nhận và gửi lại: TRACUU <mã hồ sơ>.",
    );
    expect((await post(message("0901000004", "xin chào"))).json()).toMatchObject({
      outcome: "invalid",
      replied: true,
    });
    expect(repliesTo("0901000004")[0]!.text).toContain("Cú pháp tra cứu hồ sơ: TRACUU <mã hồ sơ>");
  });

  it("the same gateway message delivered twice is answered once", async () => {
    const body = message("0901000005", `TRACUU ${accepted.code}`);
    expect((await post(body)).json()).toMatchObject({ outcome: "found", repeated: false });
    expect((await post(body)).json()).toEqual({ outcome: "found", replied: false, repeated: true });
    expect(repliesTo("0901000005")).toHaveLength(1);
  });

  it("rate limit per phone number: 3 answers an hour, one notice, then silence; another number and the next hour are answered", async () => {
    const phone = "0901000006";
    const outcomes = [];
    for (let index = 0; index < 5; index++)
      outcomes.push((await post(message(phone, `TRACUU ${accepted.code}`))).json().outcome);
    expect(outcomes).toEqual(["found", "found", "found", "limited", "silenced"]);
    const replies = repliesTo(phone);
    expect(replies).toHaveLength(4);
    expect(replies[3]!.text).toContain("Bạn đã tra cứu 3 lần trong 1 giờ qua");
    expect((await post(message("0901000007", `TRACUU ${accepted.code}`))).json().outcome).toBe("found");
    clock.advanceMinutes(61);
    expect((await post(message(phone, `TRACUU ${accepted.code}`))).json().outcome).toBe("found");
  });

  it("401 without or with a wrong secret (Vietnamese, English), and nothing is recorded or sent", async () => {
    const before = { inbound: await inboundCount(), sent: sms.received().length };
    const missing = await post(message("0901000008", `TRACUU ${accepted.code}`), {});
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error).toMatchObject({
      code: "INVALID_GATEWAY_SECRET",
      message: "Thiếu hoặc sai khóa bí mật của cổng SMS",
    });
    const wrong = await post(message("0901000008", `TRACUU ${accepted.code}`), {
      "x-gateway-secret": `${secret}x`,
      "accept-language": "en",
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe("Missing or wrong SMS gateway secret");
    expect({ inbound: await inboundCount(), sent: sms.received().length }).toEqual(before);
  });

  it("400 for a body without a sender or with a malformed number (Vietnamese, English); nothing recorded", async () => {
    const before = await inboundCount();
    const missing = await post({ messageId: "gw-x", text: "TRACUU 1" });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe("VALIDATION_FAILED");
    expect(missing.json().error.message).toBe("Dữ liệu không hợp lệ");
    const malformed = await post(
      { messageId: "gw-y", from: "abc", text: "TRACUU 1" },
      { "x-gateway-secret": secret, "accept-language": "en" },
    );
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.message).toBe("The input is not valid");
    expect(await inboundCount()).toBe(before);
  });

  it("a configured keyword replaces TRACUU; without a secret the webhook answers 503", async () => {
    const custom = await build({ smsInboundSecret: secret, smsLookupKeyword: "HOSO" });
    await custom.ready();
    try {
      expect(
        (await post(message("0901000009", `hoso ${accepted.code}`), undefined, custom)).json().outcome,
      ).toBe("found");
      expect(
        (await post(message("0901000010", `TRACUU ${accepted.code}`), undefined, custom)).json().outcome,
      ).toBe("invalid");
    } finally {
      await custom.close();
    }
    const off = await build({});
    await off.ready();
    try {
      const response = await post(message("0901000011", `TRACUU ${accepted.code}`), undefined, off);
      expect(response.statusCode).toBe(503);
      expect(response.json().error.code).toBe("NOT_CONFIGURED");
    } finally {
      await off.close();
    }
  });
});
