import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../../src/config.ts";
import type { DatabaseHandle } from "../../../../src/db/connection.ts";
import { CHANNEL_CODES } from "../../../../src/domain/sync/dossierPayload.ts";
import { type App, buildApp } from "../../../../src/http/app.ts";
import { signPostalWebhook } from "../../../../src/integrations/postal/webhookSignature.ts";
import { approveResult } from "../../../../src/services/dossiers/processing/approveResult.ts";
import { assignDossier } from "../../../../src/services/dossiers/processing/assignDossier.ts";
import { forwardDossier } from "../../../../src/services/dossiers/processing/forwardDossier.ts";
import { runPostalDeliveryWatch } from "../../../../src/services/postal/deliveryWatch.ts";
import { openPostalPorts, type PostalPorts } from "../../../../src/services/postal/postalPorts.ts";
import { seedDemoProvince } from "../../../../src/services/seed/seedDemoProvince.ts";
import {
  actorNamed,
  dossierInProcessing,
  uploadPdf,
} from "../../../services/dossiers/processing/processingFixtures.ts";
import { loginAs, type TestSession } from "../../../support/authSession.ts";
import { demoUserIds, submitBirthRegistration } from "../../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../../support/testDatabase.ts";

/** A re-registration of a birth (1.004884) accepted, transferred, assigned, forwarded and, when asked, approved (9). */
async function dossierThroughLifecycle(
  db: DatabaseHandle["db"],
  users: Record<string, string>,
  times: { acceptedAt: Date; approvedAt?: Date },
): Promise<string> {
  const dossierId = await dossierInProcessing(db, users, times.acceptedAt);
  if (!times.approvedAt) return dossierId;
  await processToResult(db, users, dossierId);
  return dossierId;
}

async function processToResult(db: DatabaseHandle["db"], users: Record<string, string>, dossierId: string) {
  const head = await actorNamed(db, users, "truongphong.trungtam");
  const specialist = await actorNamed(db, users, "chuyenvien.trungtam");
  const leader = await actorNamed(db, users, "lanhdao.trungtam");
  await assignDossier(db, { dossierId, actor: head, now: new Date(), assigneeId: specialist.userId });
  await forwardDossier(db, { dossierId, actor: specialist, now: new Date(), opinion: "Đủ điều kiện" });
  const uploadId = await uploadPdf(db, leader, new Date());
  await approveResult(db, { dossierId, actor: leader, now: new Date(), uploadId });
}

/**
 * Issue #18 (R-SUB-2, R-RES-3): the postal routes on a listening app with the postal simulator over real HTTP — its
 * signed webhooks come back to the app. Done-when: a dossier is collected by post, processed, and its result
 * delivered by post within the 24-hour watch.
 */
let database: DatabaseHandle;
let app: App;
let postal: PostalPorts;
let users: Record<string, string>;
const sessions: Record<string, TestSession> = {};
const PASSWORDS: Record<string, string> = {
  "congdan.demo": "Demo@2026!CongDan",
  "doanhnghiep.demo": "Demo@2026!DoanhNghiep",
  "motcua.trungtam": "Demo@2026!MotCuaTT",
  "chuyenvien.trungtam": "Demo@2026!ChuyenVienTT",
  "buudien.trungtam": "Demo@2026!BuuDienTT",
};
const HOME = {
  name: "Nguyễn Văn An",
  phone: "0912345678",
  address: "12 Lê Lợi, Phường Trung Tâm, Tỉnh Demo",
};

const waitFor = async (check: () => Promise<boolean>, ms = 5000) => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
};
const orderRow = (id: string) =>
  database.db.selectFrom("postal_orders").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const eventTypes = async (dossierId: string) =>
  (
    await database.db
      .selectFrom("dossier_events")
      .select("type")
      .where("dossier_id", "=", dossierId)
      .orderBy("sequence")
      .execute()
  ).map((e) => e.type);
