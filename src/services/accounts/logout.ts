import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { recordSecurityEvent } from "./securityEvents.ts";

/** Ends a session: the row is deleted, so the cookie no longer resolves anywhere. Audited. */
export async function logout(
  db: Kysely<Database>,
  command: { sessionId: string; ip?: string | null },
  now: Date,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const ended = await trx
      .deleteFrom("sessions")
      .where("id", "=", command.sessionId)
      .returning("user_id")
      .executeTakeFirst();
    if (ended)
      await recordSecurityEvent(
        trx,
        { kind: "logout", userId: ended.user_id, ip: command.ip ?? null, route: "/api/auth/logout" },
        now,
      );
  });
}
