import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The signature of an outbound event (issue #18, docs/outbound-events.md): HMAC-SHA256 with the subscription's secret
 * over `<timestamp>.<body>`, where the timestamp is the Unix time in seconds sent in `X-OneStop-Timestamp` and the
 * body is the exact bytes of the request. Sent as `X-OneStop-Signature: v1=<hex>`. Binding the timestamp lets a
 * receiver refuse an old request replayed by someone who captured it.
 */
export const SIGNATURE_HEADER = "x-onestop-signature";
export const TIMESTAMP_HEADER = "x-onestop-timestamp";
export const EVENT_ID_HEADER = "x-onestop-event-id";
export const ATTEMPT_HEADER = "x-onestop-delivery-attempt";

export function signEvent(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * What a receiver does (the simulator does exactly this): the timestamp within `toleranceSeconds` of its clock, and
 * one of the `v1=` values of the header equal, in constant time, to the HMAC it computes itself.
 */
export function verifyEventSignature(input: {
  secrets: readonly string[];
  header: string | undefined;
  timestamp: string | undefined;
  body: string;
  nowSeconds: number;
  toleranceSeconds?: number;
}): boolean {
  const timestamp = Number(input.timestamp);
  if (!input.header || !Number.isInteger(timestamp)) return false;
  if (Math.abs(input.nowSeconds - timestamp) > (input.toleranceSeconds ?? 300)) return false;
  const given = input.header
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.startsWith("v1="))
    .map((part) => Buffer.from(part));
  return input.secrets.some((secret) => {
    const expected = Buffer.from(signEvent(secret, timestamp, input.body));
    return given.some((value) => value.length === expected.length && timingSafeEqual(value, expected));
  });
}
