import { DeliveryFailure } from "../../services/delivery/outboundQueue.ts";
import type { FeedbackPortalPort } from "./feedbackPortalPort.ts";

export interface HttpFeedbackPortalOptions {
  /** DVCQG_FEEDBACK_URL: the base of the feedback API, e.g. `https://dichvucong.gov.vn/api/pakn`. */
  url: string;
  /** DVCQG_FEEDBACK_TOKEN, sent as `Authorization: Bearer <token>`. */
  token: string;
  timeoutMs: number;
}

/**
 * The adapter to the national feedback API: JSON over HTTPS with the bearer token and an `Idempotency-Key` on writes.
 * Any non-2xx answer, network error or timeout is a DeliveryFailure (4xx other than 408/429 counts as a refusal).
 */
export function httpFeedbackPortal(options: HttpFeedbackPortalOptions): FeedbackPortalPort {
  const base = options.url.replace(/\/$/, "");
  async function call<T>(method: "GET" | "POST", path: string, body?: unknown, key?: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...(key ? { "idempotency-key": key } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === "TimeoutError" || (error as Error).name === "AbortError";
      throw new DeliveryFailure(
        timedOut
          ? `Hệ thống phản ánh quốc gia không trả lời trong ${options.timeoutMs} ms`
          : `Không kết nối được hệ thống phản ánh quốc gia: ${(error as Error).message}`,
        false,
      );
    }
    const text = await response.text().catch(() => "");
    if (!response.ok) {
      const rejected =
        response.status >= 400 && response.status < 500 && ![408, 429].includes(response.status);
      throw new DeliveryFailure(`HTTP ${response.status} ${text.slice(0, 300)}`, rejected, response.status);
    }
    return (text ? JSON.parse(text) : {}) as T;
  }
  return {
    push: (item, key) => call<{ nationalId: string }>("POST", "/feedback", item, key),
    pushAnswer: async (nationalId, answer, key) => {
      await call("POST", `/feedback/${encodeURIComponent(nationalId)}/answer`, answer, key);
    },
    pull: async (since) =>
      (
        await call<{ items: Awaited<ReturnType<FeedbackPortalPort["pull"]>> }>(
          "GET",
          `/feedback${since ? `?since=${encodeURIComponent(since)}` : ""}`,
        )
      ).items,
    faq: async () =>
      (await call<{ items: Awaited<ReturnType<FeedbackPortalPort["faq"]>> }>("GET", "/faq")).items,
  };
}
