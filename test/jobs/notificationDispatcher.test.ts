import type { Kysely } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "../../src/db/connection.ts";
import type { Database } from "../../src/db/schema.ts";
import { smtpEmail } from "../../src/integrations/email/smtpEmail.ts";
import { type SmtpSimulator, startSmtpSimulator } from "../../src/integrations/email/smtpSimulator.ts";
import type { GatewaySimulator } from "../../src/integrations/gateway/gatewaySimulator.ts";
import { smsGateway } from "../../src/integrations/sms/smsGateway.ts";
import { startSmsSimulator } from "../../src/integrations/sms/smsSimulator.ts";
import { socialGateway } from "../../src/integrations/social/socialGateway.ts";
import { startSocialSimulator } from "../../src/integrations/social/socialSimulator.ts";
import { runDeadlineWatch } from "../../src/jobs/deadlineWatch.ts";
import { runNotificationDispatcher } from "../../src/jobs/notificationDispatcher.ts";
import { startScheduler } from "../../src/jobs/scheduler.ts";
import { findActor } from "../../src/services/accounts/actor.ts";
import { assignDossier } from "../../src/services/dossiers/processing/assignDossier.ts";
import {
  type ExistingDossierCommand,
  runDossierCommand,
} from "../../src/services/dossiers/runDossierCommand.ts";
import type { NotificationChannels } from "../../src/services/notifications/channels.ts";
import { retryDeadLetter } from "../../src/services/notifications/deadLetters.ts";
import { formatInstant } from "../../src/services/notifications/formatting.ts";
import { savePreferences } from "../../src/services/notifications/preferences.ts";
import { dossierInProcessing } from "../services/dossiers/processing/processingFixtures.ts";
import { demoUserIds, submitBirthRegistration } from "../support/dossierFixtures.ts";
import { createTestDatabase } from "../support/testDatabase.ts";

/** Province time: at("2026-11-23T09:00") = Monday 23 November 2026, 09:00 in Asia/Ho_Chi_Minh. */
const at = (local: string) => new Date(`${local}:00+07:00`);

let handle: DatabaseHandle;
let db: Kysely<Database>;
let users: Record<string, string>;
let smtp: SmtpSimulator;
let sms: GatewaySimulator;
let social: GatewaySimulator;
let channels: NotificationChannels;

/** A fresh set of ports on the same simulators: what a second dispatcher process would hold. */
function openChannels(): NotificationChannels {
  return {
    email: smtpEmail({ url: smtp.url, from: "Trung tâm Phục vụ hành chính công <no-reply@onestop.test>" }),
    sms: smsGateway(sms.url),
    social: socialGateway(social.url),
  };
}

const options = { maxAttempts: 3, backoffSeconds: 10 };

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  db = handle.db;
  users = await demoUserIds(db);
  [smtp, sms, social] = await Promise.all([
    startSmtpSimulator(),
    startSmsSimulator(),
    startSocialSimulator(),
  ]);
  channels = openChannels();
});

afterAll(async () => {
  await channels?.email.close();
  await Promise.all([smtp?.close(), sms?.close(), social?.close()]);
  await handle?.close();
});

// Each test starts with nothing left to send and empty simulators.
beforeEach(async () => {
  await runNotificationDispatcher(db, channels, () => at("2026-11-23T07:00"), options);
  await db.updateTable("notifications").set({ status: "sent" }).where("status", "<>", "sent").execute();
  (smtp.received() as unknown[]).length = 0;
  (sms.received() as unknown[]).length = 0;
  smtp.failNext(0);
  sms.failNext(0);
});

async function counterCommand(dossierId: string, command: ExistingDossierCommand, now: Date) {
  const counter = users["motcua.trungtam"]!;
  return runDossierCommand(db, {
    dossierId,
    command,
    actor: { role: "counterOfficer", id: counter },
    author: { userId: counter, role: "counter_officer" },
    now,
    authorize: () => {},
  });
}

