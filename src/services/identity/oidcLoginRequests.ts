import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { OidcProviderName } from "../../db/identityTables.ts";
import type { Database } from "../../db/schema.ts";

/** A sign-in started more than this long ago is refused at the callback. */
const requestLifetimeMs = 10 * 60_000;

const hashState = (state: string) => createHash("sha256").update(state).digest("hex");

/** Keeps what the callback must check (state, nonce, PKCE verifier) server-side; the browser carries only state. */
export async function saveLoginRequest(
  db: Kysely<Database>,
  request: {
    provider: OidcProviderName;
    state: string;
    nonce: string;
    codeVerifier: string;
    returnTo: string;
  },
  now: Date,
): Promise<void> {
  // Abandoned sign-ins are swept as new ones start: the table stays small without a job.
  await db.deleteFrom("oidc_login_requests").where("expires_at", "<", now).execute();
  await db
    .insertInto("oidc_login_requests")
    .values({
      state_hash: hashState(request.state),
      provider: request.provider,
      nonce: request.nonce,
      code_verifier: request.codeVerifier,
      return_to: request.returnTo,
      created_at: now,
      expires_at: new Date(now.getTime() + requestLifetimeMs),
    })
    .execute();
}

/**
 * Takes the sign-in request of `state` away (single use: a replayed callback, even with a valid code, finds nothing).
 * Undefined when unknown, already used, expired or started for the other provider.
 */
export async function consumeLoginRequest(
  db: Kysely<Database>,
  provider: OidcProviderName,
  state: string,
  now: Date,
): Promise<{ nonce: string; codeVerifier: string; returnTo: string } | undefined> {
  const row = await db
    .deleteFrom("oidc_login_requests")
    .where("state_hash", "=", hashState(state))
    .returning(["provider", "nonce", "code_verifier", "return_to", "expires_at"])
    .executeTakeFirst();
  if (!row || row.provider !== provider || row.expires_at.getTime() <= now.getTime()) return undefined;
  return { nonce: row.nonce, codeVerifier: row.code_verifier, returnTo: row.return_to };
}

/** `returnTo` must be a path of this site ("/ho-so"), never another origin ("//evil", "https://…", "/\\evil"). */
export function safeReturnTo(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 500) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return fallback;
  if ([...value].some((c) => c.charCodeAt(0) < 0x20)) return fallback;
  return value;
}
