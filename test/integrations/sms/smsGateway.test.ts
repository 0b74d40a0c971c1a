import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewaySimulator } from "../../../src/integrations/gateway/gatewaySimulator.ts";
import { GatewayError } from "../../../src/integrations/gateway/messageGateway.ts";
import { smsGateway } from "../../../src/integrations/sms/smsGateway.ts";
import { startSmsSimulator } from "../../../src/integrations/sms/smsSimulator.ts";

describe("SMS through the HTTP gateway port and its simulator", () => {
  let simulator: GatewaySimulator;
  beforeAll(async () => {
    simulator = await startSmsSimulator();
  });
  afterAll(async () => {
    await simulator?.close();
  });

  it("sends the text to the number and gets the gateway's id; the simulator records it", async () => {
    const port = smsGateway(simulator.url);
    const result = await port.send({ to: "0912000001", text: "Hồ sơ đã có kết quả", idempotencyKey: "k-1" });
    expect(result.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(simulator.received().at(-1)).toMatchObject({
      id: result.id,
      to: "0912000001",
      text: "Hồ sơ đã có kết quả",
      idempotencyKey: "k-1",
    });
  });

  it("the same Idempotency-Key twice: one delivery, the same id", async () => {
    const port = smsGateway(simulator.url);
    const before = simulator.received().length;
    const first = await port.send({ to: "0912000002", text: "a", idempotencyKey: "k-2" });
    const second = await port.send({ to: "0912000002", text: "a", idempotencyKey: "k-2" });
    expect(second.id).toBe(first.id);
    expect(simulator.received()).toHaveLength(before + 1);
    expect(simulator.repeats()).toBe(1);
  });

  it("a gateway answering 503 or unreachable fails the send with a GatewayError", async () => {
    simulator.failNext(1);
    const port = smsGateway(simulator.url);
    const failure = await port
      .send({ to: "0912000003", text: "b", idempotencyKey: "k-3" })
      .catch((error) => error);
    expect(failure).toBeInstanceOf(GatewayError);
    expect(failure.status).toBe(503);
    await expect(port.send({ to: "0912000003", text: "b", idempotencyKey: "k-3" })).resolves.toHaveProperty(
      "id",
    );
    const unreachable = await smsGateway("http://127.0.0.1:1/")
      .send({ to: "1", text: "c", idempotencyKey: "k-4" })
      .catch((error) => error);
    expect(unreachable).toBeInstanceOf(GatewayError);
    expect(unreachable.status).toBeNull();
  });

  it("the simulator refuses what a gateway would: no number, not JSON, not POST", async () => {
    const post = (body: string) =>
      fetch(simulator.url, { method: "POST", body, headers: { "content-type": "application/json" } });
    expect((await post(JSON.stringify({ text: "x" }))).status).toBe(400);
    expect((await post("{")).status).toBe(400);
    expect((await fetch(simulator.url)).status).toBe(405);
  });
});
