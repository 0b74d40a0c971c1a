import type { PostalOrderAnswer, PostalQuote, PostalService } from "./postalService.ts";
import { PostalServiceError } from "./postalService.ts";

/**
 * The postal service over HTTP (`POSTAL_URL`): JSON in and out, `Authorization: Bearer POSTAL_TOKEN`, an
 * Idempotency-Key (OneStop's order id) on every order so a retry after a timeout never books a second collection,
 * and `POSTAL_TIMEOUT_MS` on every call.
 */
export function httpPostalService(options: {
  url: string;
  token?: string | undefined;
  timeoutMs: number;
}): PostalService {
  const base = options.url.replace(/\/+$/, "");
  const call = async (
    path: string,
    init: RequestInit & { idempotencyKey?: string } = {},
  ): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        ...init,
        headers: {
          "content-type": "application/json",
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(init.idempotencyKey ? { "idempotency-key": init.idempotencyKey } : {}),
        },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      throw new PostalServiceError(`postal service unreachable: ${(error as Error).message}`);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
      throw new PostalServiceError(
        `postal service answered ${response.status}`,
        response.status,
        typeof code === "string" ? code : undefined,
      );
    }
    return body;
  };
  const answerOf = (body: unknown): PostalOrderAnswer & { reason?: string } => {
    const b = body as Partial<PostalOrderAnswer & { reason?: string }> | undefined;
    if (!b || typeof b.orderCode !== "string" || !Number.isSafeInteger(b.fee) || typeof b.state !== "string")
      throw new PostalServiceError("postal service answered an unreadable order");
    return b as PostalOrderAnswer & { reason?: string };
  };
  return {
    async quote(request) {
      const body = (await call("/quotes", {
        method: "POST",
        body: JSON.stringify(request),
      })) as Partial<PostalQuote>;
      if (!body || !Number.isSafeInteger(body.fee))
        throw new PostalServiceError("postal service answered no fee");
      return { fee: body.fee as number, currency: "VND" };
    },
    async createOrder(request) {
      return answerOf(
        await call("/orders", {
          method: "POST",
          body: JSON.stringify(request),
          idempotencyKey: request.reference,
        }),
      );
    },
    async getOrder(orderCode) {
      return answerOf(await call(`/orders/${encodeURIComponent(orderCode)}`));
    },
  };
}
