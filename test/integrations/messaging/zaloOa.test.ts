import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GatewayError } from "../../../src/integrations/gateway/messageGateway.ts";
import {
  isAllowedMediaUrl,
  isValidEventSignature,
  MediaTooLargeError,
  SIGNATURE_HEADER,
  signEvent,
  zaloOa,
} from "../../../src/integrations/messaging/zaloOa.ts";
import { readZaloOaSettings } from "../../../src/integrations/messaging/zaloOaSettings.ts";
import {
  startZaloOaSimulator,
  type ZaloOaSimulator,
} from "../../../src/integrations/messaging/zaloOaSimulator.ts";

/** Issue #18: the official account's port against its simulator over real HTTP, faults included. */
describe("messaging channel port (official account) and its simulator", () => {
  let simulator: ZaloOaSimulator;
  // Generous by default (a loaded CI machine is slow to open the first connection); short where a timeout is the test.
  const port = (timeoutMs = 20_000) =>
    zaloOa({
      url: simulator.url,
      token: simulator.token,
      timeoutMs,
      mediaHosts: [new URL(simulator.url).host],
    });
  beforeAll(async () => {
    simulator = await startZaloOaSimulator();
  });
  afterAll(async () => {
    await simulator?.close();
  });

  it("sends a text to a follower and gets the platform's message id; the simulator records it", async () => {
    const result = await port().send({ to: "8001", text: "Hồ sơ đã có kết quả", idempotencyKey: "z-1" });
    expect(result.id).toMatch(/^[0-9a-f]{32}$/);
    expect(simulator.sentTo("8001")).toEqual([
      expect.objectContaining({ id: result.id, text: "Hồ sơ đã có kết quả", idempotencyKey: "z-1" }),
    ]);
  });

  it("the same Idempotency-Key twice is delivered once with the same id", async () => {
    const first = await port().send({ to: "8002", text: "a", idempotencyKey: "z-2" });
    const second = await port().send({ to: "8002", text: "a", idempotencyKey: "z-2" });
    expect(second.id).toBe(first.id);
    expect(simulator.sentTo("8002")).toHaveLength(1);
    expect(simulator.repeats()).toBe(1);
  });

  it("faults: a 5xx, a refusal (error code) and a timeout each fail the send; the next one goes through", async () => {
    simulator.failNext(1, "unavailable");
    const unavailable = await port()
      .send({ to: "8003", text: "b", idempotencyKey: "z-3" })
      .catch((error) => error);
    expect(unavailable).toBeInstanceOf(GatewayError);
    expect(unavailable.status).toBe(503);
    simulator.failNext(1, "refused");
    const refused = await port()
      .send({ to: "8003", text: "b", idempotencyKey: "z-3" })
      .catch((error) => error);
    expect(refused).toBeInstanceOf(GatewayError);
    expect(refused.message).toContain("-213");
    simulator.failNext(1, "timeout");
    const started = Date.now();
    const timedOut = await port(1500)
      .send({ to: "8003", text: "b", idempotencyKey: "z-3" })
      .catch((error) => error);
    expect(timedOut).toBeInstanceOf(GatewayError);
    expect(timedOut.status).toBeNull();
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(simulator.sentTo("8003")).toHaveLength(0);
    await port().send({ to: "8003", text: "b", idempotencyKey: "z-3" });
    expect(simulator.sentTo("8003")).toHaveLength(1);
  });

  it("a wrong token or an unreachable platform fails; the simulator validates the message", async () => {
    const wrong = await zaloOa({ url: simulator.url, token: "nope", timeoutMs: 20_000, mediaHosts: [] })
      .send({ to: "8004", text: "x", idempotencyKey: "z-4" })
      .catch((error) => error);
    expect(wrong).toBeInstanceOf(GatewayError);
    expect(wrong.message).toContain("-216");
    const unreachable = await zaloOa({
      url: "http://127.0.0.1:1",
      token: "t",
      timeoutMs: 20_000,
      mediaHosts: [],
    })
      .send({ to: "8004", text: "x", idempotencyKey: "z-5" })
      .catch((error) => error);
    expect(unreachable).toBeInstanceOf(GatewayError);
    const blank = await port()
      .send({ to: "8004", text: "   ", idempotencyKey: "z-6" })
      .catch((error) => error);
    expect(blank.message).toContain("message.text");
    const badRecipient = await port()
      .send({ to: "not a follower id", text: "x", idempotencyKey: "z-7" })
      .catch((error) => error);
    expect(badRecipient.message).toContain("recipient");
    expect(simulator.sentTo("8004")).toHaveLength(0);
  });

  it("downloads a photo from an allowed host only, within the size limit", async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    const server = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "image/jpeg" });
      response.end(Buffer.from(bytes));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const allowed = zaloOa({
        url: simulator.url,
        token: simulator.token,
        timeoutMs: 20_000,
        mediaHosts: [host],
      });
      expect(await allowed.downloadMedia(`http://${host}/p.jpg`, 1000)).toEqual(Buffer.from(bytes));
      await expect(allowed.downloadMedia(`http://${host}/p.jpg`, 4)).rejects.toBeInstanceOf(
        MediaTooLargeError,
      );
      await expect(port().downloadMedia(`http://${host}/p.jpg`, 1000)).rejects.toBeInstanceOf(GatewayError);
    } finally {
      server.close();
    }
    expect(isAllowedMediaUrl("https://photo.zdn.vn/a.jpg", ["zdn.vn"])).toBe(true);
    expect(isAllowedMediaUrl("https://evilzdn.vn/a.jpg", ["zdn.vn"])).toBe(false);
    expect(isAllowedMediaUrl("file:///etc/passwd", ["zdn.vn"])).toBe(false);
    expect(isAllowedMediaUrl("http://user:pw@zdn.vn/a", ["zdn.vn"])).toBe(false);
  });

  it("signs webhook events over app id + body + timestamp and delivers them, redelivered or forged on demand", async () => {
    const received: { body: string; signature: string | undefined }[] = [];
    const hook = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      received.push({
        body: Buffer.concat(chunks).toString("utf8"),
        signature: request.headers[SIGNATURE_HEADER] as string | undefined,
      });
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
    try {
      const secret = "a-secret-of-sixteen-plus";
      simulator.setWebhook({
        url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/`,
        secret,
        appId: "app-1",
      });
      const answers = await simulator.userSends({ from: "8005", text: "TRACUU X", times: 2 });
      expect(answers).toEqual([
        { status: 200, body: { ok: true } },
        { status: 200, body: { ok: true } },
      ]);
      expect(received[0]!.body).toBe(received[1]!.body);
      const event = JSON.parse(received[0]!.body);
      expect(event).toMatchObject({ app_id: "app-1", event_name: "user_send_text", sender: { id: "8005" } });
      expect(
        isValidEventSignature(secret, "app-1", received[0]!.body, event.timestamp, received[0]!.signature),
      ).toBe(true);
      expect(received[0]!.signature).toBe(signEvent(secret, "app-1", received[0]!.body, event.timestamp));
      await simulator.userSends({ from: "8005", text: "x", forge: true });
      const forged = received.at(-1)!;
      expect(
        isValidEventSignature(
          secret,
          "app-1",
          forged.body,
          JSON.parse(forged.body).timestamp,
          forged.signature,
        ),
      ).toBe(false);
    } finally {
      hook.close();
    }
  });

  it("settings: defaults, a URL needs its token, a short secret is refused", () => {
    expect(readZaloOaSettings({})).toMatchObject({
      zaloOaUrl: undefined,
      zaloOaTimeoutMs: 10_000,
      zaloOaWebhookWindowSeconds: 300,
      zaloOaMediaHosts: ["zdn.vn", "zalo.me"],
    });
    expect(() => readZaloOaSettings({ ZALO_OA_URL: "https://openapi.zalo.me" })).toThrow(/ZALO_OA_TOKEN/);
    expect(() => readZaloOaSettings({ ZALO_OA_URL: "ftp://x" })).toThrow(/ZALO_OA_URL/);
    expect(() => readZaloOaSettings({ ZALO_OA_WEBHOOK_SECRET: "short" })).toThrow(/ZALO_OA_WEBHOOK_SECRET/);
    expect(() => readZaloOaSettings({ ZALO_OA_TIMEOUT_MS: "5" })).toThrow(/ZALO_OA_TIMEOUT_MS/);
  });
});
