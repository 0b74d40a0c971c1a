import { DeliveryFailure } from "../../services/delivery/outboundQueue.ts";
import type { DvcqgSyncPort, OutgoingPacket } from "./syncPort.ts";

export interface HttpSyncClientOptions {
  /** DVCQG_SYNC_URL */
  url: string;
  /** DVCQG_SYNC_TOKEN, sent as `Authorization: Bearer <token>`. */
  token: string;
  /** DVCQG_SYNC_TIMEOUT_MS: no answer within this is a failure, retried. */
  timeoutMs: number;
}

/** The error DVCQG gave, for officers and administrators: its message and the first field errors. */
function readError(status: number, text: string): string {
  try {
    const body = JSON.parse(text) as { message?: string; errors?: { field: string; message: string }[] };
    const fields = (body.errors ?? [])
      .slice(0, 5)
      .map((error) => `${error.field}: ${error.message}`)
      .join("; ");
    return [`HTTP ${status}`, body.message, fields].filter(Boolean).join(" — ");
  } catch {
    return `HTTP ${status}${text ? ` — ${text.slice(0, 300)}` : ""}`;
  }
}

/**
 * The adapter to DVCQG's sync endpoint (issue #13 contract): POST JSON `{service, isUpdating, data}` with the bearer
 * token, the sequence in `X-Sync-Sequence` and the idempotency key in `Idempotency-Key`. 2xx = delivered; any other
 * answer, a network error or no answer in time throws a DeliveryFailure (4xx other than 408/429 counts as a refusal).
 */
export function httpSyncClient(options: HttpSyncClientOptions): DvcqgSyncPort {
  return {
    async push(packet: OutgoingPacket) {
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${options.token}`,
            "x-sync-sequence": String(packet.sequence),
            "idempotency-key": packet.idempotencyKey,
          },
          body: JSON.stringify(packet.body),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        const timedOut = (error as Error).name === "TimeoutError" || (error as Error).name === "AbortError";
        throw new DeliveryFailure(
          timedOut
            ? `Cổng DVCQG không trả lời trong ${options.timeoutMs} ms`
            : `Không kết nối được Cổng DVCQG: ${(error as Error).message}`,
          false,
        );
      }
      const text = await response.text().catch(() => "");
      if (response.ok) return;
      const rejected =
        response.status >= 400 && response.status < 500 && ![408, 429].includes(response.status);
      throw new DeliveryFailure(readError(response.status, text), rejected, response.status);
    },
  };
}
