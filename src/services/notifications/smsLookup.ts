import { type Kysely, sql } from "kysely";
import type { SmsLookupOutcome } from "../../db/notificationTables.ts";
import type { Database } from "../../db/schema.ts";
import { foldVietnamese } from "../../domain/catalog/foldVietnamese.ts";
import { normalizePhone } from "../../domain/contact/phone.ts";
import { type DossierLookup, lookupDossier } from "../lookup/lookupDossier.ts";
import { formatInstant } from "./formatting.ts";

/** Letters and digits only, folded: "Tra cứu", "TRA-CUU" and "tracuu" all read "tracuu". */
const squash = (text: string) => foldVietnamese(text).replace(/[^a-z0-9]/g, "");

/**
 * Reads `<keyword> <dossier code>` (R-LOOK-1 "automatic SMS reply"): the keyword in any case, with or without
 * diacritics or spaces inside it ("TRACUU", "Tra cứu", "tra cuu"), then the code as one word, upper-cased (codes are
 * upper case; phones type lower case). Nothing when the message does not start with the keyword or has no code.
 */
export function parseLookupMessage(text: string, keyword: string): { code: string } | null {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const wanted = squash(keyword);
  for (let taken = 1; taken <= Math.min(3, words.length); taken++) {
    const head = squash(words.slice(0, taken).join(""));
    if (head === wanted) {
      const code = words[taken];
      return code ? { code: code.toUpperCase() } : null;
    }
    if (!wanted.startsWith(head)) return null;
  }
  return null;
}

/**
 * The sender in the national form (issue #12 §7, the one normalisation of src/domain/contact/phone.ts), so
 * "+84 912 345 678" and "0912345678" are one sender; a gateway number that is not Vietnamese keeps its digits (the
 * gateway, not a person, typed it, and the quota still needs a key).
 */
export function senderOf(from: string): string {
  return normalizePhone(from) ?? from.replace(/[^\d+]/g, "");
}

export interface SmsLookupOptions {
  /** SMS_LOOKUP_KEYWORD. */
  keyword: string;
  /** SMS_LOOKUP_PER_HOUR: lookups answered per phone number in any hour. */
  perHour: number;
  publicUrl: string;
  maskNames: boolean;
}

export interface InboundSms {
  gatewayMessageId: string;
  from: string;
  text: string;
  now: Date;
}

export interface SmsLookupResult {
  outcome: SmsLookupOutcome;
  /** The reply queued for the sender; null when none is due (a repeat, or a sender over the limit already told). */
  notificationId: string | null;
  /** True when this gateway message id was already handled (the gateway redelivered it). */
  repeated: boolean;
}

/** The lookup answer of a code, as the SMS reply says it; also the messaging channel's (issue #18). */
export async function replyFor(
  db: Kysely<Database>,
  code: string,
  options: SmsLookupOptions,
): Promise<{ outcome: "found" | "unknown"; text: string }> {
  // The same answer as the web page and the API (issue #12 §1): status, the department holding it, the dates. A
  // bare code by SMS proves nothing more than the code, so the name is left out of the text altogether.
  const found = await lookupDossier(db, code, {
    publicUrl: options.publicUrl,
    maskNames: true,
    language: "vi",
  });
  if (!found)
    return {
      outcome: "unknown",
      text: `Không tìm thấy hồ sơ mã ${code}. Vui lòng kiểm tra mã trên giấy tiếp nhận và gửi lại: ${options.keyword} <mã hồ sơ>. Tra cứu trực tuyến: ${new URL("/tra-cuu", options.publicUrl).toString()}`,
    };
  return { outcome: "found", text: smsReplyText(found) };
}

