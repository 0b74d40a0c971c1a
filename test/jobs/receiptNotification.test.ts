import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connection.ts";
import type { Database } from "../../src/db/schema.ts";
import { smtpEmail } from "../../src/integrations/email/smtpEmail.ts";
import { type SmtpSimulator, startSmtpSimulator } from "../../src/integrations/email/smtpSimulator.ts";
import type { GatewaySimulator } from "../../src/integrations/gateway/gatewaySimulator.ts";
import { smsGateway } from "../../src/integrations/sms/smsGateway.ts";
import { startSmsSimulator } from "../../src/integrations/sms/smsSimulator.ts";
import { socialGateway } from "../../src/integrations/social/socialGateway.ts";
import { startSocialSimulator } from "../../src/integrations/social/socialSimulator.ts";
import { runNotificationDispatcher } from "../../src/jobs/notificationDispatcher.ts";
import { findActor } from "../../src/services/accounts/actor.ts";
import { assignDossier } from "../../src/services/dossiers/processing/assignDossier.ts";
import { requestPayment } from "../../src/services/dossiers/processing/requestPayment.ts";
import type { NotificationChannels } from "../../src/services/notifications/channels.ts";
import { planNotifications } from "../../src/services/notifications/planNotifications.ts";
import { renderNotification } from "../../src/services/notifications/templates.ts";
import { recordCounterPayment } from "../../src/services/payments/recordCounterPayment.ts";
import { dossierInProcessing } from "../services/dossiers/processing/processingFixtures.ts";
import { demoUserIds } from "../support/dossierFixtures.ts";
import { createTestDatabase } from "../support/testDatabase.ts";

/** Province time: at("2026-11-23T09:00") = Monday 23 November 2026, 09:00 in Asia/Ho_Chi_Minh. */
const at = (local: string) => new Date(`${local}:00+07:00`);
const PUBLIC_URL = "https://dichvucong.example.gov.vn/";

let handle: DatabaseHandle;
let db: Kysely<Database>;
let users: Record<string, string>;
let smtp: SmtpSimulator;
let sms: GatewaySimulator;
let social: GatewaySimulator;
let channels: NotificationChannels;
const options = { maxAttempts: 3, backoffSeconds: 10, publicUrl: PUBLIC_URL };

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  db = handle.db;
  users = await demoUserIds(db);
  [smtp, sms, social] = await Promise.all([
    startSmtpSimulator(),
    startSmsSimulator(),
    startSocialSimulator(),
  ]);
  channels = {
    email: smtpEmail({ url: smtp.url, from: "Trung tâm Phục vụ hành chính công <no-reply@onestop.test>" }),
    sms: smsGateway(sms.url),
    social: socialGateway(social.url),
  };
}, 120_000);

afterAll(async () => {
  await channels?.email.close();
  await Promise.all([smtp?.close(), sms?.close(), social?.close()]);
  await handle?.close();
});

const actor = async (username: string) => (await findActor(db, users[username]!))!;

describe("the e-receipt reaches the applicant with the notifications (R-FEE-3, R-LOOK-3, issue #15)", () => {
  it("a counter payment: the mail says the payment was received, with the receipt number, amount and verification link", async () => {
    const dossierId = await dossierInProcessing(db, users, at("2026-11-23T09:00"));
    await assignDossier(db, {
      dossierId,
      actor: await actor("truongphong.trungtam"),
      now: at("2026-11-23T09:10"),
      assigneeId: users["chuyenvien.trungtam"]!,
    });
    await requestPayment(db, {
      dossierId,
      actor: await actor("chuyenvien.trungtam"),
      now: at("2026-11-23T09:20"),
      obligations: [{ name: "Lệ phí đăng ký lại khai sinh", amount: 1_250_000 }],
    });
    await recordCounterPayment(db, {
      dossierId,
      actor: await actor("motcua.trungtam"),
      method: "cash",
      now: at("2026-11-23T10:00"),
    });
    const now = at("2026-11-23T10:01");
    await runNotificationDispatcher(db, channels, () => now, options);

    const receipt = await db
      .selectFrom("receipts")
      .select(["series", "number", "verification_code"])
      .where("dossier_id", "=", dossierId)
      .executeTakeFirstOrThrow();
    const { code } = await db
      .selectFrom("dossiers")
      .select("code")
      .where("id", "=", dossierId)
      .executeTakeFirstOrThrow();
    const mail = smtp.received().find((m) => m.subject === `Hồ sơ ${code}: đã nhận thanh toán phí, lệ phí`);
    expect(mail, JSON.stringify(smtp.received().map((m) => m.subject))).toBeDefined();
    expect(mail!.envelopeTo).toEqual(["nguyenvanan.demo@example.com"]);
    const number = `${receipt.series}-${String(receipt.number).padStart(7, "0")}`;
    expect(mail!.text).toContain(`đã nhận khoản thanh toán 1.250.000`);
    expect(mail!.text).toContain(`Biên lai điện tử số ${number}.`);
    expect(mail!.text).toContain(
      `Xem, tải và xác minh biên lai tại: https://dichvucong.example.gov.vn/xac-minh-bien-lai/${receipt.verification_code}`,
    );
    const text = sms.received().find((m) => m.text.includes("biên lai số"));
    expect(text?.text).toContain(number);
    // Sent once: a second pass has nothing new.
    expect(await runNotificationDispatcher(db, channels, () => now, options)).toMatchObject({
      events: 0,
      sent: 0,
    });
  });
});

describe("the payment-received notice (R-FEE-3)", () => {
  const lookups = {
    consultation: async () => undefined,
    stepLabel: (step: string) => ({ vi: step, en: step }),
    receipt: async (id: string) =>
      id === "r-1" ? { number: "BL26-0000042", verifyUrl: "https://x.vn/xac-minh-bien-lai/ABC" } : undefined,
  };
  it("is planned for the applicant from the confirmed payment; nothing when the receipt is unknown", async () => {
    const planned = await planNotifications(
      { type: "paymentConfirmed", payload: { receiptId: "r-1", amount: 25_000 } },
      lookups,
    );
    expect(planned).toEqual([
      {
        content: {
          kind: "paymentReceived",
          receiptNumber: "BL26-0000042",
          amount: 25_000,
          verifyUrl: "https://x.vn/xac-minh-bien-lai/ABC",
        },
        audience: { kind: "applicant" },
      },
    ]);
    expect(
      await planNotifications({ type: "paymentConfirmed", payload: { receiptId: "r-2" } }, lookups),
    ).toEqual([]);
    expect(await planNotifications({ type: "paymentConfirmed", payload: {} }, lookups)).toEqual([]);
  });
  it("reads in English for an applicant who chose English", () => {
    const rendered = renderNotification(
      {
        kind: "paymentReceived",
        receiptNumber: "BL26-0000042",
        amount: 25_000,
        verifyUrl: "https://x.vn/v/ABC",
      },
      { code: "H99.1", procedureName: "Birth", agencyName: "Ward", applicantName: "An" },
      "en",
      "An",
    );
    expect(rendered.subject).toBe("Dossier H99.1: payment received");
    expect(rendered.body).toContain("E-receipt number BL26-0000042.");
    expect(rendered.body).toContain("VND 25.000");
    expect(rendered.short).toContain("https://x.vn/v/ABC");
  });
});
