import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { type Actor, isApplicant } from "../accounts/actor.ts";
import { dossierNotFound } from "../dossiers/runDossierCommand.ts";
import { parseRating, type RatingInput } from "./ratingInput.ts";
import { RATEABLE_STATUSES, storeRating } from "./storeRating.ts";

export interface OwnRating {
  /** The dossier may be rated now: it has its result and no rating yet. */
  canRate: boolean;
  rating: {
    points: Record<string, number>;
    satisfaction: string | null;
    channel: "portal" | "kiosk" | "national_portal";
    ratedAt: string;
  } | null;
}

/** The applicant's own dossier, or 404 — also for someone else's dossier (never "it is not yours"). */
async function ownDossier(db: Kysely<Database>, actor: Actor, dossierId: string) {
  const dossier = await db
    .selectFrom("dossiers")
    .select(["id", "deciding_agency_id as agency_id", "procedure_id", "status", "owner_user_id"])
    .where("id", "=", dossierId)
    .executeTakeFirst();
  if (dossier === undefined || !isApplicant(actor) || dossier.owner_user_id !== actor.userId)
    throw dossierNotFound();
  return dossier;
}

/** R-EVAL-1: the applicant rates their dossier on the portal, once, after the result. */
export async function rateOwnDossier(
  db: Kysely<Database>,
  input: { actor: Actor; dossierId: string; rating: RatingInput; now: Date },
): Promise<OwnRating> {
  const rating = parseRating(input.rating);
  const dossier = await ownDossier(db, input.actor, input.dossierId);
  await storeRating(db, dossier, rating, { channel: "portal", userId: input.actor.userId }, input.now);
  return getOwnRating(db, { actor: input.actor, dossierId: input.dossierId });
}

export async function getOwnRating(
  db: Kysely<Database>,
  input: { actor: Actor; dossierId: string },
): Promise<OwnRating> {
  const dossier = await ownDossier(db, input.actor, input.dossierId);
  const row = await db
    .selectFrom("evaluation_ratings")
    .select(["points", "satisfaction", "channel", "rated_at"])
    .where("dossier_id", "=", dossier.id)
    .executeTakeFirst();
  if (row === undefined) return { canRate: RATEABLE_STATUSES.includes(dossier.status), rating: null };
  return {
    canRate: false,
    rating: {
      points: row.points,
      satisfaction: row.satisfaction,
      channel: row.channel,
      ratedAt: new Date(row.rated_at).toISOString(),
    },
  };
}