describe("delivery through the SMTP and SMS simulators (R-LOOK-3)", () => {
  it("a submitted dossier reaches the applicant by e-mail (real SMTP, diacritics intact) and by SMS", async () => {
    const now = at("2026-11-23T09:00");
    const { row } = await submitBirthRegistration(db, users["congdan.demo"]!, now);
    const counts = await runNotificationDispatcher(db, channels, () => now, options);
    expect(counts).toMatchObject({ events: 1, notifications: 2, sent: 2, retried: 0, dead: 0 });

    const [mail] = smtp.received();
    expect(smtp.received()).toHaveLength(1);
    expect(mail!.envelopeTo).toEqual(["nguyenvanan.demo@example.com"]);
    expect(mail!.from).toBe("Trung tâm Phục vụ hành chính công <no-reply@onestop.test>");
    expect(mail!.subject).toBe(`Đã nhận hồ sơ ${row.code}`);
    const owner = await db
      .selectFrom("users")
      .select("full_name")
      .where("id", "=", users["congdan.demo"]!)
      .executeTakeFirstOrThrow();
    expect(mail!.text).toContain(`Kính gửi ông/bà ${owner.full_name},`);
    expect(mail!.text).toContain(
      `Cán bộ tiếp nhận sẽ kiểm tra và trả lời trước ${formatInstant(row.reception_due_at!.toISOString(), "vi")}.`,
    );
    // The Message-ID is the notification's idempotency key: a resend is recognisably the same message.
    const sent = await db
      .selectFrom("notifications")
      .selectAll()
      .where("dossier_id", "=", row.id)
      .orderBy("channel")
      .execute();
    expect(sent.map((n) => [n.channel, n.status, n.attempts])).toEqual([
      ["email", "sent", 1],
      ["sms", "sent", 1],
    ]);
    expect(mail!.messageId).toBe(`${sent[0]!.idempotency_key}@onestop.notifications`);

    expect(sms.received()).toHaveLength(1);
    expect(sms.received()[0]).toMatchObject({ to: "0912000001", idempotencyKey: sent[1]!.idempotency_key });
    expect(sms.received()[0]!.text).toContain(row.code);

    // Nothing left: a second pass finds no event and nothing due.
    expect(await runNotificationDispatcher(db, channels, () => now, options)).toMatchObject({
      events: 0,
      sent: 0,
    });
  });

  it("acceptance tells the code and the appointment; a supplement request lists every item (R-RECV-4, R-SUPP-1)", async () => {
    const now = at("2026-11-23T09:00");
    const first = await submitBirthRegistration(db, users["congdan.demo"]!, now);
    const accepted = await counterCommand(first.row.id, { type: "accept" }, at("2026-11-23T10:00"));
    const second = await submitBirthRegistration(db, users["congdan.demo"]!, now);
    const items = [
      "Giấy chứng sinh (bản quét rõ nét)",
      "Tờ khai có chữ ký của người yêu cầu",
      "Giấy tờ chứng minh nơi cư trú",
    ];
    await counterCommand(
      second.row.id,
      { type: "requestSupplementAtReception", reason: "Bản quét giấy chứng sinh bị mờ", items },
      at("2026-11-23T10:05"),
    );
    await runNotificationDispatcher(db, channels, () => at("2026-11-23T10:10"), options);

    const bySubject = new Map(smtp.received().map((mail) => [mail.subject, mail.text]));
    const acceptance = bySubject.get(`Hồ sơ ${first.row.code} đã được tiếp nhận`);
    expect(acceptance).toContain(
      `Ngày hẹn trả kết quả: ${formatInstant(accepted.row.due_at!.toISOString(), "vi")}.`,
    );
    const supplement = bySubject.get(`Hồ sơ ${second.row.code} cần bổ sung, hoàn thiện`);
    expect(supplement).toContain("Lý do: Bản quét giấy chứng sinh bị mờ");
    expect(supplement).toContain(items.map((item, index) => `  ${index + 1}. ${item}`).join("\n"));
  });

  it("officers: the counter officers of the agency when reception is near its deadline, the assignee of a step", async () => {
    const submittedAt = at("2026-11-24T09:00");
    const { row } = await submitBirthRegistration(db, users["congdan.demo"]!, submittedAt);
    const warnAt = new Date(row.reception_due_at!.getTime() - 60_000);
    expect(
      (await runDeadlineWatch(db, warnAt, { dueSoonWorkingHours: 8 })).reception.dueSoon,
    ).toBeGreaterThan(0);
    const inProcessing = await dossierInProcessing(db, users, at("2026-11-24T09:30"));
    const head = (await findActor(db, users["truongphong.trungtam"]!))!;
    await assignDossier(db, {
      dossierId: inProcessing,
      actor: head,
      now: at("2026-11-24T10:00"),
      assigneeId: users["chuyenvien.trungtam"]!,
    });
    await runNotificationDispatcher(db, channels, () => warnAt, options);

    const mails = smtp.received();
    const warning = mails.filter((mail) => mail.subject === `Sắp hết hạn tiếp nhận hồ sơ ${row.code}`);
    expect(warning.flatMap((mail) => mail.envelopeTo)).toContain("hong.lt@trungtam.demo.gov.vn");
    // Another agency's counter is not told.
    expect(warning.flatMap((mail) => mail.envelopeTo)).not.toContain("ha.tt@stc.demo.gov.vn");
    const code = (
      await db.selectFrom("dossiers").select("code").where("id", "=", inProcessing).executeTakeFirstOrThrow()
    ).code;
    const assigned = mails.find((mail) => mail.subject === `Được giao xử lý hồ sơ ${code}`);
    expect(assigned?.envelopeTo).toEqual(["tuan.pm@trungtam.demo.gov.vn"]);
    expect(assigned?.text).toContain('Ông/bà được giao bước "');
  });
});

