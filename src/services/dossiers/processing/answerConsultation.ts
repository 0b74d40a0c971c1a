import type { Kysely } from "kysely";
import type { Database, Role } from "../../../db/schema.ts";
import { evaluateJoin } from "../../../domain/workflow/join.ts";
import { hasRole } from "../../accounts/actor.ts";
import { ConflictError, ForbiddenError } from "../../errors.ts";
import { assertCanSee } from "../dossierAccess.ts";
import type { DossierRecord } from "../dossierStore.ts";
import { dossierNotFound } from "../runDossierCommand.ts";
import { consultJoinOf, findStep, internalStepFor, internalStepOf, workflowFor } from "./defaultWorkflow.ts";
import { type ProcessingInput, requireProcessing, runProcessingCommand } from "./processingCommand.ts";
import { findOpenTask } from "./workflowTasks.ts";

export interface AnswerConsultationInput extends ProcessingInput {
  consultationId: string;
  answer: string;
}

const ANSWERING_ROLES: readonly Role[] = ["specialist", "unit_head", "agency_leader"];

/**
 * The consulted agency or unit records its answer in the system (R-PROC-3). An answer after the consultation's
 * deadline is recorded as late, for the lead agency to inform the counter's head. When no other consultation is
 * open, the dossier's internal step returns to the step its task is at.
 *
 * Outcomes: the updated dossier; 404 no such consultation on this dossier, or neither addressed to the caller nor
 * visible to them; 403 a caller who sees the dossier but was not consulted; 409 already answered, stale, or the
 * dossier is not under processing.
 */
export async function answerConsultation(
  db: Kysely<Database>,
  input: AnswerConsultationInput,
): Promise<DossierRecord> {
  const { actor, now } = input;
  return runProcessingCommand(db, {
    ...input,
    roles: ANSWERING_ROLES,
    resolveRole: async (trx, row) => {
      const consultation = await trx
        .selectFrom("consultations")
        .select(["to_agency_id", "to_unit_id"])
        .where("id", "=", input.consultationId)
        .where("dossier_id", "=", row.id)
        .executeTakeFirst();
      let visible = true;
      try {
        assertCanSee(actor, row);
      } catch {
        visible = false;
      }
      const scope = consultation && { agencyId: consultation.to_agency_id, unitId: consultation.to_unit_id };
      const role = scope && ANSWERING_ROLES.find((candidate) => hasRole(actor, [candidate], scope));
      if (role) return role;
      if (!consultation || !visible) throw dossierNotFound();
      throw new ForbiddenError({
        vi: "Yêu cầu lấy ý kiến này không gửi đến đơn vị của bạn",
        en: "This consultation is not addressed to your unit",
      });
    },
    // The consulted agency answers without otherwise seeing the dossier: being consulted is the authorization.
    authorize: () => {},
    prepare: async ({ trx, record }) => {
      requireProcessing(record, "advanceStep");
      const consultation = await trx
        .selectFrom("consultations")
        .selectAll()
        .where("id", "=", input.consultationId)
        .executeTakeFirstOrThrow();
      if (consultation.answered_at)
        throw new ConflictError("CONSULTATION_ALREADY_ANSWERED", {
          vi: "Yêu cầu lấy ý kiến này đã được trả lời",
          en: "This consultation was already answered",
        });
      const task = await findOpenTask(trx, record.row.id);
      // The consultations the open step sent are its child tasks; the step goes on when they join — all answered,
      // or any one, as its workflow says (R-PROC-3).
      const siblings = await trx
        .selectFrom("consultations")
        .select(["id", "answered_at"])
        .where("dossier_id", "=", record.row.id)
        .$if(task !== undefined, (query) => query.where("requested_at", ">=", task!.created_at))
        .execute();
      const workflow = workflowFor(record.row);
      const rule = task ? consultJoinOf(workflow, task.step) : "all";
      const current = task && findStep(workflow, task.step);
      const join = evaluateJoin(
        rule,
        siblings.map((sibling) => ({
          id: sibling.id,
          status: sibling.id === consultation.id || sibling.answered_at ? "done" : "open",
        })),
      );
      const step = !join.joined
        ? "awaitingConsultation"
        : ((current && internalStepFor(current)) ??
          internalStepOf(record.row.internal_step ?? "") ??
          "awaitingConsultation");
      const late = now > consultation.due_at;
      return {
        command: { type: "advanceStep", step, output: `Trả lời ý kiến: ${input.answer}` },
        details: {
          action: "answerConsultation",
          consultation: {
            id: consultation.id,
            answer: input.answer,
            dueAt: consultation.due_at.toISOString(),
            late,
          },
          join: { rule, joined: join.joined },
        },
        alongside: async (trx2) => {
          await trx2
            .updateTable("consultations")
            .set({ answer: input.answer, answered_by: actor.userId, answered_at: now })
            .where("id", "=", consultation.id)
            .execute();
        },
      };
    },
  });
}
