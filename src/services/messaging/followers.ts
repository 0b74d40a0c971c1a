import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";

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
