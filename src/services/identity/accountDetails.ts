import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { INVALID_PHONE_MESSAGE, normalizePhone } from "../../domain/contact/phone.ts";
import type { Actor } from "../accounts/actor.ts";
import { ValidationError } from "../errors.ts";
import { missingDetails } from "./signInWithVneid.ts";
import { vneidVerificationOf } from "./vneidVerification.ts";

export interface AccountIdentity {
  vneid: { verified: boolean; level: 1 | 2 | null; verifiedAt: string | null };
  /** Details still to ask (after a first VNeID sign-in: issue #14). */
  missing: "phone"[];
  phone: string | null;
  email: string | null;
}

export async function describeAccountIdentity(db: Kysely<Database>, actor: Actor): Promise<AccountIdentity> {
  const user = await db
    .selectFrom("users")
    .select(["phone", "email"])
    .where("id", "=", actor.userId)
    .executeTakeFirstOrThrow();
  const vneid = await vneidVerificationOf(db, actor.userId);
  return {
    vneid: {
      verified: vneid.verified,
      level: vneid.level ?? null,
      verifiedAt: vneid.verifiedAt?.toISOString() ?? null,
    },
    missing: missingDetails(user),
    phone: user.phone,
    email: user.email,
  };
}

/** The phone number asked after a first VNeID sign-in (or changed later), stored in its national form. */
export async function saveAccountPhone(
  db: Kysely<Database>,
  actor: Actor,
  phone: string,
  now: Date,
): Promise<AccountIdentity> {
  const national = normalizePhone(phone);
  if (!national) throw new ValidationError([{ field: "phone", message: INVALID_PHONE_MESSAGE }]);
  await db
    .updateTable("users")
    .set({ phone: national, updated_at: now })
    .where("id", "=", actor.userId)
    .execute();
  return describeAccountIdentity(db, actor);
}
