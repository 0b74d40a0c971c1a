import { randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { ConflictError, ValidationError } from "../errors.ts";
import { hashPassword } from "./passwords.ts";

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,59}$/;

/**
 * A real installation's first system administrator (issue #20 "First install", R-ACC-2): created by `onestop init`
 * with a one-time password printed once and changed at the first sign-in. There is one first administrator: once the
 * province has a system administrator, the others are created from the console.
 *
 * Demo accounts (whose passwords the README publishes) are refused outside demo mode: `demoUsernames` are those of
 * the demo province, and any of them in the database stops the initialisation.
 */
export async function createFirstAdministrator(
  db: Kysely<Database>,
  input: {
    username: string;
    fullName: string;
    now: Date;
    demoMode: boolean;
    demoUsernames: readonly string[];
  },
): Promise<{ username: string; oneTimePassword: string }> {
  const username = input.username.trim().toLowerCase();
  const fullName = input.fullName.trim();
  const errors = [];
  if (!USERNAME.test(username))
    errors.push({
      field: "admin",
      message: {
        vi: "Tên đăng nhập gồm 3–60 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang",
        en: "The username has 3–60 characters: lower-case ASCII letters, digits, dot, underscore, hyphen",
      },
    });
  if (fullName.length < 2 || fullName.length > 200)
    errors.push({
      field: "name",
      message: {
        vi: "Cần họ và tên của quản trị viên (2–200 ký tự)",
        en: "Give the administrator's full name (2–200 characters)",
      },
    });
  if (errors.length > 0) throw new ValidationError(errors);
  // Letters and digits from a CSPRNG: 20 characters of base64url carry 120 bits, and the policy's letter and digit.
  const oneTimePassword = `${randomBytes(15).toString("base64url")}9a`;
  const passwordHash = await hashPassword(oneTimePassword);
  await inTransaction(db, async (trx) => {
    if (!input.demoMode) {
      const demo = await trx
        .selectFrom("users")
        .select("username")
        .where(
          sql<string>`lower(username)`,
          "in",
          input.demoUsernames.length > 0 ? input.demoUsernames : [""],
        )
        .executeTakeFirst();
      if (demo)
        throw new ConflictError("DEMO_ACCOUNTS_PRESENT", {
          vi: `Cơ sở dữ liệu có tài khoản mẫu (${demo.username}) với mật khẩu công khai: không khởi tạo bản cài đặt thật trên dữ liệu mẫu. Dùng một cơ sở dữ liệu trống.`,
          en: `The database holds demo accounts (${demo.username}) whose passwords are public: a real installation is not initialised on demo data. Use an empty database.`,
        });
    }
    const admin = await trx
      .selectFrom("role_grants")
      .select("id")
      .where("role", "=", "system_admin")
      .executeTakeFirst();
    if (admin)
      throw new ConflictError("ALREADY_INITIALISED", {
        vi: "Hệ thống đã có quản trị hệ thống; tạo thêm tài khoản trong trang quản trị",
        en: "The system already has a system administrator; create further accounts in the console",
      });
    const taken = await trx
      .selectFrom("users")
      .select("id")
      .where(sql<string>`lower(username)`, "=", username)
      .executeTakeFirst();
    if (taken)
      throw new ConflictError("USERNAME_TAKEN", {
        vi: `Tên đăng nhập ${username} đã được dùng`,
        en: `The username ${username} is taken`,
      });
    const { id } = await trx
      .insertInto("users")
      .values({
        username,
        kind: "officer",
        full_name: fullName,
        password_hash: passwordHash,
        must_change_password: true,
        is_active: true,
        created_at: input.now,
        updated_at: input.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("role_grants")
      .values({ user_id: id, role: "system_admin", agency_id: null, unit_id: null, granted_by: null })
      .execute();
  });
  return { username, oneTimePassword };
}
