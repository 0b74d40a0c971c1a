import { createHmac, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { ValidationError } from "../../../services/errors.ts";

/**
 * Signed inbound requests, shared by the partner systems that push to OneStop (the national portal, issue #13; the
 * sector systems, issue #18): `X-Signature` = hex HMAC-SHA256 of the exact body bytes with the caller's shared secret,
 * checked on the raw body before anything is parsed, so a body altered on the way is refused whatever it contains.
 */
export const apiKeyHeader = "x-api-key";
export const signatureHeader = "x-signature";

/** Equal-time comparison of two secrets of any length (the length itself is not secret here). */
export function sameSecret(expected: Buffer, given: Buffer): boolean {
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Does `given` (the X-Signature header) carry the HMAC-SHA256 of `body` under `secret`? */
export function signatureMatches(secret: string, body: Buffer, given: unknown): boolean {
  if (typeof given !== "string" || !/^[0-9a-fA-F]{64}$/.test(given)) return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  return sameSecret(expected, Buffer.from(given, "hex"));
}

export interface SignedBodyOptions {
  /** The secret the request must be signed with; undefined refuses it (the caller was not identified). */
  secretFor: (request: FastifyRequest) => string | undefined;
  /** The 401 answered for a missing or wrong signature. */
  badSignature: () => Error;
}

/**
 * Replaces the plugin's JSON parser with one that keeps the raw bytes and checks their signature first; a request
 * without a body never reaches a parser, so its (empty) body is checked before validation. Other plugins keep
 * Fastify's parser (the change is encapsulated in the calling plugin).
 */
export function requireSignedBody(app: FastifyInstance, options: SignedBodyOptions): void {
  const verified = new WeakSet<FastifyRequest>();
  const verify = (request: FastifyRequest, body: Buffer) => {
    const secret = options.secretFor(request);
    if (secret === undefined || !signatureMatches(secret, body, request.headers[signatureHeader]))
      throw options.badSignature();
    verified.add(request);
  };
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body, done) => {
    try {
      verify(request, body as Buffer);
    } catch (error) {
      done(error as Error, undefined);
      return;
    }
    try {
      done(null, JSON.parse((body as Buffer).toString("utf8")));
    } catch {
      done(
        new ValidationError([
          {
            field: "",
            message: { vi: "Nội dung không phải JSON hợp lệ", en: "The body is not valid JSON" },
          },
        ]),
        undefined,
      );
    }
  });
  app.addHook("preValidation", async (request) => {
    if (!verified.has(request)) verify(request, Buffer.alloc(0));
  });
}
