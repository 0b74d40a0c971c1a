import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findActor } from "../../../../src/services/accounts/actor.ts";
import { assignDossier } from "../../../../src/services/dossiers/processing/assignDossier.ts";
import { requestPayment } from "../../../../src/services/dossiers/processing/requestPayment.ts";
import { openPaymentPorts, type PaymentPorts } from "../../../../src/services/payments/paymentPorts.ts";
import { receivePaymentCallback } from "../../../../src/services/payments/receivePaymentCallback.ts";
import { recordCounterPayment } from "../../../../src/services/payments/recordCounterPayment.ts";
import { startOnlinePayment } from "../../../../src/services/payments/startOnlinePayment.ts";
import { dossierInProcessing } from "../../../services/dossiers/processing/processingFixtures.ts";
import { TAI_CHINH, TRUNG_TAM } from "../../../services/statistics/statisticsFixtures.ts";
import {
  type AuthTestApp,
  createAuthTestApp,
  loginAs,
  type TestSession,
} from "../../../support/authSession.ts";
import { demoUserIds } from "../../../support/dossierFixtures.ts";

/** The dashboard's payment figures (issue #15, R-FEE-1, R-FEE-2, R-KPI table 3.6) from payments made through the services. */
const PASSWORDS: Record<string, string> = {
  "giamsat.ttpvhcc": "Demo@2026!GiamSatHCC",
  "lanhdao.trungtam": "Demo@2026!LanhDaoTT",
  "chuyenvien.trungtam": "Demo@2026!ChuyenVienTT",
  "motcua.trungtam": "Demo@2026!MotCuaTT",
  "congdan.demo": "Demo@2026!CongDan",
};
const at = (text: string) => new Date(text);
const NOW = at("2026-11-25T03:00:00Z");

let t: AuthTestApp;
let payments: PaymentPorts;
let users: Record<string, string>;
const sessions: Record<string, TestSession> = {};
const agencyIds: Record<string, string> = {};
const get = (url: string, username?: string) =>
  t.app.inject({ method: "GET", url, headers: username ? sessions[username]!.headers : {} });
const actor = async (username: string) => (await findActor(t.database.db, users[username]!))!;

/** A dossier of Phường Trung Tâm whose specialist asked for `amount` đồng on `day` (R-FEE-4). */
async function owing(amount: number, day: string): Promise<string> {
  const db = t.database.db;
  const dossierId = await dossierInProcessing(db, users, at(`${day}T02:00:00Z`));
  await assignDossier(db, {
    dossierId,
    actor: await actor("truongphong.trungtam"),
    now: at(`${day}T02:10:00Z`),
    assigneeId: users["chuyenvien.trungtam"]!,
  });
  await requestPayment(db, {
    dossierId,
    actor: await actor("chuyenvien.trungtam"),
    now: at(`${day}T02:20:00Z`),
    obligations: [{ name: "Lệ phí", amount }],
  });
  return dossierId;
}

async function payOnline(dossierId: string, amount: number, day: string, transactionId: string) {
  const started = await startOnlinePayment(
    t.database.db,
    { platform: payments.platform, publicUrl: "http://127.0.0.1:3000", bankBin: "970415" },
    { dossierId, actor: await actor("congdan.demo"), now: at(`${day}T03:00:00Z`) },
  );
  const dossier = await t.database.db
    .selectFrom("dossiers")
    .select("code")
    .where("id", "=", dossierId)
    .executeTakeFirstOrThrow();
  if (transactionId === "") return;
  const receipt = await receivePaymentCallback(
    t.database.db,
    {
      transactionId,
      paymentRequestId: started.paymentRequestId,
      dossierCode: dossier.code,
      amount,
      currency: "VND",
      status: "success",
      paidAt: `${day}T03:05:00Z`,
    },
    at(`${day}T03:05:00Z`),
  );
  expect(receipt.outcome).toBe("accepted");
}