const as = (username: string) => sessions[username]!.headers;
/** Answers of the simple form these tests put on birth registration (below), instead of the real declaration. */
const anyForm = { formData: { tenTre: "Nguyễn Minh Khang" } };

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoProvince(database.db);
  users = await demoUserIds(database.db);
  // The e-form is not what these tests are about: the birth registration takes any form data here.
  await database.db
    .updateTable("procedure_offerings")
    .set({
      form_schema: JSON.stringify({
        type: "object",
        properties: { tenTre: { type: "string", title: "Tên trẻ" } },
      }),
    })
    .execute();
  postal = await openPostalPorts(
    { postalUrl: undefined, postalToken: undefined, postalTimeoutMs: 2000, postalWebhookSecret: undefined },
    { publicUrl: "http://127.0.0.1:1" },
  );
  app = await buildApp({
    db: database.db,
    databaseKind: database.kind,
    config: {
      ...loadConfig({}),
      logLevel: "silent",
      publicRateLimitPerMinute: 1_000_000,
      loginRateLimitPerMinute: 1_000_000,
      publicUrl: "http://127.0.0.1:3000",
      adminMfaRequired: false,
      filesDir: join(mkdtempSync(join(tmpdir(), "onestop-files-")), "files"),
    },
    postal,
  });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  postal.webhookUrl = `${address}/api/integration/postal/webhook`;
  for (const [username, password] of Object.entries(PASSWORDS))
    sessions[username] = await loginAs(app, username, password);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await postal?.close();
  await database?.close();
});

describe("done when: collected by post, processed, result delivered by post within the watch", () => {
  it("walks the whole journey", async () => {
    const dossierId = await dossierThroughLifecycle(database.db, users, {
      acceptedAt: new Date(Date.now() - 3_600_000),
    });
    // The citizen asks for a pickup and the result by post, each with its quoted fee.
    const pickup = await app.inject({
      method: "POST",
      url: `/api/dossiers/${dossierId}/postal-orders`,
      headers: as("congdan.demo"),
      payload: { kind: "pickup", recipient: HOME },
    });
    expect(pickup.statusCode).toBe(409); // already being processed: no pickup needed
    expect(pickup.json().error.code).toBe("POSTAL_NOT_NOW");
  });

  it("pickup → collected → delivered, processing, hand-over, delivered in time", async () => {
    const now = new Date();
    const { row } = await submitBirthRegistration(database.db, users["congdan.demo"]!, now, anyForm);
    const quote = await app.inject({
      method: "POST",
      url: "/api/postal/quote",
      headers: as("congdan.demo"),
      payload: { kind: "pickup", address: HOME.address },
    });
    expect(quote.json()).toEqual({ fee: 22_000, currency: "VND" });
    const pickup = await app.inject({
      method: "POST",
      url: `/api/dossiers/${row.id}/postal-orders`,
      headers: as("congdan.demo"),
      payload: { kind: "pickup", recipient: HOME },
    });
    expect(pickup.statusCode).toBe(201);
    expect(pickup.json()).toMatchObject({ kind: "pickup", status: "accepted", fee: 22_000 });
    const orderId = pickup.json().id as string;
    const code = pickup.json().orderCode as string;
    const asked = await app.inject({
      method: "POST",
      url: `/api/dossiers/${row.id}/postal-orders`,
      headers: as("congdan.demo"),
      payload: { kind: "result_delivery", recipient: HOME },
    });
    expect(asked.json()).toMatchObject({ status: "requested", fee: 25_000 });
    // The post collects the papers and brings them to the counter.
    await postal.simulator!.advance(code, "collected");
    await postal.simulator!.advance(code, "delivered");
    expect((await orderRow(orderId)).status).toBe("delivered");
    // The counter receives and the agency processes to a result (status 9).
    const counter = users["motcua.trungtam"]!;
    const { runDossierCommand } = await import("../../../../src/services/dossiers/runDossierCommand.ts");
    for (const command of [{ type: "accept" }, { type: "transfer" }] as const)
      await runDossierCommand(database.db, {
        dossierId: row.id,
        command,
        actor: { role: "counterOfficer", id: counter },
        author: { userId: counter, role: "counter_officer" },
        now: new Date(),
        authorize: () => {},
      });
    await processToResult(database.db, users, row.id);
    // A specialist may not hand over; the counter does, and the 24-hour watch starts.
    const refused = await app.inject({
      method: "POST",
      url: `/api/office/dossiers/${row.id}/postal-handover`,
      headers: as("chuyenvien.trungtam"),
      payload: {},
    });
    expect(refused.statusCode).toBe(403);
    const handover = await app.inject({
      method: "POST",
      url: `/api/office/dossiers/${row.id}/postal-handover`,
      headers: as("motcua.trungtam"),
      payload: {},
    });
    expect(handover.statusCode).toBe(201);
    const delivery = handover.json();
    expect(delivery).toMatchObject({ kind: "result_delivery", status: "accepted", fee: 25_000 });
    const handedAt = new Date(delivery.handedOverAt).getTime();
    expect(new Date(delivery.watchDueAt).getTime() - handedAt).toBe(24 * 3_600_000);
    const dossier = await database.db
      .selectFrom("dossiers")
      .select("status")
      .where("id", "=", row.id)
      .executeTakeFirstOrThrow();
    expect(dossier.status).toBe(10);
    await postal.simulator!.advance(delivery.orderCode, "collected");
    await postal.simulator!.advance(delivery.orderCode, "delivered");
    const listed = await app.inject({
      method: "GET",
      url: `/api/dossiers/${row.id}/postal-orders`,
      headers: as("motcua.trungtam"),
    });
    const result = (listed.json().items as { kind: string; status: string; deliveredInTime: boolean }[]).find(
      (o) => o.kind === "result_delivery",
    );
    expect(result).toMatchObject({ status: "delivered", deliveredInTime: true });
    // The watch has nothing to say about a delivered result.
    expect(await runPostalDeliveryWatch(database.db, new Date(handedAt + 25 * 3_600_000))).toEqual({
      dueSoon: 0,
      overdue: 0,
    });
    expect(await eventTypes(row.id)).toEqual(
      expect.arrayContaining([
        "postalOrderRequested",
        "postalAccepted",
        "postalCollected",
        "postalDelivered",
        "resultReturned",
        "postalHandedOver",
      ]),
    );
    // The citizen sees the history in words, never internal codes.
    const seen = await app.inject({
      method: "GET",
      url: `/api/citizen/dossiers/${row.id}`,
      headers: as("congdan.demo"),
    });
    expect(seen.body).toContain("Bưu điện đã phát thành công");
  });
});

