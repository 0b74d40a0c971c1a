import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { DossierRecord } from "../dossierStore.ts";
import { internalStepOf } from "./defaultWorkflow.ts";
import {
  assertHoldsTask,
  openStepOf,
  type ProcessingInput,
  runProcessingCommand,
} from "./processingCommand.ts";

/** When the applicant had to be present: time, place, participants and content (R-PROC-2). */
export interface VerificationMeeting {
  at: Date;
  place: string;
  participants: string[];
  content: string;
}

export interface RecordVerificationInput extends ProcessingInput {
  /** What the verification (thẩm tra, xác minh) found. */
  outcome: string;
  meeting?: VerificationMeeting | undefined;
}

/**
 * Records a verification's outcome and, when the applicant was present, the meeting (R-PROC-2), as an event of the
 * current step: the step does not change, its output is the finding (R-STATUS-3).
 *
 * Outcomes: the updated dossier; 404; 403 without the role or not holding the step; 409 stale or not under
 * processing.
 */
export async function recordVerification(
  db: Kysely<Database>,
  input: RecordVerificationInput,
): Promise<DossierRecord> {
  return runProcessingCommand(db, {
    ...input,
    roles: ["specialist", "unit_head", "agency_leader"],
    prepare: async (context) => {
      const task = await openStepOf(context, "advanceStep");
      const { record, role } = context;
      assertHoldsTask(input.actor, task, role);
      const step = internalStepOf(record.row.internal_step ?? "") ?? internalStepOf(task.step) ?? "appraisal";
      const meeting = input.meeting
        ? {
            at: input.meeting.at.toISOString(),
            place: input.meeting.place,
            participants: [...input.meeting.participants],
            content: input.meeting.content,
          }
        : null;
      return {
        command: { type: "advanceStep", step, output: `Kết quả xác minh: ${input.outcome}` },
        details: { action: "verification", verification: { outcome: input.outcome, meeting } },
      };
    },
  });
}
