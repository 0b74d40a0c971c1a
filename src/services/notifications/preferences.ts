import type { Kysely, Selectable } from "kysely";
import type {
  NotificationChannel,
  NotificationLanguage,
  NotificationPreferencesTable,
} from "../../db/notificationTables.ts";
import type { Database } from "../../db/schema.ts";
import { NotFoundError, ValidationError } from "../errors.ts";

/** A user's notification choices (R-LOOK-3: portal account, e-mail, SMS, approved social network). */
export interface NotificationPreferences {
  email: boolean;
  sms: boolean;
  social: boolean;
  /** The user's account on the approved social network; required when `social` is on. */
  socialHandle: string | null;
  /** Issue #18: notifications of the user's dossiers go to their followers on the messaging channel. */
  zalo: boolean;
  language: NotificationLanguage;
}

/** Until a user chooses: e-mail and SMS (the channels whose addresses the account already has), in Vietnamese. */
export const DEFAULT_PREFERENCES: NotificationPreferences = Object.freeze({
  email: true,
  sms: true,
  social: false,
  socialHandle: null,
  zalo: true,
  language: "vi",
});

/** The channels a user's preferences turn on. */
export function channelsOf(preferences: NotificationPreferences): NotificationChannel[] {
  return (["email", "sms", "social"] as const).filter((channel) => preferences[channel]);
}

/** Preferences of each of `userIds` (the defaults for those who never chose). */
export async function preferencesOf(
  db: Kysely<Database>,
  userIds: readonly string[],
): Promise<Map<string, NotificationPreferences>> {
  const result = new Map<string, NotificationPreferences>(
    userIds.map((id) => [id, { ...DEFAULT_PREFERENCES }]),
  );
  if (userIds.length === 0) return result;
  const rows = await db
    .selectFrom("notification_preferences")
    .selectAll()
    .where("user_id", "in", [...userIds])
    .execute();
  for (const row of rows) result.set(row.user_id, preferencesFromRow(row));
  return result;
}

/** The preferences a `notification_preferences` row holds; the defaults for none (a user who never chose). */
export function preferencesFromRow(
  row: Omit<Selectable<NotificationPreferencesTable>, "user_id" | "updated_at"> | null,
): NotificationPreferences {
  if (!row) return { ...DEFAULT_PREFERENCES };
  return {
    email: row.email,
    sms: row.sms,
    social: row.social,
    socialHandle: row.social_handle,
    zalo: row.zalo,
    language: row.language,
  };
}

export interface PreferencesView extends NotificationPreferences {
  /** Where e-mail and SMS go: the account's own addresses (shown so the user knows, changed in the account). */
  emailAddress: string | null;
  phone: string | null;
}

/** The user's preferences and the addresses they apply to. 404 for an unknown or inactive account. */
export async function getPreferences(db: Kysely<Database>, userId: string): Promise<PreferencesView> {
  const user = await db
    .selectFrom("users")
    .select(["email", "phone"])
    .where("id", "=", userId)
    .where("is_active", "=", true)
    .executeTakeFirst();
  if (!user) throw new NotFoundError({ vi: "Không tìm thấy tài khoản", en: "No such account" });
  const preferences = (await preferencesOf(db, [userId])).get(userId)!;
  return { ...preferences, emailAddress: user.email, phone: user.phone };
}

/**
 * Saves the user's choices. Refused (400, nothing saved) when a chosen channel has no address: e-mail without an
 * e-mail address on the account, SMS without a phone number, the social network without a handle.
 */
export async function savePreferences(
  db: Kysely<Database>,
  userId: string,
  input: Omit<NotificationPreferences, "zalo"> & { zalo?: boolean | undefined },
  now: Date,
): Promise<PreferencesView> {
  const current = await getPreferences(db, userId);
  const handle = input.socialHandle?.trim() || null;
  const fields = [];
  if (input.email && !current.emailAddress)
    fields.push({
      field: "email",
      message: {
        vi: "Tài khoản chưa có địa chỉ thư điện tử để nhận thông báo",
        en: "The account has no e-mail address to notify",
      },
    });
  if (input.sms && !current.phone)
    fields.push({
      field: "sms",
      message: {
        vi: "Tài khoản chưa có số điện thoại để nhận tin nhắn",
        en: "The account has no phone number for SMS",
      },
    });
  if (input.social && !handle)
    fields.push({
      field: "socialHandle",
      message: {
        vi: "Nhập tài khoản mạng xã hội để nhận thông báo qua kênh này",
        en: "Enter your social network account to be notified there",
      },
    });
  if (fields.length > 0) throw new ValidationError(fields);
  const values = {
    email: input.email,
    sms: input.sms,
    social: input.social,
    social_handle: handle,
    zalo: input.zalo ?? current.zalo,
    language: input.language,
    updated_at: now,
  };
  await db
    .insertInto("notification_preferences")
    .values({ user_id: userId, ...values })
    .onConflict((conflict) => conflict.column("user_id").doUpdateSet(values))
    .execute();
  return {
    ...input,
    zalo: values.zalo,
    socialHandle: handle,
    emailAddress: current.emailAddress,
    phone: current.phone,
  };
}