describe("24-hour delivery watch (R-RES-3)", () => {
  it("warns 4 hours before, marks overdue after 24 hours, each once, with its event", async () => {
    const handedAt = new Date(Date.now() + 60_000);
    const answeredBefore = postal.simulator!.webhookAnswers().length;
    const dossierId = await dossierThroughLifecycle(database.db, users, {
      acceptedAt: new Date(Date.now() - 3_600_000),
      approvedAt: new Date(Date.now() - 1_000),
    });
    const { handOverResultToPost } = await import("../../../../src/services/postal/handOverResult.ts");
    const counter = await actorNamed(database.db, users, "motcua.trungtam");
    const order = await handOverResultToPost(database.db, postal, {
      actor: counter,
      dossierId,
      recipient: HOME,
      now: handedAt,
    });
    // The simulator's acceptance notice follows its answer; on PostgreSQL its webhook locks the order while the
    // watch skips locked rows (several processes), so the watch runs once the notice was acknowledged.
    await waitFor(async () => postal.simulator!.webhookAnswers().length > answeredBefore);
    const at = (hours: number) => new Date(handedAt.getTime() + hours * 3_600_000);
    const watch = (hours: number) => runPostalDeliveryWatch(database.db, at(hours));
    expect(await watch(19)).toEqual({ dueSoon: 0, overdue: 0 });
    expect(await watch(20.5)).toEqual({ dueSoon: 1, overdue: 0 });
    expect(await watch(21)).toEqual({ dueSoon: 0, overdue: 0 });
    expect(await watch(24.1)).toEqual({ dueSoon: 0, overdue: 1 });
    expect(await watch(30)).toEqual({ dueSoon: 0, overdue: 0 });
    expect((await orderRow(order.id)).watch_level).toBe("overdue");
    const types = await eventTypes(dossierId);
    expect(types.filter((t) => t === "postalDeliveryDueSoon")).toHaveLength(1);
    expect(types.filter((t) => t === "postalDeliveryOverdue")).toHaveLength(1);
  });
});

