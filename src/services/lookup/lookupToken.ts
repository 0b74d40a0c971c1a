import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

/**
 * The token of a dossier's QR code (issue #20, name enumeration): an HMAC-SHA-256 of the dossier code under the
 * server's secret, cut to 128 bits and written base64url (22 characters). Only the reception slip and the applicant's
 * own pages carry it; whoever scans the QR has the paper, so the lookup may show them the full name, while a bare
 * code (which anyone can guess, codes being sequential) shows a masked one.
 *
 * The secret lives in `lookup_token_keys` (one row, created on first need like the result signing keys) and is kept
 * in memory per database once read.
 */
const TOKEN_BYTES = 16;
const secrets = new WeakMap<Kysely<Database>, Buffer>();

async function secretOf(db: Kysely<Database>): Promise<Buffer> {
  const cached = secrets.get(db);
  if (cached) return cached;
  let row = await db.selectFrom("lookup_token_keys").select("secret").executeTakeFirst();
  if (!row) {
    // Two processes at once: one insert wins, both read the winner's secret.
    await db
      .insertInto("lookup_token_keys")
      .values({ id: 1, secret: randomBytes(32).toString("base64url"), created_at: new Date() })
      .onConflict((conflict) => conflict.column("id").doNothing())
      .execute();
    row = await db.selectFrom("lookup_token_keys").select("secret").executeTakeFirstOrThrow();
  }
  const secret = Buffer.from(row.secret, "base64url");
  secrets.set(db, secret);
  return secret;
}

function tokenWith(secret: Buffer, code: string): Buffer {
  return createHmac("sha256", secret).update(`lookup:${code}`).digest().subarray(0, TOKEN_BYTES);
}

/** The token for `code` (the dossier's own code, as stored). */
export async function lookupTokenFor(db: Kysely<Database>, code: string): Promise<string> {
  return tokenWith(await secretOf(db), code).toString("base64url");
}

/** Whether `token` is the token of `code`, compared in constant time. */
export async function isLookupToken(db: Kysely<Database>, code: string, token: string): Promise<boolean> {
  const given = Buffer.from(token, "base64url");
  if (given.length !== TOKEN_BYTES) return false;
  return timingSafeEqual(given, tokenWith(await secretOf(db), code));
}
