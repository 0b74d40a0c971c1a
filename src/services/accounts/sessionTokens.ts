import { createHash, randomBytes } from "node:crypto";

/** 256 random bits, URL-safe: the cookie value, or a CSRF token. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the sessions table stores instead of the token: a database leak does not hand out live sessions. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
