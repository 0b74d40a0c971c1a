import { createHmac } from "node:crypto";

/**
 * `X-Signature` of a postal webhook: hex HMAC-SHA256 of the raw body with POSTAL_WEBHOOK_SECRET (issue #18), the
 * scheme every partner's push uses; OneStop checks it with `signatureMatches` (src/http/routes/integration/signedBody.ts).
 */
export function signPostalWebhook(secret: string, body: string | Buffer): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}
