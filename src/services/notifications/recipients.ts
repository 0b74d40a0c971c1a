import type { Kysely } from "kysely";
import type { NotificationChannel, NotificationLanguage } from "../../db/notificationTables.ts";
import type { Database } from "../../db/schema.ts";
import { followerRecipients } from "../messaging/followers.ts";
import type { Audience } from "./planNotifications.ts";
import { channelsOf, DEFAULT_PREFERENCES, preferencesOf } from "./preferences.ts";

/** One person to notify, with an address for each channel they chose. */
export interface Recipient {
  /** null for an applicant without an account (a paper dossier's contact details). */
  userId: string | null;
  name: string;
  language: NotificationLanguage;
  addresses: Partial<Record<NotificationChannel, string>>;
  /** What tells this recipient apart in the notification key when it has no account (a follower on the channel). */
  keyPart?: string;
}

/** The dossier columns recipient resolution reads. */
export interface DossierContacts {
  agency_id: string;
  owner_user_id: string | null;
  applicant_name: string;
  applicant_email: string | null;
  applicant_phone: string | null;
  /** Issue #18: with it, the dossier's followers on the messaging channel are applicants' recipients too. */
  dossier_id?: string;
}

interface UserContact {
  id: string;
  full_name: string;
  email: string | null;
  phone: string | null;
}

async function recipientsOf(
  db: Kysely<Database>,
  users: readonly UserContact[],
  fallback?: { email: string | null; phone: string | null },
): Promise<Recipient[]> {
  const preferences = await preferencesOf(
    db,
    users.map((user) => user.id),
  );
  return users.map((user) => {
    const chosen = preferences.get(user.id) ?? DEFAULT_PREFERENCES;
    const known: Record<NotificationChannel, string | null> = {
      email: user.email ?? fallback?.email ?? null,
      sms: user.phone ?? fallback?.phone ?? null,
      social: chosen.socialHandle,
      // Issue #18: the messaging channel reaches a dossier's followers (followerRecipients), not an account.
      zalo: null,
    };
    const addresses: Partial<Record<NotificationChannel, string>> = {};
    for (const channel of channelsOf(chosen)) {
      const address = known[channel];
      if (address) addresses[channel] = address;
    }
    return { userId: user.id, name: user.full_name, language: chosen.language, addresses };
  });
}

const userColumns = ["u.id", "u.full_name", "u.email", "u.phone"] as const;

/**
 * The people an audience means for one dossier: the applicant — through their account and its preferences, or the
 * contact details on the dossier when it has no owner (a paper dossier: e-mail and SMS when given); the counter
 * officers of the receiving agency; named officers. Inactive accounts are never notified.
 */
export async function resolveAudience(
  db: Kysely<Database>,
  audience: Audience,
  dossier: DossierContacts,
): Promise<Recipient[]> {
  if (audience.kind === "applicant") {
    if (!dossier.owner_user_id) {
      const addresses: Partial<Record<NotificationChannel, string>> = {};
      if (dossier.applicant_email) addresses.email = dossier.applicant_email;
      if (dossier.applicant_phone) addresses.sms = dossier.applicant_phone;
      return [
        { userId: null, name: dossier.applicant_name, language: "vi", addresses },
        ...(await followerRecipients(db, dossier, true)),
      ];
    }
    const owner = await db
      .selectFrom("users as u")
      .select(userColumns)
      .where("u.id", "=", dossier.owner_user_id)
      .where("u.is_active", "=", true)
      .execute();
    const own = await recipientsOf(db, owner, {
      email: dossier.applicant_email,
      phone: dossier.applicant_phone,
    });
    // Issue #18: the followers on the messaging channel, unless the owner turned the channel off.
    const ownerWantsZalo =
      owner.length > 0 && (await preferencesOf(db, [owner[0]!.id])).get(owner[0]!.id)!.zalo;
    return [...own, ...(await followerRecipients(db, dossier, ownerWantsZalo))];
  }
  if (audience.kind === "counterOfficers") {
    const officers = await db
      .selectFrom("users as u")
      .select(userColumns)
      .where("u.is_active", "=", true)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom("role_grants as g")
            .select("g.id")
            .whereRef("g.user_id", "=", "u.id")
            .where("g.role", "=", "counter_officer")
            .where("g.agency_id", "=", dossier.agency_id),
        ),
      )
      .orderBy("u.username")
      .execute();
    return recipientsOf(db, officers);
  }
  if (audience.userIds.length === 0) return [];
  const users = await db
    .selectFrom("users as u")
    .select(userColumns)
    .where("u.id", "in", audience.userIds)
    .where("u.is_active", "=", true)
    .orderBy("u.username")
    .execute();
  return recipientsOf(db, users);
}
