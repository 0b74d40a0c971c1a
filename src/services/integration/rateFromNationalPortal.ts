import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Satisfaction } from "../../domain/evaluation/index.ts";
import { parseRating } from "../evaluation/ratingInput.ts";
import { storeRating } from "../evaluation/storeRating.ts";
import { messageTime, recordMessageOnce } from "./inboundMessageLog.ts";
import type { NationalMessageReceipt, NationalRatingMessage } from "./nationalMessageSchemas.ts";

const SATISFACTION: Record<1 | 2 | 3, Satisfaction> = { 1: "satisfied", 2: "neutral", 3: "dissatisfied" };

/**
 * The applicant rated the dossier on DVCQG (R-EVAL-1, R-EVAL-2): checked and stored by the same rating service as a
 * rating on our portal (the applicant's indices only, 0–2 points, once, after the result), with the channel
 * `national_portal`. It counts in the evaluations and the 766 index like any other.
 *
 * Outcomes: the receipt; 400 (an index the applicant does not rate); 404; 409 EVALUATION_NOT_YET,
 * EVALUATION_ALREADY_RATED, MESSAGE_ID_REUSED.
 */
export async function rateFromNationalPortal(
  db: Kysely<Database>,
  input: { message: NationalRatingMessage; now: Date },
): Promise<NationalMessageReceipt> {
  const ratedAt = messageTime(input.message, input.now);
  const rating = parseRating({
    points: input.message.DiemTieuChi,
    satisfaction: input.message.MucDoHaiLong ? SATISFACTION[input.message.MucDoHaiLong] : undefined,
  });
  return recordMessageOnce(
    db,
    { kind: "rating", message: input.message, now: input.now },
    async (trx, dossier) => {
      await storeRating(
        trx,
        {
          id: dossier.row.id,
          agency_id: dossier.row.deciding_agency_id,
          procedure_id: dossier.row.procedure_id,
          status: dossier.row.status,
        },
        rating,
        { channel: "national_portal" },
        ratedAt,
      );
      return { record: dossier };
    },
  );
}
