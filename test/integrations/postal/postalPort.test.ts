import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signatureMatches } from "../../../src/http/routes/integration/signedBody.ts";
import { httpPostalService } from "../../../src/integrations/postal/httpPostalService.ts";
import {
  type PostalOrderRequest,
  PostalServiceError,
} from "../../../src/integrations/postal/postalService.ts";
import {
  type PostalSimulator,
  startPostalSimulator,
} from "../../../src/integrations/postal/postalSimulator.ts";

/** Issue #18: the postal port against its simulator over real HTTP, faults included. */
const SECRET = "postal-test-secret-0123456789";
const TOKEN = "postal-token";

let simulator: PostalSimulator;
let received: { body: string; valid: boolean }[] = [];
let receiverUrl = "";
let answerWith = 200;
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks);
    received.push({
      body: body.toString("utf8"),
      valid: signatureMatches(SECRET, body, request.headers["x-signature"]),
    });
    response.writeHead(answerWith, { "content-type": "application/json" });
    response.end("{}");
  });
});

const order = (reference: string, overrides: Partial<PostalOrderRequest> = {}): PostalOrderRequest => ({
  reference,
  kind: "pickup",
  dossierCode: "000.20.01.H99-260302-0001",
  party: { name: "Nguyễn Văn An", phone: "0912345678", address: "12 Lê Lợi, Phường Trung Tâm, Tỉnh Demo" },
  counter: { name: "Phường Trung Tâm", address: "1 Hùng Vương" },
  webhookUrl: receiverUrl,
  ...overrides,
});

const waitFor = async (check: () => boolean, ms = 3000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", () => resolve()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook`;
  simulator = await startPostalSimulator({ token: TOKEN, secret: SECRET });
});
afterAll(async () => {
  await simulator.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});
beforeEach(() => {
  simulator.resetFaults();
  received = [];
  answerWith = 200;
});

const port = (timeoutMs = 2000, token = TOKEN) => httpPostalService({ url: simulator.url, token, timeoutMs });

describe("postal port ↔ simulator", () => {
  it("quotes the fee of each service, with a surcharge for a remote hamlet", async () => {
    expect(await port().quote({ kind: "pickup", address: "12 Lê Lợi, Phường Trung Tâm" })).toEqual({
      fee: 22_000,
      currency: "VND",
    });
    expect(
      (await port().quote({ kind: "result_delivery", address: "Thôn 3, xã Tân Hòa, Tỉnh Demo" })).fee,
    ).toBe(33_000);
  });

  it("books an order once per reference, then signs accepted → collected → delivered notices", async () => {
    const first = await port().createOrder(order("ref-1"));
    const again = await port().createOrder(order("ref-1"));
    expect(first).toMatchObject({ fee: 22_000, state: "accepted" });
    expect(again.orderCode).toBe(first.orderCode);
    expect(simulator.orders().filter((o) => o.request.reference === "ref-1")).toHaveLength(1);
    await waitFor(() => received.length === 1);
    await simulator.advance(first.orderCode, "collected");
    await simulator.advance(first.orderCode, "delivered");
    const states = received.map((r) => JSON.parse(r.body) as { state: string; reference: string });
    expect(states.map((s) => s.state)).toEqual(["accepted", "collected", "delivered"]);
    expect(states.every((s) => s.reference === "ref-1")).toBe(true);
    expect(received.every((r) => r.valid)).toBe(true);
    expect((await port().getOrder(first.orderCode)).state).toBe("delivered");
  });

  it("refuses an invalid order with the field's code: a permanent error, not worth retrying", async () => {
    for (const [overrides, code] of [
      [{ party: { name: "An", phone: "12345", address: "12 Lê Lợi, Phường Trung Tâm" } }, "INVALID_PHONE"],
      [{ party: { name: "An", phone: "0912345678", address: "ngắn" } }, "INVALID_ADDRESS"],
      [{ kind: "parcel" as never }, "INVALID_KIND"],
      [{ webhookUrl: "ftp://x" }, "INVALID_WEBHOOK_URL"],
    ] as const) {
      const error = await port()
        .createOrder(order(`bad-${code}`, overrides as Partial<PostalOrderRequest>))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PostalServiceError);
      expect((error as PostalServiceError).status).toBe(400);
      expect((error as PostalServiceError).code).toBe(code);
      expect((error as PostalServiceError).permanent).toBe(true);
    }
  });

  it("refuses a caller without the token (401)", async () => {
    const error = await port(2000, "wrong")
      .quote({ kind: "pickup", address: "12 Lê Lợi, Phường Trung Tâm" })
      .catch((e) => e);
    expect((error as PostalServiceError).status).toBe(401);
  });

  it("fault 5xx: a transient error (retry later), then it answers again", async () => {
    simulator.faults.failRequests = 1;
    const error = await port()
      .createOrder(order("ref-5xx"))
      .catch((e: unknown) => e);
    expect((error as PostalServiceError).status).toBe(503);
    expect((error as PostalServiceError).permanent).toBe(false);
    expect((await port().createOrder(order("ref-5xx"))).state).toBe("accepted");
  });

  it("fault timeout: the port gives up after its timeout, and the retry does not book twice", async () => {
    simulator.faults.delayMs = 600;
    const error = await port(200)
      .createOrder(order("ref-slow"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostalServiceError);
    expect((error as PostalServiceError).status).toBeUndefined();
    simulator.faults.delayMs = 0;
    await new Promise((resolve) => setTimeout(resolve, 700));
    await port().createOrder(order("ref-slow"));
    expect(simulator.orders().filter((o) => o.request.reference === "ref-slow")).toHaveLength(1);
  });

  it("fault duplicates and reordering: each notice sent twice; held notices are released newest first", async () => {
    const booked = await port().createOrder(order("ref-dup"));
    const about = (code: string) =>
      received.map((r) => JSON.parse(r.body)).filter((n) => n.orderCode === code);
    await waitFor(() => about(booked.orderCode).length === 1);
    simulator.faults.duplicateWebhooks = 1;
    await simulator.advance(booked.orderCode, "collected");
    const collected = about(booked.orderCode).filter((n) => n.state === "collected");
    expect(collected).toHaveLength(2);
    expect(new Set(collected.map((n) => n.eventId)).size).toBe(1);
    simulator.faults.duplicateWebhooks = 0;
    simulator.faults.holdWebhooks = true;
    const next = await port().createOrder(order("ref-held"));
    await simulator.advance(next.orderCode, "collected");
    await simulator.advance(next.orderCode, "delivered");
    await new Promise((resolve) => setTimeout(resolve, 50));
    await simulator.releaseWebhooks();
    expect(about(next.orderCode).map((n) => n.state)).toEqual(["delivered", "collected", "accepted"]);
  });

  it("retries a notice OneStop answered with 5xx, and fails a planned order with its reason", async () => {
    simulator.faults.failNextOrder = "Người gửi vắng nhà";
    const booked = await port().createOrder(order("ref-fail"));
    await waitFor(() => received.length === 1);
    answerWith = 500;
    await simulator.advance(booked.orderCode, "failed");
    expect(simulator.webhookAnswers().slice(-3)).toEqual([500, 500, 500]);
    expect(JSON.parse(received.at(-1)!.body)).toMatchObject({
      state: "failed",
      reason: "Người gửi vắng nhà",
    });
  });
});
