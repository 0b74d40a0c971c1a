import { createPrivateKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from "jose";
import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { StoredJwk } from "../../db/resultTables.ts";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";

/** ECDSA P-256 with SHA-256: short signatures (64 bytes) that fit a QR code, in every browser's WebCrypto. */
export const SIGNING_ALGORITHM = "ES256";

export interface SigningKey {
  kid: string;
  /** A Node key object: issueResult signs with node:crypto directly (issue #21, see there). */
  privateKey: KeyObject;
}

export interface SigningKeyInfo {
  kid: string;
  algorithm: string;
  createdAt: Date;
  retiredAt: Date | null;
  expiresAt: Date | null;
}

/** A public key as published in the JWKS, with the fields a verifier needs to pick and use it. */
export interface PublishedJwk {
  kty: string;
  crv: string;
  x: string;
  y: string;
  kid: string;
  alg: string;
  use: "sig";
}

const parsed = <T>(value: T | string): T => (typeof value === "string" ? (JSON.parse(value) as T) : value);

async function newKeyRow(now: Date) {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const privateJwk = await exportJWK(privateKey);
  // RFC 7638 thumbprint: the key id follows from the key itself, so it can never name two keys.
  const kid = await calculateJwkThumbprint(publicJwk, "sha256");
  return {
    kid,
    algorithm: SIGNING_ALGORITHM,
    public_jwk: JSON.stringify(publicJwk),
    private_jwk: JSON.stringify(privateJwk),
    created_at: now,
  };
}

/** The active key's kid and private key as SQL for a caller's own select (at most one key is active). */
export const ACTIVE_KEY_SQL = {
  kid: "(select kid from result_signing_keys where retired_at is null)",
  privateJwk: "(select private_jwk from result_signing_keys where retired_at is null)",
} as const;

async function currentRow(db: Kysely<Database>) {
  return db
    .selectFrom("result_signing_keys")
    .select(["kid", "private_jwk"])
    .where("retired_at", "is", null)
    .executeTakeFirst();
}

/**
 * The key that signs new results: the active one, or a new one generated on first need. Two processes asking at
 * once both end with the same key (one active key at most, enforced by a unique index; the loser reads the winner's).
 * Runs in the caller's transaction when given one, so a result and its first key commit together or not at all.
 */
export async function activeSigningKey(
  db: Kysely<Database>,
  now: Date,
  /** The active key's row when the caller read it in its own statement (issue #21); null: none was active. */
  read?: { kid: string | null; private_jwk: StoredJwk | string | null },
): Promise<SigningKey> {
  let row =
    read === undefined
      ? await currentRow(db)
      : read.kid !== null && read.private_jwk !== null
        ? { kid: read.kid, private_jwk: read.private_jwk }
        : undefined;
  if (!row) {
    await db
      .insertInto("result_signing_keys")
      .values(await newKeyRow(now))
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    row = await currentRow(db);
  }
  if (!row) throw new Error("no active result signing key after creating one");
  return { kid: row.kid, privateKey: importedKey(row.kid, row.private_jwk) };
}

const imported = new Map<string, { jwk: string; key: KeyObject }>();

/**
 * The private key as a Node key object, imported once per key (issue #21: importing it is CPU every approval
 * repeated). The row is still read on every signature, so a rotation or a retirement takes effect at once; a key is
 * cached under its kid together with its stored text, so a different key under the same kid is imported afresh. A
 * failed import throws before anything is kept: the next signature tries again.
 */
function importedKey(kid: string, privateJwk: StoredJwk | string): KeyObject {
  const jwk = typeof privateJwk === "string" ? privateJwk : JSON.stringify(privateJwk);
  const cached = imported.get(kid);
  if (cached && cached.jwk === jwk) return cached.key;
  const key = createPrivateKey({ key: parsed<StoredJwk>(privateJwk) as JsonWebKey, format: "jwk" });
  if (imported.size >= 16) imported.clear();
  imported.set(kid, { jwk, key });
  return key;
}

/**
 * Key rotation: the active key stops signing (retired now) and a new key takes over. The retired public key stays in
 * the JWKS, so every result signed before still verifies (R-RES-2: results stay valid for lookup and reuse).
 */
export async function rotateSigningKey(
  db: Kysely<Database>,
  now: Date,
): Promise<{ kid: string; retired: string | null }> {
  return inTransaction(db, async (trx) => {
    const retired = await trx
      .updateTable("result_signing_keys")
      .set({ retired_at: now })
      .where("retired_at", "is", null)
      .returning("kid")
      .executeTakeFirst();
    const row = await newKeyRow(now);
    await trx.insertInto("result_signing_keys").values(row).execute();
    return { kid: row.kid, retired: retired?.kid ?? null };
  });
}

/** Every key, newest first, without any key material (for `onestop keys list`). */
export async function listSigningKeys(db: Kysely<Database>): Promise<SigningKeyInfo[]> {
  const rows = await db
    .selectFrom("result_signing_keys")
    .select(["kid", "algorithm", "created_at", "retired_at", "expires_at"])
    .orderBy("created_at", "desc")
    .orderBy("kid")
    .execute();
  return rows.map((row) => ({
    kid: row.kid,
    algorithm: row.algorithm,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
    expiresAt: row.expires_at,
  }));
}

/**
 * The public keys to publish at /.well-known/jwks.json: active and retired alike, until a key's expiry (none by
 * default). Only the public columns are read here: the private key never reaches a route.
 */
export async function publishedJwks(db: Kysely<Database>, now: Date): Promise<{ keys: PublishedJwk[] }> {
  const rows = await db
    .selectFrom("result_signing_keys")
    .select(["kid", "algorithm", "public_jwk"])
    .where((where) => where.or([where("expires_at", "is", null), where("expires_at", ">", now)]))
    .orderBy(sql`retired_at is null`, "desc")
    .orderBy("created_at", "desc")
    .orderBy("kid")
    .execute();
  return {
    keys: rows.map((row) => {
      const { kty, crv, x, y } = parsed<StoredJwk>(row.public_jwk);
      return { kty: kty!, crv: crv!, x: x!, y: y!, kid: row.kid, alg: row.algorithm, use: "sig" as const };
    }),
  };
}
