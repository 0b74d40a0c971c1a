import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * TOTP secrets at rest: AES-256-GCM under MFA_ENCRYPTION_KEY when it is set, so a copy of the database alone does not
 * let anyone compute officers' codes. Without the key (development, demos) they are stored as they are, marked so
 * that setting a key later still reads them.
 */
const sealedPrefix = "v1:";
const plainPrefix = "plain:";

function keyOf(passphrase: string): Buffer {
  return createHash("sha256").update(passphrase).digest();
}

export function sealSecret(secret: string, passphrase: string | undefined): string {
  if (!passphrase) return `${plainPrefix}${secret}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(passphrase), iv);
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return `${sealedPrefix}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

/** The secret, or an error when it was sealed with another key (or none is configured any more). */
export function openSecret(stored: string, passphrase: string | undefined): string {
  if (stored.startsWith(plainPrefix)) return stored.slice(plainPrefix.length);
  if (!stored.startsWith(sealedPrefix)) throw new Error("unknown TOTP secret format");
  if (!passphrase) throw new Error("the TOTP secret is sealed but MFA_ENCRYPTION_KEY is not set");
  const raw = Buffer.from(stored.slice(sealedPrefix.length), "base64url");
  const decipher = createDecipheriv("aes-256-gcm", keyOf(passphrase), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}
