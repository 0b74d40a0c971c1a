import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewaySimulator } from "../../../src/integrations/gateway/gatewaySimulator.ts";
import { socialGateway } from "../../../src/integrations/social/socialGateway.ts";
import { startSocialSimulator } from "../../../src/integrations/social/socialSimulator.ts";

describe("social messaging through its HTTP relay port and simulator", () => {
  let simulator: GatewaySimulator;
  beforeAll(async () => {
    simulator = await startSocialSimulator();
  });
  afterAll(async () => {
    await simulator?.close();
  });

  it("delivers a long Vietnamese message to the user's handle, and fails while the relay is down", async () => {
    const port = socialGateway(simulator.url);
    const text =
      "Hồ sơ 000.20.01.H99-261123-0001 cần bổ sung, hoàn thiện\n\n  1. Giấy chứng sinh\n  2. Tờ khai";
    await port.send({ to: "zalo:0912000001", text, idempotencyKey: "s-1" });
    expect(simulator.received().at(-1)).toMatchObject({ to: "zalo:0912000001", text });
    simulator.failNext(2);
    await expect(port.send({ to: "zalo:1", text: "x", idempotencyKey: "s-2" })).rejects.toThrow(/503/);
    await expect(port.send({ to: "zalo:1", text: "x", idempotencyKey: "s-2" })).rejects.toThrow(/503/);
    await expect(port.send({ to: "zalo:1", text: "x", idempotencyKey: "s-2" })).resolves.toHaveProperty("id");
  });
});
