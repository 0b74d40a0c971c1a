import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import type { DossierRecord } from "../dossierStore.ts";
import {
  assertHoldsTask,
  fieldError,
  newId,
  openStepOf,
  type ProcessingInput,
  runProcessingCommand,
} from "./processingCommand.ts";

export interface ConsultAgencyInput extends ProcessingInput {
  /** The consulted agency (R-CODE-3 identifier code). */
  toAgencyCode: string;
  /** A unit of that agency, required when consulting another unit of one's own agency. */
  toUnitCode?: string | undefined;
  question: string;
  /** The answer is due this many working days from now, on the lead agency's calendar (R-PROC-3). */
  workingDays: number;
}

/**
 * The lead agency asks another agency or unit for its opinion, stating content and deadline (R-PROC-3). The
 * consultation is a row of its own with its due instant; the dossier's internal step becomes "awaiting
 * consultation" (R-STATUS-2) while its task stays with the officer who asked.
 *
 * Outcomes: the updated dossier; 404; 403 without the role or not holding the step; 400 unknown agency or unit,
 * or one's own agency without a unit; 409 stale or not under processing.
 */
export async function consultAgency(db: Kysely<Database>, input: ConsultAgencyInput): Promise<DossierRecord> {
  const { actor, now } = input;
  return runProcessingCommand(db, {
    ...input,
    roles: ["specialist", "unit_head", "agency_leader"],
    prepare: async (context) => {
      const task = await openStepOf(context, "advanceStep");
      const { trx, record, role, calendar } = context;
      assertHoldsTask(actor, task, role);
      const agency = await trx
        .selectFrom("agencies")
        .select(["id", "code", "name"])
        .where("code", "=", input.toAgencyCode)
        .executeTakeFirst();
      if (!agency)
        throw fieldError("toAgencyCode", "Không tìm thấy cơ quan được lấy ý kiến", "No such agency");
      let unit: { id: string; code: string; name: string } | undefined;
      if (input.toUnitCode) {
        unit = await trx
          .selectFrom("units")
          .select(["id", "code", "name"])
          .where("agency_id", "=", agency.id)
          .where("code", "=", input.toUnitCode)
          .executeTakeFirst();
        if (!unit)
          throw fieldError(
            "toUnitCode",
            "Cơ quan được lấy ý kiến không có đơn vị này",
            "The agency has no such unit",
          );
      } else if (agency.id === record.row.deciding_agency_id) {
        throw fieldError(
          "toUnitCode",
          "Lấy ý kiến trong cơ quan mình thì phải chọn phòng, ban được lấy ý kiến",
          "Consulting within one's own agency needs the unit to consult",
        );
      }
      const dueAt = calendar.add(calendar.normalizeStart(now), { amount: input.workingDays, unit: "wd" });
      const consultationId = newId();
      const whom = unit ? `${unit.name} - ${agency.name}` : agency.name;
      return {
        command: {
          type: "advanceStep",
          step: "awaitingConsultation",
          output: `Lấy ý kiến ${whom}: ${input.question}`,
        },
        details: {
          action: "consult",
          consultation: {
            id: consultationId,
            toAgency: { code: agency.code, name: agency.name },
            toUnit: unit ? { code: unit.code, name: unit.name } : null,
            question: input.question,
            dueAt: dueAt.toISOString(),
          },
        },
        alongside: async (trx2) => {
          await trx2
            .insertInto("consultations")
            .values({
              id: consultationId,
              dossier_id: record.row.id,
              agency_id: record.row.deciding_agency_id,
              requested_by: actor.userId,
              requested_at: now,
              to_agency_id: agency.id,
              to_unit_id: unit?.id ?? null,
              question: input.question,
              due_at: dueAt,
            })
            .execute();
        },
      };
    },
  });
}
