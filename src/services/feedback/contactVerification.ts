import { createHash, randomInt } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { normalizePhone } from "../../domain/contact/phone.ts";
import { contactNotVerified, invalidInput, verificationFailed } from "./feedbackErrors.ts";

/**
 * One-time codes that let someone without an account send feedback or a question (issue #17: "signed in or not, then
 * with a verified phone or e-mail"). The code goes out through the notification outbox, so the existing SMS and
 * e-mail ports (or their simulators) deliver it; only its hash is kept. A code lives 15 minutes, allows 5 tries, and a
 * verified code is good for one submission within 2 hours.
 */

const CODE_MINUTES = 15;
const USE_WITHIN_MINUTES = 120;
const MAX_ATTEMPTS = 5;
const MAX_CODES_PER_HOUR = 5;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

const hash = (id: string, code: string) => createHash("sha256").update(`${id}:${code}`).digest("hex");
const minutes = (at: Date, count: number) => new Date(at.getTime() + count * 60_000);

export interface ContactAddress {
  channel: "sms" | "email";
  address: string;
}

/** The address in its one form (phone: national digits; e-mail: lower case), or a field error. */
export function contactAddress(channel: "sms" | "email", raw: string): ContactAddress {
  if (channel === "sms") {
    const phone = normalizePhone(raw);
    if (!phone)
      throw invalidInput("address", {
        vi: "Số điện thoại không hợp lệ",
        en: "The phone number is not valid",
      });
    return { channel, address: phone };
  }
  const email = raw.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254)
    throw invalidInput("address", {
      vi: "Địa chỉ thư điện tử không hợp lệ",
      en: "The e-mail address is not valid",
    });
  return { channel, address: email };
}

export async function startContactVerification(
  db: Kysely<Database>,
  input: { channel: "sms" | "email"; address: string; now: Date },
): Promise<{ verificationId: string; expiresAt: Date }> {
  const contact = contactAddress(input.channel, input.address);
  return inTransaction(db, async (trx) => {
    const recent = await trx
      .selectFrom("contact_verifications")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .where("address", "=", contact.address)
      .where("created_at", ">", minutes(input.now, -60))
      .executeTakeFirstOrThrow();
    if (Number(recent.count) >= MAX_CODES_PER_HOUR)
      throw verificationFailed({
        vi: "Đã gửi quá nhiều mã tới địa chỉ này, vui lòng thử lại sau một giờ",
        en: "Too many codes were sent to this address; please try again in an hour",
      });
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    const row = await trx
      .insertInto("contact_verifications")
      .values({
        channel: contact.channel,
        address: contact.address,
        code_hash: "pending",
        expires_at: minutes(input.now, CODE_MINUTES),
        created_at: input.now,
      })
      .returning(["id", "expires_at"])
      .executeTakeFirstOrThrow();
    await trx
      .updateTable("contact_verifications")
      .set({ code_hash: hash(row.id, code) })
      .where("id", "=", row.id)
      .execute();
    const body = `Ma xac minh gui phan anh, cau hoi tren Cong dich vu cong: ${code}. Ma co hieu luc ${CODE_MINUTES} phut.`;
    await trx
      .insertInto("notifications")
      .values({
        idempotency_key: `contact-verification-${row.id}`,
        kind: "contactVerification",
        channel: contact.channel,
        address: contact.address,
        language: "vi",
        subject: contact.channel === "email" ? "Mã xác minh gửi phản ánh, câu hỏi" : null,
        body:
          contact.channel === "email"
            ? `Mã xác minh của bạn là ${code}. Mã có hiệu lực ${CODE_MINUTES} phút. Nếu bạn không yêu cầu, hãy bỏ qua thư này.`
            : body,
        status: "pending",
        available_at: input.now,
        created_at: input.now,
      })
      .execute();
    return { verificationId: row.id, expiresAt: row.expires_at };
  });
}

export async function confirmContactVerification(
  db: Kysely<Database>,
  input: { verificationId: string; code: string; now: Date },
): Promise<{ verificationId: string; channel: "sms" | "email"; address: string }> {
  const failed = () =>
    verificationFailed({
      vi: "Mã xác minh không đúng hoặc đã hết hạn",
      en: "The code is wrong or has expired",
    });
  return inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom("contact_verifications")
      .selectAll()
      .where("id", "=", input.verificationId)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.verified_at !== null || row.expires_at <= input.now || row.attempts >= MAX_ATTEMPTS)
      throw failed();
    if (row.code_hash !== hash(row.id, input.code.trim())) {
      await trx
        .updateTable("contact_verifications")
        .set({ attempts: row.attempts + 1 })
        .where("id", "=", row.id)
        .execute();
      throw failed();
    }
    await trx
      .updateTable("contact_verifications")
      .set({ verified_at: input.now })
      .where("id", "=", row.id)
      .execute();
    return { verificationId: row.id, channel: row.channel, address: row.address };
  });
}

/** The verified, unused contact behind `verificationId`, marked used in the caller's transaction. */
export async function consumeVerifiedContact(
  db: Kysely<Database>,
  verificationId: string,
  now: Date,
): Promise<ContactAddress> {
  const row = await db
    .updateTable("contact_verifications")
    .set({ used_at: now })
    .where("id", "=", verificationId)
    .where("verified_at", "is not", null)
    .where("used_at", "is", null)
    .where("verified_at", ">", minutes(now, -USE_WITHIN_MINUTES))
    .returning(["channel", "address"])
    .executeTakeFirst();
  if (!row) throw contactNotVerified();
  return row;
}

/** Is this verification usable for attaching files (verified, not yet used, recent)? */
export async function verifiedContactExists(
  db: Kysely<Database>,
  verificationId: string,
  now: Date,
): Promise<boolean> {
  const row = await db
    .selectFrom("contact_verifications")
    .select("id")
    .where("id", "=", verificationId)
    .where("verified_at", "is not", null)
    .where("used_at", "is", null)
    .where("verified_at", ">", minutes(now, -USE_WITHIN_MINUTES))
    .executeTakeFirst();
  return row !== undefined;
}
