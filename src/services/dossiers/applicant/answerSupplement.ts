import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { inTransaction } from "../../../db/transaction.ts";
import { openSupplement } from "../../../domain/dossier/supplementLimit.ts";
import type { Actor } from "../../accounts/actor.ts";
import { ValidationError } from "../../errors.ts";
import type { FileLimits } from "../../files/storeUpload.ts";
import { attachUploads, type FileReference, resolveUploads } from "../attachUploads.ts";
import { authorizeAs, domainActor } from "../dossierAccess.ts";
import { type DossierRecord, findDossier } from "../dossierStore.ts";
import { dossierNotFound, runDossierCommand } from "../runDossierCommand.ts";

export interface AnswerSupplementInput {
  actor: Actor;
  dossierId: string;
  expectedVersion?: number | undefined;
  files: FileReference[];
  now: Date;
  limits: FileLimits;
}

/**
 * The applicant answers the one supplement request (R-RECV-6, R-SUPP-1) with the documents asked for. Before
 * acceptance the completed dossier is resubmitted (5 → 1, the 8-hour reception clock restarts); after appraisal the
 * documents are provided (stays 5) and the counter receives them, restarting the processing time. Outcomes: the
 * dossier; 400 without files or with unknown uploads; 404 not the applicant's; 409 no supplement is awaited or stale.
 */
export async function answerSupplement(
  db: Kysely<Database>,
  input: AnswerSupplementInput,
): Promise<DossierRecord> {
  if (input.files.length === 0) {
    throw new ValidationError([
      {
        field: "files",
        message: { vi: "Cần gửi ít nhất một tệp bổ sung", en: "Send at least one supplementary file" },
      },
    ]);
  }
  const role = input.actor.kind === "organisation" ? "organisation_representative" : "citizen";
  return inTransaction(db, async (trx) => {
    const current = await findDossier(trx, input.dossierId);
    if (!current) throw dossierNotFound();
    authorizeAs(input.actor, role)(current.row);
    const resolved = await resolveUploads(trx, {
      procedureId: current.row.procedure_id,
      uploaderUserId: input.actor.userId,
      files: input.files,
    });
    if (resolved.errors.length > 0) throw new ValidationError(resolved.errors);
    const stage = openSupplement(current.state)?.stage;
    const attach = (record: DossierRecord) =>
      attachUploads(trx, {
        dossier: record.row,
        resolved,
        files: input.files,
        purpose: "supplement",
        uploaderUserId: input.actor.userId,
        eventSequence: record.row.version,
        now: input.now,
        limits: input.limits,
      });
    // The rules refuse whatever does not fit (no open supplement, wrong stage): the command is chosen by stage.
    return runDossierCommand(trx, {
      dossierId: input.dossierId,
      command:
        stage === "appraisal"
          ? { type: "provideSupplement", documentRefs: resolved.uploads.map((upload) => upload.sha256) }
          : { type: "resubmitSupplement" },
      actor: domainActor(input.actor, role),
      author: { userId: input.actor.userId, role },
      now: input.now,
      expectedVersion: input.expectedVersion,
      authorize: authorizeAs(input.actor, role),
      alongside: async (_trx, record) => {
        await attach(record);
      },
    });
  });
}
