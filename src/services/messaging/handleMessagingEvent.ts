import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { ZaloOaPort } from "../../integrations/messaging/zaloOa.ts";
import type { FileStorage } from "../../integrations/storage/fileStorage.ts";
import { ACCEPTED_MEDIA_TYPES, sniffAcceptedMediaType } from "../files/acceptedFileTypes.ts";
import { lookupDossier } from "../lookup/lookupDossier.ts";
import { replyFor, smsReplyText } from "../notifications/smsLookup.ts";
import { parseMessagingCommand } from "./commands.ts";
import { followDossier, unfollowDossier } from "./followers.ts";

/** One event of the platform's webhook, as the route read it. */
export interface MessagingEvent {
  /** The platform's message id: an event delivered again is handled once. */
  eventId: string;
  /** `user_send_text`, `user_send_image`; others are recorded and left unanswered. */
  eventName: string;
  followerId: string;
  text: string;
  /** The photo's address at the platform (`user_send_image`). */
  imageUrl?: string | undefined;
}

export type MessagingOutcome =
  | "found"
  | "unknown"
  | "followed"
  | "alreadyFollowing"
  | "followRefused"
  | "followBlocked"
  | "unfollowed"
  | "notFollowing"
  | "photoReceived"
  | "photoRefused"
  | "help"
  | "limited"
  | "silenced"
  | "ignored";

export interface MessagingOptions {
  /** SMS_LOOKUP_KEYWORD: the lookup keyword is the SMS one. */
  keyword: string;
  /** SMS_LOOKUP_PER_HOUR: messages answered per follower in any hour. */
  perHour: number;
  publicUrl: string;
  maskNames: boolean;
  /** MAX_FILE_MB: a photo is checked like an upload. */
  maxFileBytes: number;
}

export interface MessagingResult {
  outcome: MessagingOutcome;
  /** The reply queued for the follower; null when none is due. */
  notificationId: string | null;
  /** True when this event id was handled before (a redelivery). */
  repeated: boolean;
  /** The photo held for the officer (`photoReceived`). */
  photoId?: string;
}

/** Failed follow proofs in a day after which a follower (or a dossier) refuses more: 4 digits are few. */
export const MAX_FOLLOW_FAILURES_PER_DAY = 5;
const MAX_FOLLOW_FAILURES_PER_DOSSIER_PER_DAY = 10;

const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/tiff": "tif",
  "application/pdf": "pdf",
};

const megabytes = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

function helpText(keyword: string): string {
  return [
    "Kênh tra cứu hồ sơ thủ tục hành chính. Cú pháp:",
    `• Tra cứu: ${keyword} <mã hồ sơ>`,
    "• Theo dõi để nhận thông báo: THEO DOI <mã hồ sơ> <4 số cuối số điện thoại hoặc số giấy tờ của người nộp>",
    "• Ngừng theo dõi: BO THEO DOI <mã hồ sơ>",
    "• Gửi ảnh giấy tờ bổ sung: gửi ảnh kèm mã hồ sơ đang được yêu cầu bổ sung mà bạn theo dõi.",
  ].join("\n");
}

const followUsage = (language: "vi" | "en") =>
  language === "en"
    ? "We could not verify you. Send: FOLLOW <dossier code> <last 4 digits of the applicant's phone or ID number>"
    : "Không xác minh được. Gửi: THEO DOI <mã hồ sơ> <4 số cuối số điện thoại hoặc số giấy tờ tùy thân của người nộp>";

/** What the photo was checked into before the transaction: held bytes for one dossier, or a refusal to tell. */
type PreparedPhoto =
  | {
      ok: true;
      dossier: { id: string; agency_id: string; code: string };
      stored: { key: string; sha256: string; size: number };
      mediaType: string;
    }
  | { ok: false; reply: string };

