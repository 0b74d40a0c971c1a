import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../../src/db/connection.ts";
import { type App, buildApp } from "../../../../src/http/app.ts";
import { signCallback } from "../../../../src/integrations/payment/callbackSignature.ts";
import { findActor } from "../../../../src/services/accounts/actor.ts";
import { requestWithdrawal } from "../../../../src/services/dossiers/applicant/requestWithdrawal.ts";
import { confirmStop } from "../../../../src/services/dossiers/counter/confirmStop.ts";
import { assignDossier } from "../../../../src/services/dossiers/processing/assignDossier.ts";
import { requestPayment } from "../../../../src/services/dossiers/processing/requestPayment.ts";
import { openPaymentPorts, type PaymentPorts } from "../../../../src/services/payments/paymentPorts.ts";
import { trackRefunds } from "../../../../src/services/payments/refunds.ts";
import { at, dossierInProcessing } from "../../../services/dossiers/processing/processingFixtures.ts";
import { loginAs, type TestSession } from "../../../support/authSession.ts";
import { demoUserIds } from "../../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../../support/testDatabase.ts";

const SECRET = "test-callback-secret-0123456789";
const PASSWORDS: Record<string, string> = {
  "congdan.demo": "Demo@2026!CongDan",
  "doanhnghiep.demo": "Demo@2026!DoanhNghiep",
  "motcua.trungtam": "Demo@2026!MotCuaTT",
  "chuyenvien.trungtam": "Demo@2026!ChuyenVienTT",
  "truongphong.trungtam": "Demo@2026!TruongPhongTT",
  "motcua.sotaichinh": "Demo@2026!MotCuaSTC",
};

let database: DatabaseHandle;
let app: App;
let payments: PaymentPorts;
let users: Record<string, string>;
const sessions: Record<string, TestSession> = {};
const now = at("2026-11-23T10:00");

beforeAll(async () => {
  database = await createTestDatabase({ seeded: true });
  payments = await openPaymentPorts({
    paymentPlatformUrl: undefined,
    paymentCallbackSecret: SECRET,
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
      loginRateLimitPerMinute: 1_000_000,
      filesDir: join(mkdtempSync(join(tmpdir(), "onestop-files-")), "files"),
    },
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as AddressInfo;
  // The simulator calls back over real HTTP, signed with the shared secret (R-FEE-6).
  payments.simulator!.configure({
    callbackUrl: `http://127.0.0.1:${port}/api/integration/payments/callback`,
  });
  users = await demoUserIds(database.db);
  for (const [username, password] of Object.entries(PASSWORDS))
    sessions[username] = await loginAs(app, username, password);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await payments?.close();
  await database?.close();
});

beforeEach(() => payments.simulator!.resetFaults());

const actor = async (username: string) => (await findActor(database.db, users[username]!))!;

/** A dossier under processing whose specialist asked for 25.000 đ (4 → 6, R-FEE-4). */
async function awaitingPayment(amount = 25_000): Promise<string> {
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
    obligations: [
      { name: "Lệ phí đăng ký lại khai sinh", amount: amount - 5_000 },
      { name: "Phí cấp bản sao trích lục", amount: 5_000 },
    ],
  });
  return dossierId;
}

const start = (dossierId: string, session: TestSession | null = sessions["congdan.demo"]!) =>
  app.inject({
    method: "POST",
    url: `/api/citizen/dossiers/${dossierId}/payments`,
    headers: session?.headers ?? {},
  });

const callback = (body: Record<string, unknown>, signature?: string, language?: string) => {
  const raw = JSON.stringify(body);
  return app.inject({
    method: "POST",
    url: "/api/integration/payments/callback",
    payload: raw,
    headers: {
      "content-type": "application/json",
      "x-signature": signature ?? signCallback(SECRET, raw),
      ...(language ? { "accept-language": language } : {}),
    },
  });
};

