import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ValidationError } from "../errors.ts";
import type { FieldError } from "../validation/messages.ts";
import { checkPasswordPolicy } from "./passwordPolicy.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { recordSecurityEvent } from "./securityEvents.ts";

export interface ChangePasswordCommand {
  userId: string;
  /** The session the change is made from: it stays open, every other session of the user ends. */
  sessionId: string;
  currentPassword: string;
  newPassword: string;
  ip?: string | null;
}

/**
 * Changes a password. The current password is required even inside a session (a borrowed, unlocked screen must not
 * be enough). The new one follows the password policy and differs from the current one. Clears the first-login
 * obligation and the session's restriction (R-ACC-2) and ends the user's other sessions, which may be an
 * intruder's. Outcome: done, or ValidationError naming `currentPassword` / `newPassword`; nothing changes then.
 */
export async function changePassword(
  db: Kysely<Database>,
  command: ChangePasswordCommand,
  now: Date,
): Promise<void> {
  const user = await db
    .selectFrom("users")
    .select(["id", "username", "password_hash"])
    .where("id", "=", command.userId)
    .executeTakeFirstOrThrow();

  const errors: FieldError[] = [];
  const currentOk =
    user.password_hash !== null &&
    (await verifyPassword(user.password_hash, command.currentPassword).catch(() => false));
  if (!currentOk)
    errors.push({
      field: "currentPassword",
      message: { vi: "Mật khẩu hiện tại không đúng", en: "The current password is wrong" },
    });
  errors.push(...checkPasswordPolicy(command.newPassword, user.username, "newPassword"));
  if (command.newPassword === command.currentPassword)
    errors.push({
      field: "newPassword",
      message: {
        vi: "Mật khẩu mới phải khác mật khẩu hiện tại",
        en: "The new password must differ from the current one",
      },
    });
  if (errors.length > 0) throw new ValidationError(errors);

  // Hashed before the transaction: argon2 is slow and PGlite has a single session.
  const newHash = await hashPassword(command.newPassword);
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable("users")
      .set({ password_hash: newHash, must_change_password: false, updated_at: now })
      .where("id", "=", user.id)
      .execute();
    await trx
      .deleteFrom("sessions")
      .where("user_id", "=", user.id)
      .where("id", "!=", command.sessionId)
      .execute();
    await trx
      .updateTable("sessions")
      .set({ restricted: false })
      .where("id", "=", command.sessionId)
      .execute();
    await recordSecurityEvent(
      trx,
      {
        kind: "password_changed",
        userId: user.id,
        ip: command.ip ?? null,
        route: "/api/auth/change-password",
      },
      now,
    );
  });
}