/** The SMS text of a lookup answer: one short message, Vietnamese without abbreviations. */
export function smsReplyText(found: DossierLookup): string {
  const parts = [`Hồ sơ ${found.code}: ${found.status.name}.`];
  if (found.currentDepartment) parts.push(`Đang xử lý tại: ${found.currentDepartment}.`);
  const done = found.steps.filter((step) => step.done).length;
  if (found.steps.length > 0) parts.push(`Đã xong ${done}/${found.steps.length} bước.`);
  if ("receivedAt" in found) {
    parts.push(`Tiếp nhận: ${formatInstant(found.receivedAt, "vi")}.`);
    if (found.appointmentAt) parts.push(`Hẹn trả kết quả: ${formatInstant(found.appointmentAt, "vi")}.`);
  } else {
    parts.push(`Nộp: ${formatInstant(found.submittedAt, "vi")}.`);
  }
  parts.push(`Chi tiết: ${found.lookupUrl}`);
  return parts.join(" ");
}

/**
 * The SMS lookup (R-LOOK-1): records the inbound message, decides the answer and queues the reply as a notification
 * (sent at once by the webhook, retried by the dispatcher like any other). Per phone number at most `perHour` lookups
 * an hour: the first message over the limit is told so, later ones are recorded and not answered (each answer costs
 * an SMS, and answering would let anyone make the system text a number). A message id seen before changes nothing.
 */
export async function handleInboundSms(
  db: Kysely<Database>,
  input: InboundSms,
  options: SmsLookupOptions,
): Promise<SmsLookupResult> {
  const phone = senderOf(input.from);
  return db.transaction().execute(async (trx) => {
    // One sender at a time, so two messages arriving together are counted against the limit one after the other.
    await sql`select pg_advisory_xact_lock(hashtext(${`sms:${phone}`}))`.execute(trx);
    const previous = await trx
      .selectFrom("sms_inbound")
      .select(["outcome", "notification_id"])
      .where("gateway_message_id", "=", input.gatewayMessageId)
      .executeTakeFirst();
    if (previous) return { outcome: previous.outcome, notificationId: null, repeated: true };
    const since = new Date(input.now.getTime() - 3_600_000);
    const { recent } = await trx
      .selectFrom("sms_inbound")
      .select((eb) => eb.fn.countAll<number>().as("recent"))
      .where("phone", "=", phone)
      .where("received_at", ">", since)
      .where("outcome", "in", ["found", "unknown", "invalid", "limited"])
      .executeTakeFirstOrThrow();
    let outcome: SmsLookupOutcome;
    let reply: string | null;
    if (Number(recent) > options.perHour) {
      outcome = "silenced";
      reply = null;
    } else if (Number(recent) === options.perHour) {
      outcome = "limited";
      reply = `Bạn đã tra cứu ${options.perHour} lần trong 1 giờ qua. Vui lòng thử lại sau hoặc tra cứu tại ${new URL("/tra-cuu", options.publicUrl).toString()}`;
    } else {
      const parsed = parseLookupMessage(input.text, options.keyword);
      if (!parsed) {
        outcome = "invalid";
        reply = `Cú pháp tra cứu hồ sơ: ${options.keyword} <mã hồ sơ>, ví dụ ${options.keyword} 000.20.01.H99-261123-0001`;
      } else {
        ({ outcome, text: reply } = await replyFor(trx, parsed.code, options));
      }
    }
    let notificationId: string | null = null;
    if (reply !== null) {
      const created = await trx
        .insertInto("notifications")
        .values({
          idempotency_key: `sms-reply-${input.gatewayMessageId.replace(/[^A-Za-z0-9._-]/g, "_")}`,
          kind: "smsLookupReply",
          channel: "sms",
          address: phone,
          language: "vi",
          body: reply,
          status: "pending",
          available_at: input.now,
          created_at: input.now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      notificationId = created.id;
    }
    await trx
      .insertInto("sms_inbound")
      .values({
        gateway_message_id: input.gatewayMessageId,
        phone,
        text: input.text,
        received_at: input.now,
        outcome,
        notification_id: notificationId,
      })
      .execute();
    return { outcome, notificationId, repeated: false };
  });
}
