import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Recipient } from "../notifications/recipients.ts";

/**
 * The dossier's followers on the messaging channel as recipients of what its applicant is told (issue #18, R-LOOK-3
 * "approved social network"): each one on the `zalo` channel at its follower id, in the language it chose. None when
 * `enabled` is false (the owner's account turned the channel off) or the dossier is not known.
 */
export async function followerRecipients(
  db: Kysely<Database>,
  dossier: { dossier_id?: string; applicant_name: string },
  enabled: boolean,
): Promise<Recipient[]> {
  if (!enabled || !dossier.dossier_id) return [];
  const rows = await db
    .selectFrom("messaging_followers")
    .select(["id", "follower_id", "language"])
    .where("dossier_id", "=", dossier.dossier_id)
    .where("unfollowed_at", "is", null)
    .orderBy("followed_at")
    .execute();
  return rows.map((row) => ({
    userId: null,
    name: dossier.applicant_name,
    language: row.language,
    addresses: { zalo: row.follower_id },
    // The follow's own id: only letters, digits and dashes, as a notification key (and Message-ID) allows.
    keyPart: `f${row.id}`,
  }));
}

/** Starts (or starts again) following a dossier; true when it was not followed already. */
export async function followDossier(
  db: Kysely<Database>,
  input: { followerId: string; dossierId: string; language: "vi" | "en"; now: Date },
): Promise<boolean> {
  const existing = await db
    .selectFrom("messaging_followers")
    .select(["id", "unfollowed_at"])
    .where("follower_id", "=", input.followerId)
    .where("dossier_id", "=", input.dossierId)
    .executeTakeFirst();
  if (existing && existing.unfollowed_at === null) {
    await db
      .updateTable("messaging_followers")
      .set({ language: input.language })
      .where("id", "=", existing.id)
      .execute();
    return false;
  }
  if (existing) {
    await db
      .updateTable("messaging_followers")
      .set({ unfollowed_at: null, followed_at: input.now, language: input.language })
      .where("id", "=", existing.id)
      .execute();
    return true;
  }
  await db
    .insertInto("messaging_followers")
    .values({
      follower_id: input.followerId,
      dossier_id: input.dossierId,
      language: input.language,
      followed_at: input.now,
    })
    .execute();
  return true;
}

/** Stops following; true when the dossier was followed. */
export async function unfollowDossier(
  db: Kysely<Database>,
  input: { followerId: string; dossierId: string; now: Date },
): Promise<boolean> {
  const updated = await db
    .updateTable("messaging_followers")
    .set({ unfollowed_at: input.now })
    .where("follower_id", "=", input.followerId)
    .where("dossier_id", "=", input.dossierId)
    .where("unfollowed_at", "is", null)
    .returning("id")
    .execute();
  return updated.length > 0;
}