describe("stale events", () => {
  it("an event older than the configured age is consumed without notifying anyone", async () => {
    const submitted = at("2026-11-23T09:00");
    const { row } = await submitBirthRegistration(db, users["congdan.demo"]!, submitted);
    const later = new Date(submitted.getTime() + 73 * 3_600_000);
    expect(
      await runNotificationDispatcher(db, channels, () => later, { ...options, maxEventAgeHours: 72 }),
    ).toMatchObject({
      events: 1,
      notifications: 0,
      sent: 0,
    });
    expect(
      await db.selectFrom("notifications").select("id").where("dossier_id", "=", row.id).execute(),
    ).toEqual([]);
    expect(smtp.received()).toHaveLength(0);
  });
});

describe("retries, dead letters and the administrator's retry", () => {
  it("failed sends wait 10 s, then 20 s; after 3 attempts the e-mail is a dead letter; a retry delivers it", async () => {
    const t0 = at("2026-11-25T09:00");
    const { row } = await submitBirthRegistration(db, users["congdan.demo"]!, t0);
    smtp.failNext(100);
    const pass = (when: Date) => runNotificationDispatcher(db, channels, () => when, options);
    const email = () =>
      db
        .selectFrom("notifications")
        .selectAll()
        .where("dossier_id", "=", row.id)
        .where("channel", "=", "email")
        .executeTakeFirstOrThrow();

    expect(await pass(t0)).toMatchObject({ sent: 1, retried: 1, dead: 0 }); // the SMS went, the e-mail did not
    let current = await email();
    expect(current).toMatchObject({ status: "pending", attempts: 1 });
    expect(current.available_at.getTime() - t0.getTime()).toBe(10_000);
    expect(current.last_error).toMatch(/451|Simulated temporary failure/);

    expect(await pass(new Date(t0.getTime() + 9_000))).toMatchObject({ sent: 0, retried: 0, dead: 0 }); // not due yet
    const t1 = new Date(t0.getTime() + 10_000);
    expect(await pass(t1)).toMatchObject({ retried: 1 });
    current = await email();
    expect(current.attempts).toBe(2);
    expect(current.available_at.getTime() - t1.getTime()).toBe(20_000); // doubled

    const t2 = new Date(t1.getTime() + 20_000);
    expect(await pass(t2)).toMatchObject({ dead: 1 });
    current = await email();
    expect(current).toMatchObject({ status: "dead", attempts: 3 });
    expect(current.dead_at).toEqual(t2);
    expect(await pass(new Date(t2.getTime() + 3_600_000))).toMatchObject({ sent: 0, retried: 0, dead: 0 });
    expect(smtp.received()).toHaveLength(0);

    smtp.failNext(0);
    const admin = (await findActor(db, users["quantri.trungtam"]!))!;
    const retried = await retryDeadLetter(db, admin, current.id, t2);
    expect(retried).toMatchObject({ status: "pending", attempts: 0 });
    expect(await pass(t2)).toMatchObject({ sent: 1 });
    expect(await email()).toMatchObject({ status: "sent", attempts: 1 });
    expect(smtp.received().map((mail) => mail.subject)).toEqual([`Đã nhận hồ sơ ${row.code}`]);
  });

  it("an answer lost after the gateway accepted: the retry carries the same key and the gateway does not send twice", async () => {
    const t0 = at("2026-11-25T10:00");
    await submitBirthRegistration(db, users["congdan.demo"]!, t0);
    const repeatsBefore = sms.repeats();
    let lose = true;
    const lossy: NotificationChannels = {
      ...channels,
      sms: {
        async send(message) {
          const result = await channels.sms.send(message);
          if (lose) {
            lose = false;
            throw new Error("connection reset before the answer arrived");
          }
          return result;
        },
      },
    };
    expect(await runNotificationDispatcher(db, lossy, () => t0, options)).toMatchObject({
      sent: 1,
      retried: 1,
    });
    expect(
      await runNotificationDispatcher(db, lossy, () => new Date(t0.getTime() + 10_000), options),
    ).toMatchObject({
      sent: 1,
    });
    expect(sms.received()).toHaveLength(1);
    expect(sms.repeats() - repeatsBefore).toBe(1);
  });
});

