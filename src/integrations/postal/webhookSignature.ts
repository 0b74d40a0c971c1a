import { createHmac, timingSafeEqual } from "node:crypto";

/** `X-Signature` of a postal webhook: hex HMAC-SHA256 of the raw body with POSTAL_WEBHOOK_SECRET (issue #18). */
export function signPostalWebhook(secret: string, body: string | Buffer): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

export function isValidPostalSignature(secret: string, body: Buffer, given: unknown): boolean {
  if (secret === "" || typeof given !== "string" || !/^[0-9a-fA-F]{64}$/.test(given)) return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(given, "hex"));
}
