import type { PaymentPlatform, PlatformPaymentPage, PlatformRefundStatus } from "./paymentPlatform.ts";
import { PaymentPlatformError } from "./paymentPlatform.ts";

const TIMEOUT_MS = 10_000;

/**
 * The platform over HTTP (`PAYMENT_PLATFORM_URL`): JSON in and out, an Idempotency-Key on every creation so a retry
 * after a timeout never makes a second request, a timeout on every call.
 */
export function httpPaymentPlatform(baseUrl: string): PaymentPlatform {
  const base = baseUrl.replace(/\/+$/, "");
  const call = async (
    path: string,
    init: RequestInit & { idempotencyKey?: string } = {},
  ): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        ...init,
        headers: {
          "content-type": "application/json",
          ...(init.idempotencyKey ? { "idempotency-key": init.idempotencyKey } : {}),
        },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new PaymentPlatformError(`payment platform unreachable: ${(error as Error).message}`);
    }
    if (!response.ok)
      throw new PaymentPlatformError(`payment platform answered ${response.status}`, response.status);
    return response;
  };
  return {
    async createPayment(request) {
      const response = await call("/payments", {
        method: "POST",
        body: JSON.stringify(request),
        idempotencyKey: request.paymentRequestId,
      });
      return (await response.json()) as PlatformPaymentPage;
    },
    async fetchStatement(day) {
      const response = await call(`/statements/${encodeURIComponent(day)}.csv`);
      return response.text();
    },
    async requestRefund(request) {
      const response = await call("/refunds", {
        method: "POST",
        body: JSON.stringify(request),
        idempotencyKey: request.refundId,
      });
      return (await response.json()) as PlatformRefundStatus;
    },
    async refundStatus(platformRefundId) {
      const response = await call(`/refunds/${encodeURIComponent(platformRefundId)}`);
      return (await response.json()) as PlatformRefundStatus;
    },
  };
}
