import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { type Actor, hasRole } from "../accounts/actor.ts";
import { dossierNotFound } from "../dossiers/runDossierCommand.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { parseRating, type RatingInput } from "./ratingInput.ts";
import { alreadyRated, notYetRateable, RATEABLE_STATUSES, storeRating } from "./storeRating.ts";

/** How long the kiosk screen stays open for the applicant once the officer opened it. */
export const KIOSK_SESSION_MINUTES = 15;

export interface KioskSession {
  sessionId: string;
  expiresAt: string;
  dossier: { code: string; procedureName: string; agencyName: string };
}

const kioskSessionNotFound = () =>
  new NotFoundError({ vi: "Không tìm thấy phiên đánh giá", en: "No such rating session" });

/**
 * R-EVAL-1 at the counter: the counter officer of the dossier's agency opens the kiosk screen for a dossier code;
 * the applicant then rates on that screen. Only a dossier with its result and without a rating (409 otherwise); a
 * dossier of another agency is unknown (404). The screen shows the code and the procedure, nothing personal.
 */
export async function openKioskSession(
  db: Kysely<Database>,
  input: { actor: Actor; dossierCode: string; now: Date },
): Promise<KioskSession> {
  const dossier = await db
    .selectFrom("dossiers as d")
    .innerJoin("procedures as p", "p.id", "d.procedure_id")
    .innerJoin("agencies as a", "a.id", "d.agency_id")
    .select(["d.id", "d.code", "d.agency_id", "d.deciding_agency_id", "d.status", "p.name as procedureName"])
    .select("a.name as agencyName")
    .where("d.code", "=", input.dossierCode.trim())
    .executeTakeFirst();
  const reaches =
    dossier !== undefined &&
    (hasRole(input.actor, ["counter_officer"], { agencyId: dossier.agency_id }) ||
      hasRole(input.actor, ["counter_officer"], { agencyId: dossier.deciding_agency_id }));
  if (dossier === undefined || !reaches) throw dossierNotFound();
  if (!RATEABLE_STATUSES.includes(dossier.status)) throw notYetRateable();
  const rated = await db
    .selectFrom("evaluation_ratings")
    .select("id")
    .where("dossier_id", "=", dossier.id)
    .executeTakeFirst();
  if (rated !== undefined) throw alreadyRated();
  const expiresAt = new Date(input.now.getTime() + KIOSK_SESSION_MINUTES * 60_000);
  const session = await db
    .insertInto("evaluation_kiosk_sessions")
    .values({
      dossier_id: dossier.id,
      agency_id: dossier.agency_id,
      opened_by: input.actor.userId,
      opened_at: input.now,
      expires_at: expiresAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return {
    sessionId: session.id,
    expiresAt: expiresAt.toISOString(),
    dossier: { code: dossier.code, procedureName: dossier.procedureName, agencyName: dossier.agencyName },
  };
}

/**
 * The applicant's rating on the kiosk screen: the session must be the officer's own (404 otherwise), unused and not
 * expired (409). The rating and the session's use are written together.
 */
export async function rateAtKiosk(
  db: Kysely<Database>,
  input: { actor: Actor; sessionId: string; rating: RatingInput; now: Date },
): Promise<{ rated: true }> {
  const rating = parseRating(input.rating);
  return inTransaction(db, async (trx) => {
    const session = await trx
      .selectFrom("evaluation_kiosk_sessions as s")
      .innerJoin("dossiers as d", "d.id", "s.dossier_id")
      .select(["s.id", "s.opened_by", "s.expires_at", "s.used_at", "d.id as dossierId"])
      .select(["d.deciding_agency_id as agency_id", "d.procedure_id", "d.status"])
      .where("s.id", "=", input.sessionId)
      .forUpdate("s")
      .executeTakeFirst();
    if (session === undefined || session.opened_by !== input.actor.userId) throw kioskSessionNotFound();
    if (session.used_at !== null || new Date(session.expires_at) <= input.now)
      throw new ConflictError("KIOSK_SESSION_CLOSED", {
        vi: "Phiên đánh giá đã kết thúc, hãy mở lại",
        en: "The rating session has ended; open a new one",
      });
    await storeRating(
      trx,
      {
        id: session.dossierId,
        agency_id: session.agency_id,
        procedure_id: session.procedure_id,
        status: session.status,
      },
      rating,
      { channel: "kiosk", officerId: input.actor.userId },
      input.now,
    );
    await trx
      .updateTable("evaluation_kiosk_sessions")
      .set({ used_at: input.now })
      .where("id", "=", session.id)
      .execute();
    return { rated: true as const };
  });
}
