import { randomBytes } from "node:crypto";
import Fastify, { type FastifyInstance } from "fastify";
import {
  createFaultInjector,
  FAULT_MODES,
  type FaultInjector,
  type FaultMode,
} from "../dvcqg/simulator/faults.ts";
import type { PortalFaqEntry, PortalFeedbackIn, PortalFeedbackOut } from "./feedbackPortalPort.ts";

/**
 * The national feedback system's other side on 127.0.0.1 (issue #17), for development and tests. It checks the bearer
 * token and the items it receives, keeps pushed items by idempotency key (a resend gets the same id), accepts answers
 * only for items it knows, serves items "sent at the national portal" and its FAQ, and injects the same faults as the
 * DVCQG simulator through /control: timeout, 500, lost acknowledgement (503 after applying), slow.
 */

export interface FeedbackPortalSimulator {
  url: string;
  token: string;
  faults: FaultInjector;
  received: Map<
    string,
    PortalFeedbackOut & { nationalId: string; answer?: { text: string; agency: string | null } }
  >;
  /** Adds an item as if someone had sent it at the national portal. */
  addCitizenItem(item: Omit<PortalFeedbackIn, "nationalId">): PortalFeedbackIn;
  faqEntries: PortalFaqEntry[];
  app: FastifyInstance;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export async function startFeedbackPortalSimulator(
  options: { port?: number; token?: string } = {},
): Promise<FeedbackPortalSimulator> {
  const token = options.token ?? randomBytes(18).toString("base64url");
  const faults = createFaultInjector();
  const received: FeedbackPortalSimulator["received"] = new Map();
  const byKey = new Map<string, string>();
  const inbound: PortalFeedbackIn[] = [];
  const faqEntries: PortalFaqEntry[] = [
    {
      nationalId: "DVCQG-FAQ-1",
      question: "Tôi có thể nộp hồ sơ trực tuyến vào ngày nghỉ không?",
      answer: "Có. Hồ sơ trực tuyến được nhận mọi lúc; thời hạn giải quyết tính từ ngày làm việc tiếp theo.",
      procedureCode: null,
    },
  ];
  let sequence = 0;
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.addHook("onRequest", async (request, reply) => {
    if (request.url.startsWith("/control")) return;
    if (request.headers.authorization !== `Bearer ${token}`)
      return reply.code(401).send({ error: "UNAUTHORIZED", message: "Sai mã xác thực" });
    const fault = faults.take();
    if (!fault) return;
    if (fault.mode === "timeout") {
      reply.hijack();
      return;
    }
    if (fault.mode === "error")
      return reply.code(500).send({ error: "SIMULATED_FAILURE", message: "Lỗi (mô phỏng)" });
    if (fault.mode === "slow") await sleep(fault.delayMs);
    if (fault.mode === "duplicate") (request as { lostAck?: boolean }).lostAck = true;
  });
  app.addHook("onSend", async (request, reply, payload) => {
    if (!(request as { lostAck?: boolean }).lostAck || reply.statusCode >= 300) return payload;
    reply.code(503);
    return JSON.stringify({ error: "ACK_LOST", message: "Đã nhận nhưng mất phản hồi (mô phỏng)" });
  });

  app.post("/control/fault", async (request, reply) => {
    const body = request.body as { mode?: FaultMode; remaining?: number | null; delayMs?: number };
    if (!body.mode || !FAULT_MODES.includes(body.mode)) return reply.code(400).send({ error: "BAD_MODE" });
    faults.set({ mode: body.mode, remaining: body.remaining ?? 1, delayMs: body.delayMs ?? 500 });
    return { ok: true };
  });

  app.post("/feedback", async (request, reply) => {
    const key = request.headers["idempotency-key"];
    const body = request.body as Partial<PortalFeedbackOut>;
    const errors: { field: string; message: string }[] = [];
    for (const field of ["code", "title", "content", "receivedAt"] as const)
      if (typeof body[field] !== "string" || !body[field]) errors.push({ field, message: "bắt buộc" });
    if (body.kind !== "feedback" && body.kind !== "question")
      errors.push({ field: "kind", message: "không hợp lệ" });
    if (typeof key !== "string" || !key) errors.push({ field: "Idempotency-Key", message: "bắt buộc" });
    if (errors.length) return reply.code(400).send({ message: "Dữ liệu không hợp lệ", errors });
    const known = byKey.get(key as string);
    if (known) return { nationalId: known, duplicate: true };
    sequence += 1;
    const nationalId = `PAKN-QG-${String(sequence).padStart(6, "0")}`;
    byKey.set(key as string, nationalId);
    received.set(nationalId, { ...(body as PortalFeedbackOut), nationalId });
    return { nationalId };
  });

  app.post("/feedback/:id/answer", async (request, reply) => {
    const { id } = request.params as { id: string };
    const item = received.get(id);
    const body = request.body as { text?: string; agency?: string | null };
    if (!item) return reply.code(404).send({ message: "Không có phản ánh này" });
    if (typeof body.text !== "string" || body.text.length < 5)
      return reply
        .code(400)
        .send({ message: "Dữ liệu không hợp lệ", errors: [{ field: "text", message: "bắt buộc" }] });
    item.answer = { text: body.text, agency: body.agency ?? null };
    return { ok: true };
  });

  app.get("/feedback", async (request) => {
    const since = (request.query as { since?: string }).since;
    return { items: inbound.filter((item) => !since || item.receivedAt > since) };
  });

  app.get("/faq", async () => ({ items: faqEntries }));

  const address = await app.listen({ host: "127.0.0.1", port: options.port ?? 0 });
  let citizenSequence = 0;
  return {
    url: address,
    token,
    faults,
    received,
    faqEntries,
    addCitizenItem(item) {
      citizenSequence += 1;
      const full = { ...item, nationalId: `PAKN-DAN-${String(citizenSequence).padStart(6, "0")}` };
      inbound.push(full);
      return full;
    },
    app,
    close: () => app.close(),
  };
}