async function preparePhoto(
  db: Kysely<Database>,
  storage: FileStorage,
  port: ZaloOaPort,
  event: MessagingEvent,
  options: MessagingOptions,
): Promise<PreparedPhoto> {
  // Photos complete a supplement request (R-SUPP-1): only for a dossier the person follows that awaits one (status 5).
  const waiting = await db
    .selectFrom("messaging_followers as f")
    .innerJoin("dossiers as d", "d.id", "f.dossier_id")
    .select(["d.id", "d.agency_id", "d.code"])
    .where("f.follower_id", "=", event.followerId)
    .where("f.unfollowed_at", "is", null)
    .where("d.status", "=", 5)
    .orderBy("d.code")
    .execute();
  if (waiting.length === 0)
    return {
      ok: false,
      reply:
        "Chưa nhận ảnh: bạn chưa theo dõi hồ sơ nào đang được yêu cầu bổ sung giấy tờ. Gửi THEO DOI <mã hồ sơ> <4 số cuối số điện thoại> trước, rồi gửi lại ảnh.",
    };
  const named = event.text
    .split(/\s+/)
    .map((word) => word.toUpperCase())
    .filter(Boolean);
  const chosen = waiting.filter((dossier) => named.includes(dossier.code));
  const dossier = chosen.length === 1 ? chosen[0]! : waiting.length === 1 ? waiting[0]! : undefined;
  if (!dossier)
    return {
      ok: false,
      reply: `Chưa nhận ảnh: bạn theo dõi nhiều hồ sơ đang được yêu cầu bổ sung (${waiting.map((row) => row.code).join(", ")}). Gửi lại ảnh kèm mã hồ sơ trong lời nhắn.`,
    };
  if (!event.imageUrl) return { ok: false, reply: "Chưa nhận ảnh: tin nhắn không có ảnh." };
  let content: Uint8Array;
  try {
    content = await port.downloadMedia(event.imageUrl, options.maxFileBytes);
  } catch (error) {
    return {
      ok: false,
      reply:
        (error as Error).name === "MediaTooLargeError"
          ? `Chưa nhận ảnh: ảnh quá lớn, tối đa ${megabytes(options.maxFileBytes)} MB.`
          : "Chưa nhận được ảnh do lỗi đường truyền. Vui lòng gửi lại.",
    };
  }
  // Checked like an upload (issue #4 §3): by the content's own signature, never by the name or declared type.
  if (content.byteLength === 0) return { ok: false, reply: "Chưa nhận ảnh: tệp rỗng." };
  const mediaType = await sniffAcceptedMediaType(content);
  if (!mediaType)
    return {
      ok: false,
      reply: `Chưa nhận ảnh: loại tệp không được chấp nhận; chỉ nhận: ${[...ACCEPTED_MEDIA_TYPES.values()].join(", ")}.`,
    };
  const stored = await storage.put(content);
  return { ok: true, dossier, stored, mediaType };
}

/**
 * One webhook event of the messaging channel (issue #18): the lookup answered as the SMS reply is (R-LOOK-1, the
 * same words from the same lookup, the name never in it), following and unfollowing a dossier (R-LOOK-3: its
 * notifications then come here too), photos of papers for a dossier awaiting a supplement (held for the officer).
 * Each follower has the SMS lookup's hourly quota (the first message over it is told so, later ones are not
 * answered); an event id seen before changes nothing. The reply is queued as a notification on the `zalo` channel in
 * the same transaction and sent by the caller at once or by the dispatcher's retries.
 */
