import { createHmac, timingSafeEqual } from "node:crypto";

/** `X-Signature` of a payment callback: hex HMAC-SHA256 of the raw body with PAYMENT_CALLBACK_SECRET (R-FEE-6). */
export function signCallback(secret: string, body: string | Buffer): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

export function isValidCallbackSignature(secret: string, body: Buffer, given: unknown): boolean {
  if (typeof given !== "string" || !/^[0-9a-fA-F]{64}$/.test(given)) return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(given, "hex"));
}
