import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { openSupplement } from "../../domain/dossier/supplementLimit.ts";
import { decideAndRecord } from "../dossiers/runDossierCommand.ts";
import {
  applicantAuthor,
  applicantOnNationalPortal,
  messageTime,
  recordMessageOnce,
} from "./inboundMessageLog.ts";
import { scheduleNationalFiles } from "./nationalFileTransfers.ts";
import type { NationalMessageReceipt, NationalSupplementMessage } from "./nationalMessageSchemas.ts";

/**
 * The applicant answered the supplement request on DVCQG (R-RECV-6, R-SUPP-1). The same rules as an answer on our
 * own portal decide: before acceptance the completed dossier is resubmitted (5 → 1, the reception clock restarts);
 * after appraisal the documents are provided (stays 5) and the counter receives them. The files stay on the national
 * portal until the attachment job fetches them (checksums given here, so the event names the exact documents).
 *
 * Outcomes: the receipt (replayed for a repeated MaThongDiep); 400 bad time; 404 unknown dossier; 409 no supplement
 * awaited (SUPPLEMENT_NOT_AWAITED and the other refusals of the rules) or the message id reused.
 */
export async function answerNationalSupplement(
  db: Kysely<Database>,
  input: { message: NationalSupplementMessage; now: Date },
): Promise<NationalMessageReceipt> {
  messageTime(input.message, input.now); // a bad or future ThoiDiem is a 400 before anything is read
  return recordMessageOnce(
    db,
    { kind: "supplement", message: input.message, now: input.now },
    async (trx, dossier) => {
      const stage = openSupplement(dossier.state)?.stage;
      const documentRefs = input.message.TaiLieuBoSung.map((file) => file.MaBamSHA256.toLowerCase());
      const record = await decideAndRecord(trx, dossier, {
        command:
          stage === "appraisal"
            ? { type: "provideSupplement", documentRefs }
            : { type: "resubmitSupplement" },
        actor: applicantOnNationalPortal(dossier),
        author: applicantAuthor(dossier),
        // Our receipt time: the portal's clock may lag our last change; its own time stays in the event.
        now: input.now,
        details: {
          channel: "nationalPortal",
          nationalTime: input.message.ThoiDiem,
          messageId: input.message.MaThongDiep,
          ...(input.message.NoiDungBoSung ? { note: input.message.NoiDungBoSung } : {}),
        },
      });
      await scheduleNationalFiles(trx, {
        dossier: record.row,
        purpose: "supplement",
        files: input.message.TaiLieuBoSung,
        now: input.now,
      });
      return { record };
    },
  );
}
