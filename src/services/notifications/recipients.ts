import { type Kysely, sql } from "kysely";
import type { NotificationChannel, NotificationLanguage } from "../../db/notificationTables.ts";
import type { Database } from "../../db/schema.ts";
import type { Audience } from "./planNotifications.ts";
import { channelsOf, type NotificationPreferences, preferencesFromRow } from "./preferences.ts";

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
  dossier_id: string;
  agency_id: string;
  owner_user_id: string | null;
  applicant_name: string;
  applicant_email: string | null;
  applicant_phone: string | null;
}

/** What a batch of events needs to know about people, gathered before anything is read. */
export interface AudienceNeeds {
  /** Accounts named by an audience: dossier owners, assignees, consultation askers. */
  userIds: Set<string>;
  /** Agencies whose counter officers are told (R-RECV-1). */
  counterAgencies: Set<string>;
  /** Dossiers whose followers on the messaging channel hear what the applicant is told (issue #18). */
  followedDossiers: Set<string>;
}

export function noNeeds(): AudienceNeeds {
  return { userIds: new Set(), counterAgencies: new Set(), followedDossiers: new Set() };
}

/** Adds what resolving `audience` for `dossier` will look up. */
export function addNeeds(needs: AudienceNeeds, audience: Audience, dossier: DossierContacts): void {
  if (audience.kind === "applicant") {
    if (dossier.owner_user_id) needs.userIds.add(dossier.owner_user_id);
    needs.followedDossiers.add(dossier.dossier_id);
  } else if (audience.kind === "counterOfficers") needs.counterAgencies.add(dossier.agency_id);
  else for (const id of audience.userIds) needs.userIds.add(id);
}

interface Person {
  id: string;
  fullName: string;
  email: string | null;
  phone: string | null;
  preferences: NotificationPreferences;
  /** The agencies among the batch's `counterAgencies` where this person is a counter officer. */
  counterOf: string[];
}

interface Follower {
  id: string;
  followerId: string;
  language: NotificationLanguage;
}

/**
 * The people a batch of events may notify: the active accounts it names or whose counter officers it warns, with
 * their preferences and counter roles, ordered by username; the open follows of its applicants' dossiers, oldest
 * first. Two statements for the whole batch where each event used to take four or five (issue #21).
 */
export interface People {
  users: Person[];
  followers: Map<string, Follower[]>;
}

export async function loadPeople(db: Kysely<Database>, needs: AudienceNeeds): Promise<People> {
  const userIds = [...needs.userIds];
  const agencies = [...needs.counterAgencies];
  const counterGrants = sql`from role_grants g where g.user_id = u.id and g.role = 'counter_officer'
    and g.agency_id = any(${agencies}::uuid[])`;
  const users =
    userIds.length === 0 && agencies.length === 0
      ? []
      : await db
          .selectFrom("users as u")
          .leftJoin("notification_preferences as p", "p.user_id", "u.id")
          .select([
            "u.id",
            "u.full_name",
            "u.email",
            "u.phone",
            "p.user_id as chose",
            "p.email as p_email",
            "p.sms as p_sms",
            "p.social as p_social",
            "p.social_handle as p_social_handle",
            "p.zalo as p_zalo",
            "p.language as p_language",
            sql<string[]>`array(select g.agency_id::text ${counterGrants})`.as("counter_of"),
          ])
          // Inactive accounts are never notified.
          .where("u.is_active", "=", true)
          .where(sql<boolean>`(u.id = any(${userIds}::uuid[]) or exists (select 1 ${counterGrants}))`)
          .orderBy("u.username")
          .execute();
  const follows =
    needs.followedDossiers.size === 0
      ? []
      : await db
          .selectFrom("messaging_followers")
          .select(["id", "dossier_id", "follower_id", "language"])
          .where(sql<boolean>`dossier_id = any(${[...needs.followedDossiers]}::uuid[])`)
          .where("unfollowed_at", "is", null)
          .orderBy("followed_at")
          .execute();
  const followers = new Map<string, Follower[]>();
  for (const row of follows) {
    const list = followers.get(row.dossier_id) ?? [];
    list.push({ id: row.id, followerId: row.follower_id, language: row.language });
    followers.set(row.dossier_id, list);
  }
  return {
    users: users.map((row) => ({
      id: row.id,
      fullName: row.full_name,
      email: row.email,
      phone: row.phone,
      preferences: preferencesFromRow(
        row.chose === null
          ? null
          : {
              email: row.p_email!,
              sms: row.p_sms!,
              social: row.p_social!,
              social_handle: row.p_social_handle,
              zalo: row.p_zalo!,
              language: row.p_language!,
            },
      ),
      counterOf: row.counter_of,
    })),
    followers,
  };
}

function recipientOf(user: Person, fallback?: { email: string | null; phone: string | null }): Recipient {
  const known: Record<NotificationChannel, string | null> = {
    email: user.email ?? fallback?.email ?? null,
    sms: user.phone ?? fallback?.phone ?? null,
    social: user.preferences.socialHandle,
    // Issue #18: the messaging channel reaches a dossier's followers (followersOf), not an account.
    zalo: null,
  };
  const addresses: Partial<Record<NotificationChannel, string>> = {};
  for (const channel of channelsOf(user.preferences)) {
    const address = known[channel];
    if (address) addresses[channel] = address;
  }
  return { userId: user.id, name: user.fullName, language: user.preferences.language, addresses };
}

/**
 * The dossier's followers on the messaging channel as recipients of what its applicant is told (issue #18, R-LOOK-3
 * "approved social network"): each one on the `zalo` channel at its follower id, in the language it chose.
 */
function followersOf(people: People, dossier: DossierContacts): Recipient[] {
  return (people.followers.get(dossier.dossier_id) ?? []).map((follower) => ({
    userId: null,
    name: dossier.applicant_name,
    language: follower.language,
    addresses: { zalo: follower.followerId },
    // The follow's own id: only letters, digits and dashes, as a notification key (and Message-ID) allows.
    keyPart: `f${follower.id}`,
  }));
}

/**
 * The people an audience means for one dossier (R-LOOK-3), from what `loadPeople` read for the batch: the applicant
 * — through their account and its preferences, or the contact details on the dossier when it has no owner (a paper
 * dossier: e-mail and SMS when given) — and the dossier's followers; the counter officers of the receiving agency
 * (R-RECV-1); named officers. Inactive accounts are never notified.
 */
export function resolveAudience(people: People, audience: Audience, dossier: DossierContacts): Recipient[] {
  if (audience.kind === "applicant") {
    if (!dossier.owner_user_id) {
      const addresses: Partial<Record<NotificationChannel, string>> = {};
      if (dossier.applicant_email) addresses.email = dossier.applicant_email;
      if (dossier.applicant_phone) addresses.sms = dossier.applicant_phone;
      return [
        { userId: null, name: dossier.applicant_name, language: "vi", addresses },
        ...followersOf(people, dossier),
      ];
    }
    const owner = people.users.find((user) => user.id === dossier.owner_user_id);
    if (!owner) return [];
    const own = recipientOf(owner, { email: dossier.applicant_email, phone: dossier.applicant_phone });
    // Issue #18: the followers on the messaging channel, unless the owner turned the channel off.
    return [own, ...(owner.preferences.zalo ? followersOf(people, dossier) : [])];
  }
  if (audience.kind === "counterOfficers")
    return people.users
      .filter((user) => user.counterOf.includes(dossier.agency_id))
      .map((user) => recipientOf(user));
  const named = new Set(audience.userIds);
  return people.users.filter((user) => named.has(user.id)).map((user) => recipientOf(user));
}
