import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { sealSecret } from "./secretSeal.ts";

/**
 * The demo administrators' TOTP secrets (README, demo accounts; published like their passwords, invented for the
 * demo province only). Administrators must have a second factor (issue #14), so the demo ones come enrolled: add the
 * secret to an authenticator app, or compute the code from it (the browser tests do).
 */
export const demoAdminTotpSecrets: Readonly<Record<string, string>> = {
  "quantri.trungtam": "JBSWY3DPEHPK3PXPONESTOPQTTRUNGTM",
  "quantri.hethong": "JBSWY3DPEHPK3PXPONESTOPQTHETHONG",
};

/** Enrols the demo administrators that exist and have no second factor yet (the demo province was just seeded). */
export async function enrolDemoAdministrators(
  db: Kysely<Database>,
  now: Date,
  sealKey: string | undefined,
): Promise<number> {
  let enrolled = 0;
  for (const [username, secret] of Object.entries(demoAdminTotpSecrets)) {
    const user = await db
      .selectFrom("users")
      .select("id")
      .where("username", "=", username)
      .executeTakeFirst();
    if (!user) continue;
    const inserted = await db
      .insertInto("officer_mfa")
      .values({
        user_id: user.id,
        secret: sealSecret(secret, sealKey),
        created_at: now,
        confirmed_at: now,
        last_used_step: null,
        locked_until: null,
      })
      .onConflict((oc) => oc.column("user_id").doNothing())
      .returning("user_id")
      .executeTakeFirst();
    if (inserted) enrolled += 1;
  }
  return enrolled;
}