describe("two dispatchers at once (DESIGN §6)", () => {
  it("every event becomes its notifications once and every message is sent exactly once", async () => {
    const now = at("2026-11-26T09:00");
    const dossiers = [];
    for (let index = 0; index < 6; index++)
      dossiers.push((await submitBirthRegistration(db, users["congdan.demo"]!, now)).row);
    const other = openChannels();
    try {
      const [a, b] = await Promise.all([
        runNotificationDispatcher(db, channels, () => now, { ...options, batchSize: 2, fanOutBatchSize: 3 }),
        runNotificationDispatcher(db, other, () => now, { ...options, batchSize: 2, fanOutBatchSize: 3 }),
      ]);
      // Whatever either left behind (a batch limit), a further pass of both finishes.
      await Promise.all([
        runNotificationDispatcher(db, channels, () => now, options),
        runNotificationDispatcher(db, other, () => now, options),
      ]);
      expect(a.events + b.events).toBeLessThanOrEqual(6);
    } finally {
      await other.email.close();
    }
    const ids = dossiers.map((row) => row.id);
    const rows = await db.selectFrom("notifications").selectAll().where("dossier_id", "in", ids).execute();
    expect(rows).toHaveLength(12);
    expect(rows.every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
    const consumed = await db
      .selectFrom("outbox_consumptions as c")
      .innerJoin("outbox as o", "o.id", "c.outbox_id")
      .select("o.dossier_id")
      .where("o.dossier_id", "in", ids)
      .execute();
    expect(consumed).toHaveLength(6);

    const messageIds = smtp.received().map((mail) => mail.messageId);
    expect(messageIds).toHaveLength(6);
    expect(new Set(messageIds).size).toBe(6);
    expect(new Set(smtp.received().map((mail) => mail.subject))).toEqual(
      new Set(dossiers.map((row) => `Đã nhận hồ sơ ${row.code}`)),
    );
    expect(sms.received()).toHaveLength(6);
    expect(new Set(sms.received().map((message) => message.idempotencyKey)).size).toBe(6);
  });

  it("the outbox stays readable by other consumers: the dispatcher never marks outbox rows processed", async () => {
    const unprocessed = await db
      .selectFrom("outbox")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("processed_at", "is not", null)
      .executeTakeFirstOrThrow();
    expect(Number(unprocessed.n)).toBe(0);
  });
});

describe("inside onestop serve", () => {
  it("the scheduler runs the dispatcher on its own short timer, and stops cleanly", async () => {
    const now = at("2026-11-27T09:00");
    const { row } = await submitBirthRegistration(db, users["congdan.demo"]!, now);
    const scheduler = startScheduler({
      db,
      deadlineWatch: { dueSoonWorkingHours: 8 },
      clock: () => now,
      intervalMs: 3_600_000,
      notifications: { channels, options, intervalMs: 50 },
    });
    try {
      await vi.waitFor(
        () => expect(smtp.received().map((mail) => mail.subject)).toContain(`Đã nhận hồ sơ ${row.code}`),
        { timeout: 15_000, interval: 100 },
      );
    } finally {
      await scheduler.stop();
    }
  });
});

describe("per-user channel preferences", () => {
  it("an applicant who chose SMS and the social network in English gets exactly those, and no e-mail", async () => {
    const citizen = users["congdan.demo"]!;
    const now = at("2026-11-27T10:00");
    await savePreferences(
      db,
      citizen,
      { email: false, sms: true, social: true, socialHandle: "zalo-0912000001", language: "en" },
      now,
    );
    const socialBefore = social.received().length;
    try {
      const { row } = await submitBirthRegistration(db, citizen, now);
      await runNotificationDispatcher(db, channels, () => now, options);
      const rows = await db
        .selectFrom("notifications")
        .selectAll()
        .where("dossier_id", "=", row.id)
        .orderBy("channel")
        .execute();
      expect(rows.map((n) => [n.channel, n.language, n.address, n.status])).toEqual([
        ["sms", "en", "0912000001", "sent"],
        ["social", "en", "zalo-0912000001", "sent"],
      ]);
      expect(smtp.received()).toHaveLength(0);
      expect(sms.received().at(-1)!.text).toMatch(
        new RegExp(
          `^Dossier ${row.code.replace(/\./g, "\\.")} was sent to .+; an officer will answer soon\\.$`,
        ),
      );
      const message = social.received().slice(socialBefore);
      expect(message).toHaveLength(1);
      expect(message[0]!.text).toMatch(
        new RegExp(`^Dossier ${row.code.replace(/\./g, "\\.")} received\n\nDear `),
      );
    } finally {
      await db.deleteFrom("notification_preferences").where("user_id", "=", citizen).execute();
    }
  });
});
