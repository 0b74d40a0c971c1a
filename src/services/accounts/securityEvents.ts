import type { Kysely } from "kysely";
import type { Database, SecurityEventKind } from "../../db/schema.ts";

export interface SecurityEventInput {
  kind: SecurityEventKind;
  userId?: string | null;
  username?: string | null;
  ip?: string | null;
  route?: string | null;
  detail?: Record<string, unknown>;
}

/** Appends one row to the security audit (logins, lockouts, password changes, every denial: issue #4 §1). */
export async function recordSecurityEvent(
  db: Kysely<Database>,
  event: SecurityEventInput,
  now: Date,
): Promise<void> {
  await db
    .insertInto("security_events")
    .values({
      at: now,
      kind: event.kind,
      user_id: event.userId ?? null,
      username: event.username?.toLowerCase() ?? null,
      ip: event.ip ?? null,
      route: event.route ?? null,
      detail: JSON.stringify(event.detail ?? {}),
    })
    .execute();
}