beforeAll(async () => {
  t = await createAuthTestApp({ start: NOW });
  payments = await openPaymentPorts({
    paymentPlatformUrl: undefined,
    paymentCallbackSecret: "test-callback-secret-0123456789",
    paymentBankBin: "970415",
  });
  const db = t.database.db;
  users = await demoUserIds(db);
  for (const username of Object.keys(PASSWORDS))
    sessions[username] = await loginAs(t.app, username, PASSWORDS[username]!);
  for (const code of [TRUNG_TAM, TAI_CHINH])
    agencyIds[code] = (
      await db.selectFrom("agencies").select("id").where("code", "=", code).executeTakeFirstOrThrow()
    ).id;
  // November: one dossier paid online (25.000 đ), one at the counter in cash (15.000 đ), one whose online payment
  // was started and never made; October: one paid online (40.000 đ).
  await payOnline(await owing(25_000, "2026-11-10"), 25_000, "2026-11-10", "TX-NOV-1");
  const cash = await owing(15_000, "2026-11-12");
  await recordCounterPayment(db, {
    dossierId: cash,
    actor: await actor("motcua.trungtam"),
    method: "cash",
    now: at("2026-11-12T04:00:00Z"),
  });
  await payOnline(await owing(30_000, "2026-11-13"), 30_000, "2026-11-13", "");
  await payOnline(await owing(40_000, "2026-10-20"), 40_000, "2026-10-20", "TX-OCT-1");
  // Two open reconciliation differences (R-FEE-2): one of the agency, one line unknown to any agency; one resolved.
  await db
    .insertInto("reconciliation_days")
    .values({
      day: "2026-11-11",
      fetched_at: at("2026-11-12T00:30:00Z"),
      statement_lines: 3,
      statement_total: 0,
      recorded_total: 0,
      matched: 0,
    })
    .execute();
  await db
    .insertInto("reconciliation_differences")
    .values([
      {
        day: "2026-11-11",
        kind: "amountMismatch",
        transaction_id: "TX-D1",
        agency_id: agencyIds[TRUNG_TAM]!,
      },
      { day: "2026-11-11", kind: "unknownHere", transaction_id: "TX-D2", agency_id: null },
      {
        day: "2026-11-11",
        kind: "missingThere",
        transaction_id: "TX-D3",
        agency_id: agencyIds[TRUNG_TAM]!,
        resolved_at: at("2026-11-12T01:00:00Z"),
        resolution: "Đã đối chiếu",
      },
    ])
    .execute();
}, 180_000);

afterAll(async () => {
  await t?.close();
  await payments?.close();
});

describe("GET /api/monitoring/period: payment figures (issue #15)", () => {
  it("the online payment share, the amounts per agency and month online vs counter, the open differences", async () => {
    const november = await get("/api/monitoring/period?kind=month&date=2026-11-15", "giamsat.ttpvhcc");
    expect(november.statusCode, november.body).toBe(200);
    const body = november.json();
    // 1 of the 3 dossiers asked to pay in November was paid online (R-KPI table 3.6).
    expect(body.onlinePaymentShare).toBe(33.33);
    expect(body.payments).toMatchObject({
      paidOnlineDossiers: 1,
      dossiersWithObligation: 3,
      unreconciledDifferences: 2,
      collections: [{ agencyId: agencyIds[TRUNG_TAM], month: "2026-11", online: 25_000, counter: 15_000 }],
    });
    expect(body.payments.collections[0].name).toBeTruthy();
    const quarter = (
      await get("/api/monitoring/period?kind=quarter&date=2026-11-15", "giamsat.ttpvhcc")
    ).json();
    expect(quarter.onlinePaymentShare).toBe(50);
    expect(
      quarter.payments.collections.map((c: { month: string; online: number }) => [c.month, c.online]),
    ).toEqual([
      ["2026-10", 40_000],
      ["2026-11", 25_000],
    ]);
  });

  it("scoped: the agency leader sees their agency (not the province's unknown line); another agency has no figures", async () => {
    const own = (await get("/api/monitoring/period?kind=month&date=2026-11-15", "lanhdao.trungtam")).json();
    expect(own.onlinePaymentShare).toBe(33.33);
    expect(own.payments.unreconciledDifferences).toBe(1);
    expect(own.payments.collections).toHaveLength(1);
    const other = await get(
      `/api/monitoring/period?kind=month&date=2026-11-15&agencyId=${agencyIds[TAI_CHINH]}`,
      "giamsat.ttpvhcc",
    );
    expect(other.json()).toMatchObject({
      onlinePaymentShare: null,
      payments: {
        paidOnlineDossiers: 0,
        dossiersWithObligation: 0,
        collections: [],
        unreconciledDifferences: 0,
      },
    });
    const refused = await get(
      `/api/monitoring/period?kind=month&date=2026-11-15&agencyId=${agencyIds[TAI_CHINH]}`,
      "lanhdao.trungtam",
    );
    expect(refused.statusCode).toBe(403);
  });

  it("403 for a specialist, a counter officer and a citizen; 401 without a session", async () => {
    for (const username of ["chuyenvien.trungtam", "motcua.trungtam", "congdan.demo"])
      expect((await get("/api/monitoring/period?kind=month", username)).statusCode).toBe(403);
    expect((await get("/api/monitoring/period?kind=month")).statusCode).toBe(401);
  });
});
