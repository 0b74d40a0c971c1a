import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { signCallback } from "./callbackSignature.ts";
import type { PlatformPaymentRequest } from "./paymentPlatform.ts";
import { vietQrPayload } from "./vietQr.ts";

/** One payment the simulated platform settled: what its statement lists (R-FEE-2). */
export interface SimulatedTransaction {
  transactionId: string;
  paymentRequestId: string;
  dossierCode: string;
  amount: number;
  currency: string;
  status: "success" | "failed";
  paidAt: string;
  accountNumber: string;
}

/** What to break, as the real platform sometimes does (issue #15: duplicates, reordering, wrong amount, delays). */
export interface PaymentFaults {
  /** Each callback is sent this many extra times. */
  duplicateCallbacks: number;
  /** The callback's amount differs from what was paid by this much (a platform or bank error). */
  wrongAmountBy: number;
  /** Wait before each callback. */
  delayMs: number;
  /** Keep callbacks until `releaseCallbacks()`, which sends them newest first (reordering). */
  holdCallbacks: boolean;
  /** Statement differences: lines the platform lists that OneStop never heard of. */
  statementUnknownLines: number;
  /** Statement differences: settled transactions the statement leaves out. */
  statementDropLast: number;
  /** Statement differences: the first line's amount is off by this much. */
  statementAmountOffBy: number;
}

const NO_FAULTS: PaymentFaults = {
  duplicateCallbacks: 0,
  wrongAmountBy: 0,
  delayMs: 0,
  holdCallbacks: false,
  statementUnknownLines: 0,
  statementDropLast: 0,
  statementAmountOffBy: 0,
};

export interface PaymentSimulator {
  /** The address to configure as PAYMENT_PLATFORM_URL. */
  url: string;
  /** Where callbacks go and how they are signed (set once OneStop listens). */
  configure(options: { callbackUrl?: string; secret?: string }): void;
  faults: PaymentFaults;
  resetFaults(): void;
  /** The payer confirms (or fails) on the hosted page; resolves once the callbacks were sent (unless held). */
  pay(paymentRequestId: string, outcome?: "success" | "failed", paidAt?: Date): Promise<SimulatedTransaction>;
  releaseCallbacks(): Promise<void>;
  transactions(): readonly SimulatedTransaction[];
  requests(): readonly PlatformPaymentRequest[];
  /** Each callback answer OneStop gave: HTTP status per attempt. */
  callbackAnswers(): readonly number[];
  close(): Promise<void>;
}