describe("POST /api/dossiers/:id/postal-orders", () => {
  it("400 for each invalid recipient field, 404 for someone else's dossier, 409 twice, 401 without a session", async () => {
    const { row } = await submitBirthRegistration(database.db, users["congdan.demo"]!, new Date(), anyForm);
    const post = (headers: Record<string, string>, recipient: object, kind = "pickup") =>
      app.inject({
        method: "POST",
        url: `/api/dossiers/${row.id}/postal-orders`,
        headers,
        payload: { kind, recipient },
      });
    for (const [recipient, field] of [
      [{ ...HOME, phone: "12" }, "phone"],
      [{ ...HOME, address: "ngắn" }, "address"],
      [{ ...HOME, name: " " }, "name"],
    ] as const) {
      const response = await post(as("congdan.demo"), recipient);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect((await post(as("congdan.demo"), HOME, "parcel")).statusCode).toBe(400);
    expect((await post(as("doanhnghiep.demo"), HOME)).statusCode).toBe(404);
    expect((await post(as("chuyenvien.trungtam"), HOME)).statusCode).toBe(403);
    expect((await post(as("buudien.trungtam"), HOME)).statusCode).toBe(404);
    expect((await post({}, HOME)).statusCode).toBe(401);
    expect((await post(as("motcua.trungtam"), HOME)).statusCode).toBe(201);
    const twice = await post(as("congdan.demo"), HOME);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe("POSTAL_ORDER_EXISTS");
  });

  it("502 when the postal service does not answer; the quote is refused for a short address", async () => {
    const { row } = await submitBirthRegistration(database.db, users["congdan.demo"]!, new Date(), anyForm);
    postal.simulator!.faults.failRequests = 1;
    const response = await app.inject({
      method: "POST",
      url: `/api/dossiers/${row.id}/postal-orders`,
      headers: { ...as("congdan.demo"), "accept-language": "en" },
      payload: { kind: "pickup", recipient: HOME },
    });
    expect(response.statusCode).toBe(502);
    expect(response.json().error.message).toMatch(/not answering/);
    const quote = await app.inject({
      method: "POST",
      url: "/api/postal/quote",
      headers: as("congdan.demo"),
      payload: { kind: "pickup", address: "ngắn" },
    });
    expect(quote.statusCode).toBe(400);
    expect(
      (
        await app.inject({
          method: "POST",
          url: "/api/postal/quote",
          payload: { kind: "pickup", address: HOME.address },
        })
      ).statusCode,
    ).toBe(401);
  });

  it("a pickup the postal service does not answer is retried by the sender and then accepted", async () => {
    const { row } = await submitBirthRegistration(database.db, users["congdan.demo"]!, new Date(), anyForm);
    const { retryPostalOrders } = await import("../../../../src/services/postal/postalOrders.ts");
    const { requestPostalOrder } = await import("../../../../src/services/postal/postalOrders.ts");
    const citizen = await actorNamed(database.db, users, "congdan.demo");
    const quoteFirst = await postal.service.quote({ kind: "pickup", address: HOME.address });
    expect(quoteFirst.fee).toBe(22_000);
    postal.simulator!.faults.failRequests = 0;
    // The quote passes, the booking fails once (5xx): the order waits to be sent again.
    const original = postal.service.createOrder;
    let calls = 0;
    postal.service.createOrder = async (request) => {
      calls += 1;
      if (calls === 1) postal.simulator!.faults.failRequests = 1;
      return original(request);
    };
    const order = await requestPostalOrder(database.db, postal, {
      actor: citizen,
      dossierId: row.id,
      kind: "pickup",
      recipient: HOME,
      now: new Date(),
    });
    postal.service.createOrder = original;
    expect(order.status).toBe("sending");
    expect(await retryPostalOrders(database.db, postal, new Date(Date.now() + 60_000))).toBe(1);
    expect((await orderRow(order.id)).status).toBe("accepted");
  });
});

describe("POST /api/office/dossiers/:id/postal-handover", () => {
  it("409 before the result, 400 without a recipient, 403 for a citizen", async () => {
    const { row } = await submitBirthRegistration(database.db, users["congdan.demo"]!, new Date(), anyForm);
    const handover = (headers: Record<string, string>, payload: object) =>
      app.inject({ method: "POST", url: `/api/office/dossiers/${row.id}/postal-handover`, headers, payload });
    expect((await handover(as("congdan.demo"), {})).statusCode).toBe(403);
    const noRecipient = await handover(as("motcua.trungtam"), {});
    expect(noRecipient.statusCode).toBe(400);
    expect(noRecipient.json().error.fields[0].field).toBe("recipient");
    const tooEarly = await handover(as("motcua.trungtam"), { recipient: HOME });
    expect(tooEarly.statusCode).toBe(409);
    expect(tooEarly.json().error.code).toBe("TRANSITION_NOT_ALLOWED");
  });
});

describe("POST /api/postal/dossiers (postal staff on a citizen's behalf, R-SUB-2)", () => {
  const body = async (overrides: Record<string, unknown> = {}) => {
    const staff = await actorNamed(database.db, users, "buudien.trungtam");
    const files = [];
    for (const position of [0, 1, 2])
      files.push({ componentPosition: position, uploadId: await uploadPdf(database.db, staff, new Date()) });
    return {
      procedureCode: "1.001193",
      agencyCode: "000.20.01.H99",
      citizen: {
        name: "Nguyễn Văn An",
        idNumber: "099090001234",
        phone: "0912345678",
        address: HOME.address,
      },
      consent: { method: "signed_form", reference: "PĐN-2026-0042", confirmed: true },
      formData: { tenTre: "Nguyễn Minh Khang" },
      files,
      resultByPost: HOME,
      ...overrides,
    };
  };

  it("files online with channel postal (KenhThucHien 3), on the citizen's account, with the consent recorded", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/postal/dossiers",
      headers: as("buudien.trungtam"),
      payload: await body(),
    });
    expect(response.statusCode, response.body).toBe(201);
    const dossier = response.json();
    expect(dossier.status).toBe(1);
    const row = await database.db
      .selectFrom("dossiers")
      .selectAll()
      .where("id", "=", dossier.id)
      .executeTakeFirstOrThrow();
    expect(row.channel).toBe("postal");
    expect(CHANNEL_CODES[row.channel]).toBe("3");
    expect(row.owner_user_id).toBe(users["congdan.demo"]);
    const consent = await database.db
      .selectFrom("postal_consents")
      .selectAll()
      .where("dossier_id", "=", dossier.id)
      .executeTakeFirstOrThrow();
    expect(consent).toMatchObject({
      staff_user_id: users["buudien.trungtam"],
      citizen_id_number: "099090001234",
      method: "signed_form",
      reference: "PĐN-2026-0042",
    });
    const { loadDossierSyncFacts } = await import("../../../../src/services/sync/dossierSyncFacts.ts");
    const { buildDossierRecord } = await import("../../../../src/domain/sync/dossierPayload.ts");
    const facts = await loadDossierSyncFacts(database.db, dossier.id, "http://127.0.0.1:3000");
    expect(buildDossierRecord(facts!).KenhThucHien).toBe("3");
    // The staff member lists it and sees its postal orders; the citizen sees it in their account.
    const list = await app.inject({
      method: "GET",
      url: "/api/postal/dossiers",
      headers: as("buudien.trungtam"),
    });
    expect(list.json().items[0]).toMatchObject({ code: dossier.code, citizenName: "Nguyễn Văn An" });
    const orders = await app.inject({
      method: "GET",
      url: `/api/dossiers/${dossier.id}/postal-orders`,
      headers: as("buudien.trungtam"),
    });
    expect(orders.json().items[0]).toMatchObject({ kind: "result_delivery", status: "requested" });
    // Its page: the dossier as the applicant sees it, with the consent recorded.
    const detail = await app.inject({
      method: "GET",
      url: `/api/postal/dossiers/${dossier.id}`,
      headers: as("buudien.trungtam"),
    });
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toMatchObject({
      dossier: { id: dossier.id, code: dossier.code, status: 1, channel: "postal", internalStep: null },
      consent: { citizenName: "Nguyễn Văn An", method: "signed_form", reference: "PĐN-2026-0042" },
    });
    expect(
      (
        await app.inject({
          method: "GET",
          url: `/api/citizen/dossiers/${dossier.id}`,
          headers: as("congdan.demo"),
        })
      ).statusCode,
    ).toBe(200);
  });

  it("400 for each invalid field: consent not confirmed, no reference, identity number, phone", async () => {
    for (const [overrides, field] of [
      [{ consent: { method: "signed_form", reference: "PĐN-1", confirmed: false } }, "consent.confirmed"],
      [{ consent: { method: "phone_confirmation", reference: " ", confirmed: true } }, "consent.reference"],
      [{ citizen: { name: "An Nguyễn", idNumber: "123", phone: "0912345678" } }, "citizen.idNumber"],
      [{ citizen: { name: "An Nguyễn", idNumber: "099090001234", phone: "99" } }, "citizen.phone"],
      [{ resultByPost: { ...HOME, address: "x" } }, "resultByPost.address"],
    ] as const) {
      const response = await app.inject({
        method: "POST",
        url: "/api/postal/dossiers",
        headers: as("buudien.trungtam"),
        payload: await body(overrides),
      });
      expect(response.statusCode, field).toBe(400);
      expect(response.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const bad = await app.inject({
      method: "POST",
      url: "/api/postal/dossiers",
      headers: as("buudien.trungtam"),
      payload: { ...(await body()), consent: { method: "email", reference: "x", confirmed: true } },
    });
    expect(bad.statusCode).toBe(400);
  });

  it("403 for a citizen and for a counter officer, 401 without a session", async () => {
    for (const username of ["congdan.demo", "motcua.trungtam"])
      expect(
        (
          await app.inject({
            method: "POST",
            url: "/api/postal/dossiers",
            headers: as(username),
            payload: await body(),
          })
        ).statusCode,
      ).toBe(403);
    expect(
      (await app.inject({ method: "GET", url: "/api/postal/dossiers", headers: as("congdan.demo") }))
        .statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: "POST", url: "/api/postal/dossiers", payload: await body() })).statusCode,
    ).toBe(401);
  });
});