export async function handleMessagingEvent(
  db: Kysely<Database>,
  deps: { storage: FileStorage; port: ZaloOaPort },
  event: MessagingEvent,
  now: Date,
  options: MessagingOptions,
): Promise<MessagingResult> {
  const seen = await db
    .selectFrom("messaging_inbound_events")
    .select("outcome")
    .where("event_id", "=", event.eventId)
    .executeTakeFirst();
  if (seen) return { outcome: seen.outcome as MessagingOutcome, notificationId: null, repeated: true };
  const since = new Date(now.getTime() - 3_600_000);
  const recentOf = async (trx: Kysely<Database>) => {
    const { recent } = await trx
      .selectFrom("messaging_inbound_events")
      .select((eb) => eb.fn.countAll<number>().as("recent"))
      .where("follower_id", "=", event.followerId)
      .where("received_at", ">", since)
      .where("outcome", "not in", ["silenced", "ignored"])
      .executeTakeFirstOrThrow();
    return Number(recent);
  };
  const answered = event.eventName === "user_send_text" || event.eventName === "user_send_image";
  // The photo is fetched and checked outside the transaction (no network wait holds the database), and only for a
  // follower still within the quota.
  const photo =
    answered && event.eventName === "user_send_image" && (await recentOf(db)) < options.perHour
      ? await preparePhoto(db, deps.storage, deps.port, event, options)
      : undefined;

  return db.transaction().execute(async (trx) => {
    // One follower at a time, so two messages arriving together are counted one after the other.
    await sql`select pg_advisory_xact_lock(hashtext(${`zalo:${event.followerId}`}))`.execute(trx);
    const inserted = await trx
      .insertInto("messaging_inbound_events")
      .values({
        event_id: event.eventId,
        follower_id: event.followerId,
        event_name: event.eventName,
        received_at: now,
        outcome: "ignored",
      })
      .onConflict((conflict) => conflict.column("event_id").doNothing())
      .returning("event_id")
      .executeTakeFirst();
    if (!inserted) {
      const again = await trx
        .selectFrom("messaging_inbound_events")
        .select("outcome")
        .where("event_id", "=", event.eventId)
        .executeTakeFirstOrThrow();
      return { outcome: again.outcome as MessagingOutcome, notificationId: null, repeated: true };
    }
    if (!answered) return { outcome: "ignored" as const, notificationId: null, repeated: false };

    let outcome: MessagingOutcome;
    let reply: string | null = null;
    let language: "vi" | "en" = "vi";
    let dossierId: string | null = null;
    let photoId: string | undefined;
    // This event is not counted yet (recorded as "ignored" until its outcome is known).
    const recent = await recentOf(trx);
    if (recent > options.perHour) {
      outcome = "silenced";
    } else if (recent === options.perHour) {
      outcome = "limited";
      reply = `Bạn đã gửi ${options.perHour} tin trong 1 giờ qua. Vui lòng thử lại sau hoặc tra cứu tại ${new URL("/tra-cuu", options.publicUrl).toString()}`;
    } else if (photo) {
      if (photo.ok) {
        const row = await trx
          .insertInto("messaging_photos")
          .values({
            dossier_id: photo.dossier.id,
            agency_id: photo.dossier.agency_id,
            follower_id: event.followerId,
            event_id: event.eventId,
            storage_key: photo.stored.key,
            sha256: photo.stored.sha256,
            file_name: `anh-giay-to-${photo.dossier.code}-${now.toISOString().slice(0, 10)}.${EXTENSIONS[photo.mediaType] ?? "bin"}`,
            media_type: photo.mediaType,
            size_bytes: photo.stored.size,
            received_at: now,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        photoId = row.id;
        dossierId = photo.dossier.id;
        outcome = "photoReceived";
        reply = `Đã nhận ảnh giấy tờ bổ sung cho hồ sơ ${photo.dossier.code}. Cán bộ sẽ xem xét và báo lại cho bạn qua kênh này.`;
      } else {
        outcome = "photoRefused";
        reply = photo.reply;
      }
    } else if (event.eventName === "user_send_image") {
      outcome = "photoRefused";
      reply = "Chưa nhận ảnh. Vui lòng thử lại sau.";
    } else {
      const command = parseMessagingCommand(event.text, options.keyword);
      if (command.kind === "lookup") {
        // Exactly the SMS reply (issue #12 §1): a bare code proves nothing more, so no name is in it.
        ({ outcome, text: reply } = await replyFor(trx, command.code, { ...options }));
      } else if (command.kind === "follow") {
        language = command.language;
        ({ outcome, reply, dossierId } = await follow(trx, event, command, now, options));
      } else if (command.kind === "unfollow") {
        language = command.language;
        const dossier = await trx
          .selectFrom("dossiers")
          .select(["id", "code"])
          .where((eb) => eb.or([eb("code", "=", command.code), eb("national_code", "=", command.code)]))
          .executeTakeFirst();
        const stopped = dossier
          ? await unfollowDossier(trx, { followerId: event.followerId, dossierId: dossier.id, now })
          : false;
        dossierId = dossier?.id ?? null;
        outcome = stopped ? "unfollowed" : "notFollowing";
        reply = stopped
          ? language === "en"
            ? `You no longer follow dossier ${dossier!.code}.`
            : `Đã ngừng theo dõi hồ sơ ${dossier!.code}.`
          : language === "en"
            ? `You do not follow dossier ${command.code}.`
            : `Bạn không theo dõi hồ sơ ${command.code}.`;
      } else {
        outcome = "help";
        reply = helpText(options.keyword);
      }
    }
    let notificationId: string | null = null;
    if (reply !== null) {
      const created = await trx
        .insertInto("notifications")
        .values({
          idempotency_key: `zalo-reply-${event.eventId.replace(/[^A-Za-z0-9._-]/g, "_")}`,
          kind: "messagingReply",
          channel: "zalo",
          dossier_id: dossierId,
          address: event.followerId,
          language,
          body: reply,
          status: "pending",
          available_at: now,
          created_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      notificationId = created.id;
    }
    await trx
      .updateTable("messaging_inbound_events")
      .set({ outcome, dossier_id: dossierId, notification_id: notificationId })
      .where("event_id", "=", event.eventId)
      .execute();
    return { outcome, notificationId, repeated: false, ...(photoId ? { photoId } : {}) };
  });
}

async function follow(
  trx: Kysely<Database>,
  event: MessagingEvent,
  command: { code: string; proof: string | undefined; language: "vi" | "en" },
  now: Date,
  options: MessagingOptions,
): Promise<{ outcome: MessagingOutcome; reply: string; dossierId: string | null }> {
  const { language } = command;
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const failures = await trx
    .selectFrom("messaging_inbound_events")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("follower_id", "=", event.followerId)
    .where("outcome", "=", "followRefused")
    .where("received_at", ">", dayAgo)
    .executeTakeFirstOrThrow();
  const blocked = {
    outcome: "followBlocked" as const,
    reply:
      language === "en"
        ? "Too many failed attempts to follow a dossier today. Please try again tomorrow."
        : "Bạn đã xác minh sai quá nhiều lần trong hôm nay. Vui lòng thử lại vào ngày mai.",
    dossierId: null,
  };
  if (Number(failures.count) >= MAX_FOLLOW_FAILURES_PER_DAY) return blocked;
  // The lookup's own second fact (issue #20): the name is shown unmasked exactly when the proof matched.
  const found = await lookupDossier(trx, command.code, {
    publicUrl: options.publicUrl,
    maskNames: true,
    language,
    proof: { last4: command.proof },
  });
  const dossier = found
    ? await trx
        .selectFrom("dossiers")
        .select(["id", "code"])
        .where("code", "=", found.code)
        .executeTakeFirst()
    : undefined;
  if (dossier) {
    const perDossier = await trx
      .selectFrom("messaging_inbound_events")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("dossier_id", "=", dossier.id)
      .where("outcome", "=", "followRefused")
      .where("received_at", ">", dayAgo)
      .executeTakeFirstOrThrow();
    if (Number(perDossier.count) >= MAX_FOLLOW_FAILURES_PER_DOSSIER_PER_DAY) return blocked;
  }
  if (!found || !dossier || found.applicantNameMasked)
    // The same words for an unknown code and a wrong proof: the answer tells nothing about the digits.
    return { outcome: "followRefused", reply: followUsage(language), dossierId: dossier?.id ?? null };
  const started = await followDossier(trx, {
    followerId: event.followerId,
    dossierId: dossier.id,
    language,
    now,
  });
  // The status as the SMS reply words it (Vietnamese, without the name).
  const status = smsReplyText(found);
  const head =
    language === "en"
      ? started
        ? `You now follow dossier ${dossier.code}: its notifications will come here. To stop, send UNFOLLOW ${dossier.code}.`
        : `You already follow dossier ${dossier.code}.`
      : started
        ? `Đã theo dõi hồ sơ ${dossier.code}: các thông báo về hồ sơ sẽ được gửi qua kênh này. Để ngừng, gửi BO THEO DOI ${dossier.code}.`
        : `Bạn đang theo dõi hồ sơ ${dossier.code}.`;
  return {
    outcome: started ? "followed" : "alreadyFollowing",
    reply: `${head}\n${status}`,
    dossierId: dossier.id,
  };
}