const MAX_BODY = 256 * 1024;
const ZONE_OFFSET_MS = 7 * 3_600_000;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
const csvField = (value: string | number) => {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
/** The Vietnam calendar day of an instant. */
export const vietnamDay = (at: Date) => new Date(at.getTime() + ZONE_OFFSET_MS).toISOString().slice(0, 10);

export const STATEMENT_HEADER = [
  "NgayGiaoDich",
  "MaGiaoDich",
  "MaYeuCauThanhToan",
  "MaHoSo",
  "SoTien",
  "TienTe",
  "TaiKhoanNhan",
  "NoiDung",
];

function validPaymentRequest(body: unknown): body is PlatformPaymentRequest {
  const b = body as Partial<PlatformPaymentRequest> | null;
  return (
    typeof b === "object" &&
    b !== null &&
    typeof b.paymentRequestId === "string" &&
    b.paymentRequestId !== "" &&
    typeof b.dossierCode === "string" &&
    Number.isSafeInteger(b.amount) &&
    (b.amount as number) > 0 &&
    b.currency === "VND" &&
    typeof b.callbackUrl === "string" &&
    typeof b.returnUrl === "string" &&
    typeof b.account?.accountNumber === "string" &&
    typeof b.account?.bankBin === "string" &&
    Array.isArray(b.items)
  );
}

/**
 * The national payment platform's other side on loopback (development and tests, R-FEE-6): it takes payment requests,
 * shows a hosted page where the simulated payer confirms or fails, posts signed callbacks, serves daily statements as
 * CSV and handles refunds — and breaks in the ways it is told to.
 */
export async function startPaymentSimulator(
  options: { port?: number; callbackUrl?: string; secret?: string } = {},
): Promise<PaymentSimulator> {
  let callbackUrl = options.callbackUrl ?? "";
  let secret = options.secret ?? "";
  const faults: PaymentFaults = { ...NO_FAULTS };
  const requests = new Map<string, PlatformPaymentRequest>();
  const settled: SimulatedTransaction[] = [];
  const refunds = new Map<string, { platformRefundId: string; transactionId: string; amount: number }>();
  const held: SimulatedTransaction[] = [];
  const answers: number[] = [];
  let baseUrl = "";

  const sendCallback = async (transaction: SimulatedTransaction) => {
    const body = JSON.stringify({
      transactionId: transaction.transactionId,
      paymentRequestId: transaction.paymentRequestId,
      dossierCode: transaction.dossierCode,
      amount: transaction.amount + (transaction.status === "success" ? faults.wrongAmountBy : 0),
      currency: transaction.currency,
      status: transaction.status,
      paidAt: transaction.paidAt,
    });
    for (let copy = 0; copy <= faults.duplicateCallbacks; copy += 1) {
      if (faults.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
      // A platform retries a callback that was not acknowledged, a few times.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        try {
          const target = callbackUrl || requests.get(transaction.paymentRequestId)?.callbackUrl || "";
          const response = await fetch(target, {
            method: "POST",
            headers: { "content-type": "application/json", "x-signature": signCallback(secret, body) },
            body,
            signal: AbortSignal.timeout(10_000),
          });
          answers.push(response.status);
          await response.arrayBuffer();
          if (response.status < 500) break;
        } catch {
          answers.push(0);
        }
      }
    }
  };

  const pay = async (
    paymentRequestId: string,
    outcome: "success" | "failed" = "success",
    paidAt = new Date(),
  ) => {
    const request = requests.get(paymentRequestId);
    if (!request) throw new Error(`unknown payment request ${paymentRequestId}`);
    const transaction: SimulatedTransaction = {
      transactionId: `NTT${paidAt.getTime().toString(36).toUpperCase()}${randomUUID().slice(0, 8).toUpperCase()}`,
      paymentRequestId,
      dossierCode: request.dossierCode,
      amount: request.amount,
      currency: request.currency,
      status: outcome,
      paidAt: paidAt.toISOString(),
      accountNumber: request.account.accountNumber,
    };
    settled.push(transaction);
    if (faults.holdCallbacks) held.push(transaction);
    else await sendCallback(transaction);
    return transaction;
  };

  const statement = (day: string) => {
    let lines = settled.filter((t) => t.status === "success" && vietnamDay(new Date(t.paidAt)) === day);
    if (faults.statementDropLast > 0)
      lines = lines.slice(0, Math.max(0, lines.length - faults.statementDropLast));
    const rows = lines.map((t, index) => ({
      ...t,
      amount: index === 0 ? t.amount + faults.statementAmountOffBy : t.amount,
    }));
    for (let extra = 0; extra < faults.statementUnknownLines; extra += 1)
      rows.push({
        transactionId: `NTTX${day.replaceAll("-", "")}${extra}`,
        paymentRequestId: randomUUID(),
        dossierCode: "KHONG-RO",
        amount: 10_000 * (extra + 1),
        currency: "VND",
        status: "success",
        paidAt: `${day}T03:00:00.000Z`,
        accountNumber: "0000",
      });
    return [
      STATEMENT_HEADER.join(","),
      ...rows.map((t) =>
        [
          t.paidAt,
          t.transactionId,
          t.paymentRequestId,
          t.dossierCode,
          t.amount,
          t.currency,
          t.accountNumber,
          `Thanh toan ho so ${t.dossierCode}`,
        ]
          .map(csvField)
          .join(","),
      ),
    ].join("\n");
  };

  const page = (request: PlatformPaymentRequest, vietQr: string) => `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Nền tảng thanh toán (mô phỏng)</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"></head>
<body style="font-family:sans-serif;max-width:40rem;margin:2rem auto">
<main>
<h1>Nền tảng thanh toán trực tuyến (mô phỏng)</h1>
<p>Hồ sơ: <strong>${escapeHtml(request.dossierCode)}</strong></p>
<table><caption>Các khoản phí, lệ phí</caption><thead><tr><th scope="col">Khoản</th><th scope="col">Số tiền (đồng)</th></tr></thead><tbody>
${request.items.map((item) => `<tr><td>${escapeHtml(item.name)}</td><td>${item.amount.toLocaleString("vi-VN")}</td></tr>`).join("")}
</tbody></table>
<p>Tổng cộng: <strong id="amount">${request.amount.toLocaleString("vi-VN")} đồng</strong></p>
<p>Tài khoản nhận: ${escapeHtml(request.account.accountName)} — ${escapeHtml(request.account.accountNumber)}</p>
<p>Mã VietQR: <code style="word-break:break-all">${escapeHtml(vietQr)}</code></p>
<form method="post" action="/pay/${encodeURIComponent(request.paymentRequestId)}/confirm"><button type="submit">Xác nhận thanh toán</button></form>
<form method="post" action="/pay/${encodeURIComponent(request.paymentRequestId)}/fail"><button type="submit">Hủy / thanh toán không thành công</button></form>
</main></body></html>`;

  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    const url = new URL(request.url ?? "/", "http://simulator");
    const path = url.pathname;
    try {
      if (request.method === "POST" && path === "/payments") {
        let body: unknown;
        try {
          body = JSON.parse(await readBody(request));
        } catch {
          return answer(400, { error: "invalid JSON" });
        }
        if (!validPaymentRequest(body)) return answer(400, { error: "invalid payment request" });
        if (!requests.has(body.paymentRequestId)) requests.set(body.paymentRequestId, body);
        const stored = requests.get(body.paymentRequestId)!;
        return answer(200, {
          redirectUrl: `${baseUrl}/pay/${encodeURIComponent(stored.paymentRequestId)}`,
          vietQr: vietQrPayload({
            bankBin: stored.account.bankBin,
            accountNumber: stored.account.accountNumber,
            amount: stored.amount,
            note: stored.dossierCode,
          }),
        });
      }
      const payMatch = /^\/pay\/([^/]+)(?:\/(confirm|fail))?$/.exec(path);
      if (payMatch) {
        const id = decodeURIComponent(payMatch[1]!);
        const stored = requests.get(id);
        if (!stored) return answer(404, { error: "unknown payment request" });
        if (request.method === "GET" && !payMatch[2]) {
          const qr = vietQrPayload({
            bankBin: stored.account.bankBin,
            accountNumber: stored.account.accountNumber,
            amount: stored.amount,
            note: stored.dossierCode,
          });
          response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          return response.end(page(stored, qr));
        }
        if (request.method === "POST" && payMatch[2]) {
          await readBody(request);
          const outcome = payMatch[2] === "confirm" ? "success" : "failed";
          await pay(id, outcome);
          const back = new URL(stored.returnUrl);
          back.searchParams.set("paymentRequestId", id);
          back.searchParams.set("result", outcome);
          response.writeHead(303, { location: back.toString() });
          return response.end();
        }
      }
      const statementMatch = /^\/statements\/(\d{4}-\d{2}-\d{2})\.csv$/.exec(path);
      if (request.method === "GET" && statementMatch) {
        response.writeHead(200, { "content-type": "text/csv; charset=utf-8" });
        return response.end(statement(statementMatch[1]!));
      }
      if (request.method === "POST" && path === "/refunds") {
        let body: { refundId?: unknown; transactionId?: unknown; amount?: unknown };
        try {
          body = JSON.parse(await readBody(request)) as typeof body;
        } catch {
          return answer(400, { error: "invalid JSON" });
        }
        const paid = settled.find((t) => t.transactionId === body.transactionId && t.status === "success");
        if (typeof body.refundId !== "string" || !paid) return answer(404, { error: "unknown transaction" });
        if (
          !Number.isSafeInteger(body.amount) ||
          (body.amount as number) <= 0 ||
          (body.amount as number) > paid.amount
        )
          return answer(400, { error: "invalid amount" });
        if (!refunds.has(body.refundId))
          refunds.set(body.refundId, {
            platformRefundId: `HT${randomUUID().slice(0, 12).toUpperCase()}`,
            transactionId: paid.transactionId,
            amount: body.amount as number,
          });
        return answer(200, {
          platformRefundId: refunds.get(body.refundId)!.platformRefundId,
          status: "pending",
        });
      }
      const refundMatch = /^\/refunds\/([^/]+)$/.exec(path);
      if (request.method === "GET" && refundMatch) {
        const found = [...refunds.values()].find(
          (r) => r.platformRefundId === decodeURIComponent(refundMatch[1]!),
        );
        if (!found) return answer(404, { error: "unknown refund" });
        return answer(200, { platformRefundId: found.platformRefundId, status: "completed" });
      }
      if (request.method === "POST" && path === "/control/faults") {
        const body = JSON.parse((await readBody(request)) || "{}") as Partial<PaymentFaults>;
        for (const key of Object.keys(NO_FAULTS) as (keyof PaymentFaults)[])
          if (body[key] !== undefined) (faults as unknown as Record<string, unknown>)[key] = body[key];
        return answer(200, faults);
      }
      return answer(404, { error: "not found" });
    } catch (error) {
      return answer(500, { error: (error as Error).message });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: baseUrl,
    configure(next) {
      if (next.callbackUrl !== undefined) callbackUrl = next.callbackUrl;
      if (next.secret !== undefined) secret = next.secret;
    },
    faults,
    resetFaults() {
      Object.assign(faults, NO_FAULTS);
    },
    pay,
    async releaseCallbacks() {
      const pending = held.splice(0).reverse();
      for (const transaction of pending) await sendCallback(transaction);
    },
    transactions: () => settled,
    requests: () => [...requests.values()],
    callbackAnswers: () => answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