describe("GET /api/postal/dossiers/:id (one dossier the postal worker filed)", () => {
  it("404 for a dossier they did not file, 400 for a malformed id, 403 for others, 401 without a session", async () => {
    const { row } = await submitBirthRegistration(database.db, users["congdan.demo"]!, new Date(), anyForm);
    const get = (url: string, headers: Record<string, string> = {}) =>
      app.inject({ method: "GET", url, headers: { ...headers, "accept-language": "vi" } });
    const notFiled = await get(`/api/postal/dossiers/${row.id}`, as("buudien.trungtam"));
    expect(notFiled.statusCode).toBe(404);
    expect(notFiled.json().error.message).toBe("Không tìm thấy hồ sơ");
    expect((await get("/api/postal/dossiers/not-a-uuid", as("buudien.trungtam"))).statusCode).toBe(400);
    for (const username of ["congdan.demo", "motcua.trungtam"])
      expect((await get(`/api/postal/dossiers/${row.id}`, as(username))).statusCode).toBe(403);
    expect((await get(`/api/postal/dossiers/${row.id}`)).statusCode).toBe(401);
  });
});

describe("POST /api/integration/postal/webhook", () => {
  it("401 unsigned, 404 unknown order, 400 invalid, duplicates and late notices change nothing", async () => {
    const { row } = await submitBirthRegistration(database.db, users["congdan.demo"]!, new Date(), anyForm);
    const citizen = await actorNamed(database.db, users, "congdan.demo");
    const { requestPostalOrder } = await import("../../../../src/services/postal/postalOrders.ts");
    postal.simulator!.faults.holdWebhooks = true;
    const order = await requestPostalOrder(database.db, postal, {
      actor: citizen,
      dossierId: row.id,
      kind: "pickup",
      recipient: HOME,
      now: new Date(),
    });
    const send = (notice: object, secret = postal.webhookSecret!) => {
      const payload = JSON.stringify(notice);
      return app.inject({
        method: "POST",
        url: "/api/integration/postal/webhook",
        headers: { "content-type": "application/json", "x-signature": signPostalWebhook(secret, payload) },
        payload,
      });
    };
    const notice = (state: string, eventId: string, reference = order.id) => ({
      eventId,
      orderCode: order.orderCode,
      reference,
      state,
      at: new Date().toISOString(),
    });
    expect((await send(notice("collected", "e1"), "wrong-secret-wrong-secret")).statusCode).toBe(401);
    expect((await send(notice("collected", "e0", "00000000-0000-4000-8000-000000000000"))).statusCode).toBe(
      404,
    );
    expect((await send(notice("lost", "e2"))).statusCode).toBe(400);
    const delivered = await send(notice("delivered", "e3"));
    expect(delivered.json()).toEqual({ received: true, applied: true, duplicate: false });
    expect((await send(notice("delivered", "e3"))).json()).toEqual({
      received: true,
      applied: false,
      duplicate: true,
    });
    // A collected notice arriving after delivered (out of order) is kept but does not move the order back.
    expect((await send(notice("collected", "e4"))).json()).toEqual({
      received: true,
      applied: false,
      duplicate: false,
    });
    expect((await orderRow(order.id)).status).toBe("delivered");
    const types = await eventTypes(row.id);
    expect(types.filter((t) => t === "postalDelivered")).toHaveLength(1);
    expect(types).not.toContain("postalCollected");
    postal.simulator!.faults.holdWebhooks = false;
  });
});

