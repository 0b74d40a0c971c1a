import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { decideAndRecord } from "../dossiers/runDossierCommand.ts";
import {
  applicantAuthor,
  applicantOnNationalPortal,
  messageTime,
  recordMessageOnce,
} from "./inboundMessageLog.ts";
import type { NationalMessageReceipt, NationalWithdrawalMessage } from "./nationalMessageSchemas.ts";

/**
 * The applicant asked on DVCQG to withdraw the dossier (R-STOP-1, NĐ 118 Điều 21 k2): the same rule as a request at
 * the counter moves it to 7, and the counter then checks it and issues the stop notice (7 → 8). Refused once a
 * decision or result notice exists.
 *
 * Outcomes: the receipt (replayed for a repeated MaThongDiep); 400; 404 unknown dossier; 409
 * WITHDRAWAL_AFTER_DECISION, TRANSITION_NOT_ALLOWED, TERMINAL_STATUS or a reused message id.
 */
export async function requestNationalWithdrawal(
  db: Kysely<Database>,
  input: { message: NationalWithdrawalMessage; now: Date },
): Promise<NationalMessageReceipt> {
  messageTime(input.message, input.now); // a bad or future ThoiDiem is a 400 before anything is read
  return recordMessageOnce(
    db,
    { kind: "withdrawal", message: input.message, now: input.now },
    async (trx, dossier) => ({
      record: await decideAndRecord(trx, dossier, {
        command: { type: "requestWithdrawal", reason: input.message.LyDo.trim() },
        actor: applicantOnNationalPortal(dossier),
        author: applicantAuthor(dossier),
        // Our receipt time: the portal's clock may lag our last change; its own time stays in the event.
        now: input.now,
        details: {
          channel: "nationalPortal",
          nationalTime: input.message.ThoiDiem,
          messageId: input.message.MaThongDiep,
        },
      }),
    }),
  );
}
