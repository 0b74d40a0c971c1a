import type { Kysely } from "kysely";
import type { Database, Role, UserKind } from "../../src/db/schema.ts";
import { hashPassword } from "../../src/services/accounts/passwords.ts";

let counter = 0;

/** Inserts a user with one grant (by agency/unit code) for a test; returns its id and username. */
export async function createTestUser(
  db: Kysely<Database>,
  options: {
    username?: string;
    password: string;
    kind?: UserKind;
    role?: Role;
    agencyCode?: string | null;
    unitCode?: string | null;
    mustChangePassword?: boolean;
    isActive?: boolean;
  },
): Promise<{ id: string; username: string }> {
  counter += 1;
  const username = options.username ?? `test.user.${process.pid}.${counter}`;
  const agency = options.agencyCode
    ? await db
        .selectFrom("agencies")
        .select("id")
        .where("code", "=", options.agencyCode)
        .executeTakeFirstOrThrow()
    : undefined;
  const unit =
    agency && options.unitCode
      ? await db
          .selectFrom("units")
          .select("id")
          .where("agency_id", "=", agency.id)
          .where("code", "=", options.unitCode)
          .executeTakeFirstOrThrow()
      : undefined;
  const user = await db
    .insertInto("users")
    .values({
      username,
      kind: options.kind ?? "officer",
      full_name: `Người dùng thử ${counter}`,
      password_hash: await hashPassword(options.password),
      must_change_password: options.mustChangePassword ?? false,
      is_active: options.isActive ?? true,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (options.role)
    await db
      .insertInto("role_grants")
      .values({
        user_id: user.id,
        role: options.role,
        agency_id: agency?.id ?? null,
        unit_id: unit?.id ?? null,
      })
      .execute();
  return { id: user.id, username };
}
