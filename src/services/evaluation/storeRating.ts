import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { DossierRating } from "../../domain/evaluation/index.ts";
import { ConflictError } from "../errors.ts";

/** Public statuses after which the applicant rates (R-EVAL-1: after the result): 9 processed, 10 returned. */
export const RATEABLE_STATUSES: readonly number[] = [9, 10];

export const notYetRateable = () =>
  new ConflictError("EVALUATION_NOT_YET", {
    vi: "Chỉ đánh giá được sau khi hồ sơ đã có kết quả",
    en: "A dossier can be rated only once it has its result",
  });

export const alreadyRated = () =>
  new ConflictError("EVALUATION_ALREADY_RATED", {
    vi: "Hồ sơ này đã được đánh giá",
    en: "This dossier has already been rated",
  });

export interface RatedDossier {
  id: string;
  /** The deciding agency: evaluations and the 766 index are the handling agency's (as the statistics count). */
  agency_id: string;
  procedure_id: string;
  status: number;
}

/**
 * Writes the one rating of a dossier. The unique dossier key decides between two concurrent ratings: the loser gets
 * the same 409 as a later one.
 */
export async function storeRating(
  db: Kysely<Database>,
  dossier: RatedDossier,
  rating: DossierRating,
  by:
    | { channel: "portal"; userId: string }
    | { channel: "kiosk"; officerId: string }
    // Rated on DVCQG and received from it (issue #13): no local account.
    | { channel: "national_portal" },
  now: Date,
): Promise<void> {
  if (!RATEABLE_STATUSES.includes(dossier.status)) throw notYetRateable();
  const inserted = await db
    .insertInto("evaluation_ratings")
    .values({
      dossier_id: dossier.id,
      agency_id: dossier.agency_id,
      procedure_id: dossier.procedure_id,
      points: JSON.stringify(rating.points),
      satisfaction: rating.satisfaction ?? null,
      channel: by.channel,
      rated_by_user_id: by.channel === "portal" ? by.userId : null,
      kiosk_officer_id: by.channel === "kiosk" ? by.officerId : null,
      rated_at: now,
    })
    .onConflict((oc) => oc.column("dossier_id").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (inserted === undefined) throw alreadyRated();
}