async function dossierOf(id: string) {
  return database.db
    .selectFrom("dossiers")
    .select(["status", "version", "code"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}
const count = async (table: "payment_transactions" | "receipts", dossierId: string) =>
  Number(
    (
      await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("dossier_id", "=", dossierId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("POST /api/citizen/dossiers/:id/payments (R-FEE-6)", () => {
  it("201 with the request, the platform page and a VietQR code; the same request when asked again", async () => {
    const dossierId = await awaitingPayment();
    const response = await start(dossierId);
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ amount: 25_000, currency: "VND" });
    expect(body.redirectUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pay\//);
    expect(body.vietQr).toMatch(/^000201010212/);
    expect(body.vietQr).toContain("540525000");
    expect((await start(dossierId)).json().paymentRequestId).toBe(body.paymentRequestId);
    const fees = await app.inject({
      method: "GET",
      url: `/api/citizen/dossiers/${dossierId}/fees`,
      headers: sessions["congdan.demo"]!.headers,
    });
    expect(fees.json().owed).toMatchObject({ purpose: "processing", total: 25_000 });
    expect(fees.json().owed.lines).toHaveLength(2);
  });

  it("409 when nothing is owed", async () => {
    const dossierId = await dossierInProcessing(database.db, users, at("2026-11-23T09:00"));
    const response = await start(dossierId);
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe("NOTHING_OWED");
  });

  it("404 for another applicant's dossier and an unknown one; 403 for an officer; 401 without a session; 400 bad id", async () => {
    const dossierId = await awaitingPayment();
    expect((await start(dossierId, sessions["doanhnghiep.demo"])).statusCode).toBe(404);
    expect((await start("00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
    expect((await start(dossierId, sessions["motcua.trungtam"])).statusCode).toBe(403);
    expect((await start(dossierId, null)).statusCode).toBe(401);
    expect((await start("not-a-uuid")).statusCode).toBe(400);
  });
});

describe("the platform's callback (R-FEE-6, R-FEE-3)", () => {
  it("a payment on the simulator's page moves the dossier 6 → 4 with one payment, one receipt and the event; 100 replays change nothing", async () => {
    const dossierId = await awaitingPayment();
    const { paymentRequestId } = (await start(dossierId)).json();
    payments.simulator!.faults.duplicateCallbacks = 99;
    const paid = await payments.simulator!.pay(paymentRequestId, "success", now);
    const after = await dossierOf(dossierId);
    expect(after.status).toBe(4);
    expect(await count("payment_transactions", dossierId)).toBe(1);
    expect(await count("receipts", dossierId)).toBe(1);
    expect(
      payments
        .simulator!.callbackAnswers()
        .slice(-100)
        .every((status) => status === 200),
    ).toBe(true);
    const event = await database.db
      .selectFrom("dossier_events")
      .select(["type", "from_status", "to_status", "actor_role"])
      .where("dossier_id", "=", dossierId)
      .orderBy("sequence", "desc")
      .executeTakeFirstOrThrow();
    expect(event).toEqual({
      type: "paymentConfirmed",
      from_status: 6,
      to_status: 4,
      actor_role: "paymentSystem",
    });
    const replay = await callback({
      transactionId: paid.transactionId,
      paymentRequestId,
      dossierCode: after.code,
      amount: 25_000,
      currency: "VND",
      status: "success",
      paidAt: paid.paidAt,
    });
    expect(replay.json()).toEqual({ received: true, outcome: "accepted", duplicate: true });
    expect((await dossierOf(dossierId)).version).toBe(after.version);

    const receipts = await app.inject({
      method: "GET",
      url: `/api/dossiers/${dossierId}/receipts`,
      headers: sessions["congdan.demo"]!.headers,
    });
    const [receipt] = receipts.json();
    expect(receipt).toMatchObject({
      amount: 25_000,
      amountInWords: "Hai mươi lăm nghìn đồng",
      method: "onlineNational",
    });
    const pdf = await app.inject({
      method: "GET",
      url: receipt.pdfUrl,
      headers: sessions["congdan.demo"]!.headers,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    expect(
      (
        await app.inject({
          method: "GET",
          url: receipt.pdfUrl,
          headers: sessions["doanhnghiep.demo"]!.headers,
        })
      ).statusCode,
    ).toBe(404);
    const check = await app.inject({
      method: "GET",
      url: `/api/public/receipts/${receipt.verificationCode}`,
    });
    expect(check.json()).toMatchObject({ valid: true, amount: 25_000, dossierCode: after.code });
    expect((await app.inject({ method: "GET", url: "/api/public/receipts/ZZZZZ-ZZZZZ" })).statusCode).toBe(
      404,
    );
  });

  it("a wrong amount is held for an officer, never accepted; the officer closes it with a reason", async () => {
    const dossierId = await awaitingPayment();
    const { paymentRequestId } = (await start(dossierId)).json();
    payments.simulator!.faults.wrongAmountBy = -1_000;
    await payments.simulator!.pay(paymentRequestId, "success", now);
    expect((await dossierOf(dossierId)).status).toBe(6);
    expect(await count("receipts", dossierId)).toBe(0);
    const held = await app.inject({
      method: "GET",
      url: "/api/office/payments/held",
      headers: sessions["motcua.trungtam"]!.headers,
    });
    const row = held
      .json()
      .find(
        (entry: { amount: number; heldReason: string }) =>
          entry.amount === 24_000 && entry.heldReason === "amountMismatch",
      );
    expect(row).toBeDefined();
    const otherAgency = await app.inject({
      method: "GET",
      url: "/api/office/payments/held",
      headers: sessions["motcua.sotaichinh"]!.headers,
    });
    expect(otherAgency.json().some((entry: { id: string }) => entry.id === row.id)).toBe(false);
    const resolve = (session: TestSession | undefined, payload: object) =>
      app.inject({
        method: "POST",
        url: `/api/office/payments/${row.id}/resolve`,
        payload,
        headers: session?.headers ?? {},
      });
    expect((await resolve(sessions["motcua.trungtam"], {})).statusCode).toBe(400);
    expect((await resolve(sessions["motcua.sotaichinh"], { reason: "Sai số tiền" })).statusCode).toBe(404);
    expect((await resolve(sessions["congdan.demo"], { reason: "Sai số tiền" })).statusCode).toBe(403);
    expect(
      (await resolve(sessions["motcua.trungtam"], { reason: "Sai số tiền, hoàn trả người nộp" })).statusCode,
    ).toBe(204);
    expect((await resolve(sessions["motcua.trungtam"], { reason: "again" })).statusCode).toBe(409);
  });

  it("a wrong currency is held; a failure changes nothing; reordered callbacks count once", async () => {
    const dossierId = await awaitingPayment();
    const { paymentRequestId } = (await start(dossierId)).json();
    const { code } = await dossierOf(dossierId);
    const base = { paymentRequestId, dossierCode: code, amount: 25_000, paidAt: now.toISOString() };
    expect(
      (await callback({ ...base, transactionId: "T-USD", currency: "USD", status: "success" })).json()
        .outcome,
    ).toBe("held");
    expect(
      (await callback({ ...base, transactionId: "T-FAIL", currency: "VND", status: "failed" })).json()
        .outcome,
    ).toBe("failed");
    expect((await dossierOf(dossierId)).status).toBe(6);
    payments.simulator!.faults.holdCallbacks = true;
    payments.simulator!.faults.duplicateCallbacks = 2;
    await payments.simulator!.pay(paymentRequestId, "failed", now);
    await payments.simulator!.pay(paymentRequestId, "success", now);
    await payments.simulator!.releaseCallbacks();
    expect((await dossierOf(dossierId)).status).toBe(4);
    expect(await count("receipts", dossierId)).toBe(1);
  });

  it("401 for a forged or missing signature, 404 in Vietnamese (English on request) for an unknown request, 400 for a bad body", async () => {
    const body = {
      transactionId: "T-X",
      paymentRequestId: "00000000-0000-4000-8000-000000000000",
      dossierCode: "X",
      amount: 1,
      currency: "VND",
      status: "success",
      paidAt: now.toISOString(),
    };
    expect((await callback(body, "0".repeat(64))).statusCode).toBe(401);
    expect((await callback(body, "nope")).statusCode).toBe(401);
    const unknown = await callback(body);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe("Không tìm thấy yêu cầu thanh toán");
    expect((await callback(body, undefined, "en")).json().error.message).toBe("No such payment request");
    expect((await callback({ ...body, amount: 1.5 })).statusCode).toBe(400);
    expect((await callback({ ...body, status: "maybe" })).statusCode).toBe(400);
    expect((await callback({ ...body, paidAt: "yesterday" })).statusCode).toBe(400);
    const { transactionId: _omit, ...withoutId } = body;
    expect((await callback(withoutId)).statusCode).toBe(400);
  });
});

describe("POST /api/office/dossiers/:id/payments: at the counter (R-FEE-1)", () => {
  const pay = (dossierId: string, session: TestSession | undefined, payload: object) =>
    app.inject({
      method: "POST",
      url: `/api/office/dossiers/${dossierId}/payments`,
      payload,
      headers: session?.headers ?? {},
    });

  it("records cash with the officer, issues the next receipt number and moves 6 → 4", async () => {
    const dossierId = await awaitingPayment(15_000);
    const response = await pay(dossierId, sessions["motcua.trungtam"], { method: "cash" });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ status: 4 });
    const row = await database.db
      .selectFrom("payment_transactions")
      .select(["recorded_by", "method", "outcome"])
      .where("dossier_id", "=", dossierId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ recorded_by: users["motcua.trungtam"], method: "cash", outcome: "accepted" });
    expect((await pay(dossierId, sessions["motcua.trungtam"], { method: "cash" })).statusCode).toBe(409);
  });

  it("400 bad method, 403 wrong role, 404 other agency, 401 without a session", async () => {
    const dossierId = await awaitingPayment();
    expect((await pay(dossierId, sessions["motcua.trungtam"], { method: "cheque" })).statusCode).toBe(400);
    expect((await pay(dossierId, sessions["chuyenvien.trungtam"], { method: "cash" })).statusCode).toBe(403);
    expect((await pay(dossierId, sessions["motcua.sotaichinh"], { method: "cash" })).statusCode).toBe(404);
    expect((await pay(dossierId, undefined, { method: "cash" })).statusCode).toBe(401);
  });

  it("receipt numbers of the agency's year run 1…n without gaps", async () => {
    const numbers = await database.db.selectFrom("receipts").select("number").execute();
    const sorted = numbers.map((r) => r.number).sort((a, b) => a - b);
    expect(sorted).toEqual(sorted.map((_, index) => index + 1));
  });
});

describe("daily reconciliation (R-FEE-2)", () => {
  it("finds the difference the simulator was told to inject, the held wrong amount, and an officer resolves each; Excel reports", async () => {
    const monitor = await loginAs(app, "giamsat.ttpvhcc", "Demo@2026!GiamSatHCC");
    payments.simulator!.faults.statementUnknownLines = 1;
    const run = await app.inject({
      method: "POST",
      url: "/api/office/reconciliation/run",
      payload: { day: "2026-11-23" },
      headers: monitor.headers,
    });
    expect(run.statusCode).toBe(200);
    expect(run.json().statementLines).toBeGreaterThan(1);
    expect(run.json().differences).toBeGreaterThanOrEqual(2);
    const list = await app.inject({
      method: "GET",
      url: "/api/office/reconciliation/differences?from=2026-11-23&to=2026-11-23",
      headers: monitor.headers,
    });
    const differences = list.json() as {
      id: string;
      kind: string;
      statementAmount: number;
      recordedAmount: number;
    }[];
    expect(differences.some((d) => d.kind === "unknownHere")).toBe(true);
    expect(
      differences.some(
        (d) => d.kind === "amountMismatch" && d.statementAmount === 25_000 && d.recordedAmount === 24_000,
      ),
    ).toBe(true);
    const mismatch = differences.find((d) => d.kind === "amountMismatch")!;
    // The ward's counter officer sees the ward's differences, not the unattributed platform line.
    const ward = await app.inject({
      method: "GET",
      url: "/api/office/reconciliation/differences?from=2026-11-23&to=2026-11-23",
      headers: sessions["motcua.trungtam"]!.headers,
    });
    expect(ward.json().map((d: { id: string }) => d.id)).toContain(mismatch.id);
    expect(ward.json().some((d: { kind: string }) => d.kind === "unknownHere")).toBe(false);
    const resolve = (session: TestSession, payload: object) =>
      app.inject({
        method: "POST",
        url: `/api/office/reconciliation/differences/${mismatch.id}/resolve`,
        payload,
        headers: session.headers,
      });
    expect((await resolve(sessions["motcua.trungtam"]!, { reason: "" })).statusCode).toBe(400);
    expect(
      (await resolve(sessions["motcua.sotaichinh"]!, { reason: "Không thuộc cơ quan" })).statusCode,
    ).toBe(404);
    expect(
      (await resolve(sessions["motcua.trungtam"]!, { reason: "Ngân hàng trừ đủ 25.000 đ; hoàn 1.000 đ" }))
        .statusCode,
    ).toBe(204);
    expect((await resolve(sessions["motcua.trungtam"]!, { reason: "lần nữa" })).statusCode).toBe(409);
    // Running the day again keeps the resolution.
    await app.inject({
      method: "POST",
      url: "/api/office/reconciliation/run",
      payload: { day: "2026-11-23" },
      headers: monitor.headers,
    });
    const again = await app.inject({
      method: "GET",
      url: "/api/office/reconciliation/differences?from=2026-11-23&to=2026-11-23",
      headers: monitor.headers,
    });
    expect(again.json().find((d: { id: string }) => d.id === mismatch.id).resolution).toContain("hoàn 1.000");

    for (const query of ["day=2026-11-23", "month=2026-11"]) {
      const report = await app.inject({
        method: "GET",
        url: `/api/office/reconciliation/report.xlsx?${query}`,
        headers: monitor.headers,
      });
      expect(report.statusCode).toBe(200);
      expect(report.rawPayload.subarray(0, 2).toString()).toBe("PK");
    }
    expect(
      (
        await app.inject({
          method: "GET",
          url: "/api/office/reconciliation/report.xlsx",
          headers: monitor.headers,
        })
      ).statusCode,
    ).toBe(400);
  });

  it("400 bad day, 403 for a counter officer running the province's statement or a citizen, 401 without a session", async () => {
    const monitor = await loginAs(app, "giamsat.ttpvhcc", "Demo@2026!GiamSatHCC");
    const run = (headers: Record<string, string>, day: string) =>
      app.inject({ method: "POST", url: "/api/office/reconciliation/run", payload: { day }, headers });
    expect((await run(monitor.headers, "2026-13-01")).statusCode).toBe(400);
    expect((await run(sessions["motcua.trungtam"]!.headers, "2026-11-23")).statusCode).toBe(403);
    expect((await run(sessions["congdan.demo"]!.headers, "2026-11-23")).statusCode).toBe(403);
    expect((await run({}, "2026-11-23")).statusCode).toBe(401);
    const list = await app.inject({
      method: "GET",
      url: "/api/office/reconciliation/differences?from=2026-11-23&to=2026-11-23",
      headers: sessions["congdan.demo"]!.headers,
    });
    expect(list.statusCode).toBe(403);
  });
});

describe("refunds (R-STOP-2)", () => {
  const refund = (dossierId: string, session: TestSession | null, payload: object) =>
    app.inject({
      method: "POST",
      url: `/api/office/dossiers/${dossierId}/refunds`,
      payload,
      headers: session?.headers ?? {},
    });

  it("a dossier stopped after an online payment is refunded through the platform, tracked until confirmed, with its receipt adjustment", async () => {
    const dossierId = await awaitingPayment(30_000);
    const { paymentRequestId } = (await start(dossierId)).json();
    await payments.simulator!.pay(paymentRequestId, "success", now);
    expect((await dossierOf(dossierId)).status).toBe(4);
    // Still under processing: nothing to refund yet.
    expect(
      (await refund(dossierId, sessions["motcua.trungtam"]!, { reason: "Dừng giải quyết" })).statusCode,
    ).toBe(409);
    await requestWithdrawal(database.db, {
      actor: await actor("congdan.demo"),
      dossierId,
      reason: "Không còn nhu cầu",
      now,
    });
    await confirmStop(database.db, {
      actor: await actor("motcua.trungtam"),
      dossierId,
      noticeRef: "TB-01",
      now,
    } as never);
    expect((await dossierOf(dossierId)).status).toBe(8);

    expect((await refund(dossierId, sessions["motcua.trungtam"]!, {})).statusCode).toBe(400);
    expect(
      (await refund(dossierId, sessions["chuyenvien.trungtam"]!, { reason: "Dừng giải quyết" })).statusCode,
    ).toBe(403);
    expect(
      (await refund(dossierId, sessions["motcua.sotaichinh"]!, { reason: "Dừng giải quyết" })).statusCode,
    ).toBe(404);
    expect((await refund(dossierId, null, { reason: "Dừng giải quyết" })).statusCode).toBe(401);
    const sent = await refund(dossierId, sessions["motcua.trungtam"]!, {
      reason: "Dừng giải quyết theo đề nghị",
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject([{ amount: 30_000, status: "sent" }]);
    // A second request finds nothing left to refund.
    expect((await refund(dossierId, sessions["motcua.trungtam"]!, { reason: "lần nữa" })).statusCode).toBe(
      409,
    );

    expect(await trackRefunds(database.db, payments.platform, now)).toBeGreaterThanOrEqual(1);
    const listed = await app.inject({
      method: "GET",
      url: `/api/office/dossiers/${dossierId}/refunds`,
      headers: sessions["motcua.trungtam"]!.headers,
    });
    expect(listed.json()).toMatchObject([{ status: "confirmed", amount: 30_000 }]);
    const receipts = await app.inject({
      method: "GET",
      url: `/api/dossiers/${dossierId}/receipts`,
      headers: sessions["congdan.demo"]!.headers,
    });
    expect(receipts.json().map((r: { kind: string; amount: number }) => [r.kind, r.amount])).toEqual([
      ["payment", 30_000],
      ["refund", -30_000],
    ]);
    const pdf = await app.inject({
      method: "GET",
      url: receipts.json()[1].pdfUrl,
      headers: sessions["congdan.demo"]!.headers,
    });
    expect(pdf.statusCode).toBe(200);
  });
});

describe("issue #20 (the authorization matrix): without a payment platform", () => {
  it("who may not pay or refund for the dossier is refused (404) before the 503; reconciling answers 503, not 502", async () => {
    const unwired = await buildApp({
      db: database.db,
      databaseKind: database.kind,
      clock: () => now,
      config: {
        logLevel: "silent",
        publicRateLimitPerMinute: 1_000_000,
        publicUrl: "http://127.0.0.1:3000",
        adminMfaRequired: false,
        filesDir: join(mkdtempSync(join(tmpdir(), "onestop-files-")), "files"),
      },
    });
    try {
      await unwired.ready();
      const dossierId = await awaitingPayment();
      const post = (url: string, session: TestSession, payload: object = {}) =>
        unwired.inject({ method: "POST", url, headers: session.headers, payload });
      const pay = `/api/citizen/dossiers/${dossierId}/payments`;
      expect((await post(pay, sessions["doanhnghiep.demo"]!)).statusCode).toBe(404);
      expect((await post(pay, sessions["congdan.demo"]!)).statusCode).toBe(503);
      const refund = `/api/office/dossiers/${dossierId}/refunds`;
      const reason = { reason: "Hồ sơ dừng xử lý" };
      expect((await post(refund, sessions["motcua.sotaichinh"]!, reason)).statusCode).toBe(404);
      expect((await post(refund, sessions["chuyenvien.trungtam"]!, reason)).statusCode).toBe(403);
      expect((await post(refund, sessions["motcua.trungtam"]!, reason)).statusCode).toBe(503);
      const monitor = await loginAs(unwired, "giamsat.ttpvhcc", "Demo@2026!GiamSatHCC");
      const run = await post("/api/office/reconciliation/run", monitor, { day: "2026-11-22" });
      expect(run.statusCode).toBe(503);
      expect(run.json().error.code).toBe("PAYMENT_NOT_CONFIGURED");
    } finally {
      await unwired.close();
    }
  });
});