describe("issue #20 (the authorization matrix): access before the postal service", () => {
  it("without a postal port, who may not order or hand over for the dossier is refused (404/403) before the 503", async () => {
    const unwired = await buildApp({
      db: database.db,
      databaseKind: database.kind,
      config: {
        ...loadConfig({}),
        logLevel: "silent",
        publicUrl: "http://127.0.0.1:3000",
        adminMfaRequired: false,
        filesDir: join(mkdtempSync(join(tmpdir(), "onestop-files-")), "files"),
      },
    });
    try {
      await unwired.ready();
      const elsewhere = await loginAs(unwired, "motcua.sotaichinh", "Demo@2026!MotCuaSTC");
      const { row } = await submitBirthRegistration(database.db, users["congdan.demo"]!, new Date(), anyForm);
      const order = (session: TestSession) =>
        unwired.inject({
          method: "POST",
          url: `/api/dossiers/${row.id}/postal-orders`,
          headers: session.headers,
          payload: { kind: "pickup", recipient: HOME },
        });
      // Not the applicant: told the dossier does not exist; an officer of its agency but not the counter: 403.
      expect((await order(sessions["doanhnghiep.demo"]!)).statusCode).toBe(404);
      expect((await order(elsewhere)).statusCode).toBe(404);
      expect((await order(sessions["chuyenvien.trungtam"]!)).statusCode).toBe(403);
      // The applicant is told the postal service is not configured.
      expect((await order(sessions["congdan.demo"]!)).statusCode).toBe(503);
      const handOver = (session: TestSession) =>
        unwired.inject({
          method: "POST",
          url: `/api/office/dossiers/${row.id}/postal-handover`,
          headers: session.headers,
          payload: { recipient: HOME },
        });
      expect((await handOver(elsewhere)).statusCode).toBe(404);
      expect((await handOver(sessions["motcua.trungtam"]!)).statusCode).toBe(503);
      expect(await eventTypes(row.id)).not.toContain("postalHandedOver");
    } finally {
      await unwired.close();
    }
  });
});
