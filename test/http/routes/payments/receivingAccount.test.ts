import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../../src/db/connection.ts";
import { type App, buildApp } from "../../../../src/http/app.ts";
import { findActor } from "../../../../src/services/accounts/actor.ts";
import { assignDossier } from "../../../../src/services/dossiers/processing/assignDossier.ts";
import { requestPayment } from "../../../../src/services/dossiers/processing/requestPayment.ts";
import { openPaymentPorts, type PaymentPorts } from "../../../../src/services/payments/paymentPorts.ts";
import { at, dossierInProcessing } from "../../../services/dossiers/processing/processingFixtures.ts";
import { loginAs, type TestSession } from "../../../support/authSession.ts";
import { demoUserIds } from "../../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../../support/testDatabase.ts";

/**
 * R-FEE-6, issue #15: the payment request carries the agency's receiving account its administrator set in the admin
 * console, and the account derived from the agency's code when none is set.
 */
let database: DatabaseHandle;
let app: App;
let payments: PaymentPorts;
let users: Record<string, string>;
let citizen: TestSession;
let admin: TestSession;
const now = at("2026-11-23T10:00");

beforeAll(async () => {
  database = await createTestDatabase({ seeded: true });
  payments = await openPaymentPorts({
    paymentPlatformUrl: undefined,
    paymentCallbackSecret: "test-callback-secret-0123456789",
    paymentBankBin: "970415",
  });
  app = await buildApp({
    db: database.db,
    databaseKind: database.kind,
    clock: () => now,
    payments,
    config: {
      logLevel: "silent",
      publicRateLimitPerMinute: 1_000_000,
      publicUrl: "http://127.0.0.1:3000",
      // The demo administrators seeded here have no second factor (issue #14).
      adminMfaRequired: false,
      loginRateLimitPerMinute: 1_000_000,
      filesDir: join(mkdtempSync(join(tmpdir(), "onestop-files-")), "files"),
    },
  });
  users = await demoUserIds(database.db);
  citizen = await loginAs(app, "congdan.demo", "Demo@2026!CongDan");
  admin = await loginAs(app, "quantri.trungtam", "Demo@2026!QuanTriTT");
}, 120_000);

afterAll(async () => {
  await app?.close();
  await payments?.close();
  await database?.close();
});

const actor = async (username: string) => (await findActor(database.db, users[username]!))!;

async function awaitingPayment(): Promise<string> {
  const dossierId = await dossierInProcessing(database.db, users, at("2026-11-23T09:00"));
  await assignDossier(database.db, {
    dossierId,
    actor: await actor("truongphong.trungtam"),
    now: at("2026-11-23T09:10"),
    assigneeId: users["chuyenvien.trungtam"]!,
  });
  await requestPayment(database.db, {
    dossierId,
    actor: await actor("chuyenvien.trungtam"),
    now: at("2026-11-23T09:20"),
    obligations: [{ name: "Lệ phí đăng ký lại khai sinh", amount: 20_000 }],
  });
  return dossierId;
}

/** What the platform was sent: its payment page shows the receiving account. */
async function accountSentFor(dossierId: string) {
  const started = await app.inject({
    method: "POST",
    url: `/api/citizen/dossiers/${dossierId}/payments`,
    headers: citizen.headers,
  });
  expect(started.statusCode, started.body).toBe(201);
  const { redirectUrl, vietQr } = started.json() as { redirectUrl: string; vietQr: string };
  const page = await (await fetch(redirectUrl)).text();
  return { page, vietQr };
}

describe("POST /api/citizen/dossiers/:id/payments uses the agency's receiving account (R-FEE-6)", () => {
  it("sends the derived account when none is set, and the configured one once the agency administrator sets it", async () => {
    const dossierId = await awaitingPayment();
    const agencyId = (
      await database.db
        .selectFrom("dossiers")
        .select("agency_id")
        .where("id", "=", dossierId)
        .executeTakeFirstOrThrow()
    ).agency_id;
    const agency = await database.db
      .selectFrom("agencies")
      .select("code")
      .where("id", "=", agencyId)
      .executeTakeFirstOrThrow();
    const derivedNumber = `3511${agency.code.replace(/\D/g, "")}`.slice(0, 19);
    const derived = await accountSentFor(dossierId);
    expect(derived.vietQr).toContain("970415");
    expect(derived.vietQr).toContain(derivedNumber);

    const set = await app.inject({
      method: "PUT",
      url: `/api/admin/agencies/${agencyId}/payment-account`,
      headers: admin.headers,
      payload: { accountNumber: "0987654321012", bankBin: "970436", accountName: "UBND PHUONG TRUNG TAM" },
    });
    expect(set.statusCode, set.body).toBe(200);

    const second = await awaitingPayment();
    const configured = await accountSentFor(second);
    expect(configured.vietQr).toContain("970436");
    expect(configured.vietQr).toContain("0987654321012");
    expect(configured.vietQr).not.toContain(derivedNumber);
    expect(configured.page).toContain("UBND PHUONG TRUNG TAM");
  });
});
