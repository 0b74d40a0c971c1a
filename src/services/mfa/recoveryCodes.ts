import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { hashPassword, verifyPassword } from "../accounts/passwords.ts";

/** Ten codes, each usable once when the authenticator is lost; shown once, stored as argon2 hashes only. */
export const recoveryCodeCount = 10;
const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";

/** `xxxxx-xxxxx` from an alphabet without look-alike characters (about 49 bits each). */
export function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return `${chars.slice(0, 5).join("")}-${chars.slice(5).join("")}`;
}

export function looksLikeRecoveryCode(input: string): boolean {
  return /^[a-z0-9]{5}-?[a-z0-9]{5}$/i.test(input.trim());
}

const normalise = (code: string) => {
  const compact = code.trim().toLowerCase().replace("-", "");
  return `${compact.slice(0, 5)}-${compact.slice(5)}`;
};

export async function newRecoveryCodes(): Promise<{ codes: string[]; hashes: string[] }> {
  const codes = Array.from({ length: recoveryCodeCount }, newRecoveryCode);
  return { codes, hashes: await Promise.all(codes.map((code) => hashPassword(code))) };
}

/**
 * Uses one of the user's unused recovery codes: true when `input` is one of them (it is then spent). The hashes are
 * checked one by one (argon2, outside any transaction); the spending update only succeeds once.
 */
export async function spendRecoveryCode(
  db: Kysely<Database>,
  userId: string,
  input: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .selectFrom("officer_mfa_recovery_codes")
    .select(["id", "code_hash"])
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .execute();
  const code = normalise(input);
  for (const row of rows) {
    if (!(await verifyPassword(row.code_hash, code).catch(() => false))) continue;
    const spent = await db
      .updateTable("officer_mfa_recovery_codes")
      .set({ used_at: now })
      .where("id", "=", row.id)
      .where("used_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    return spent !== undefined;
  }
  return false;
}
