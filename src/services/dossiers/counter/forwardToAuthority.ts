import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.ts";
import { inTransaction } from "../../../db/transaction.ts";
import { ConflictError, NotFoundError } from "../../errors.ts";
import type { FieldError } from "../../validation/messages.ts";
import { authorizeAs, domainActor } from "../dossierAccess.ts";
import { type DossierRecord, findDossier, staleDossierError } from "../dossierStore.ts";
import { decideAndRecord, decisionContextOf, dossierNotFound } from "../runDossierCommand.ts";
import { type CounterCommandInput, checkText, throwIfInvalid } from "./counterCommand.ts";

export interface ForwardToAuthorityInput extends CounterCommandInput {
  /** The competent authority: an agency of the province that offers the dossier's procedure. */
  agencyCode: string;
  /** Why the dossier belongs there (printed in the history). */
  reason: string;
}

/**
 * A received dossier that belongs to another authority goes to that authority's counter (R-XFER-2, issue #12 §5):
 * the e-dossier at once, the paper the same working day, or by the start of the next one when it was received at or
 * after 15:00 (R-XFER-1; the event records whether it was on time). The authority now decides, its counter (or the
 * counter it receives at) carries on with the dossier at status 2, and where the applicant was helped is kept
 * (R-XFER-3). The code and the appointment stay: the applicant holds them.
 *
 * Outcomes: the updated record; 400 VALIDATION_FAILED (`reason` blank); 404 / 403 as for every counter command;
 * 404 NOT_FOUND (that agency does not handle the procedure); 409 SAME_AUTHORITY (it already decides);
 * 409 STALE_DOSSIER; 409 TRANSITION_NOT_ALLOWED (not at status 2).
 */
export async function forwardToAuthority(
  db: Kysely<Database>,
  input: ForwardToAuthorityInput,
): Promise<DossierRecord> {
  const errors: FieldError[] = [];
  const reason = checkText(errors, "reason", input.reason);
  throwIfInvalid(errors);
  return inTransaction(db, async (trx) => {
    const record = await findDossier(trx, input.dossierId);
    if (!record) throw dossierNotFound();
    authorizeAs(input.actor, "counter_officer")(record.row);
    if (input.expectedVersion !== undefined && input.expectedVersion !== record.row.version)
      throw staleDossierError();
    const [target, procedure] = await Promise.all([
      trx
        .selectFrom("procedure_offerings as o")
        .innerJoin("agencies as a", "a.id", "o.agency_id")
        .select(["o.id", "o.agency_id", "o.enabled", "a.code", "a.name", "a.received_at_agency_id"])
        .where("o.procedure_id", "=", record.row.procedure_id)
        .where("a.code", "=", input.agencyCode)
        .executeTakeFirst(),
      trx
        .selectFrom("procedures")
        .select("code")
        .where("id", "=", record.row.procedure_id)
        .executeTakeFirstOrThrow(),
    ]);
    if (!target?.enabled)
      throw new NotFoundError({
        vi: `Cơ quan ${input.agencyCode} không giải quyết thủ tục ${procedure.code}`,
        en: `Agency ${input.agencyCode} does not handle procedure ${procedure.code}`,
      });
    if (target.agency_id === record.row.deciding_agency_id)
      throw new ConflictError("SAME_AUTHORITY", {
        vi: "Hồ sơ đã thuộc thẩm quyền giải quyết của cơ quan này",
        en: "This agency already decides the dossier",
      });
    const from = await trx
      .selectFrom("agencies")
      .select(["code", "name"])
      .where("id", "=", record.row.deciding_agency_id)
      .executeTakeFirstOrThrow();
    const forwarded = await decideAndRecord(trx, record, {
      command: { type: "forwardToAuthority", reason },
      actor: domainActor(input.actor, "counter_officer"),
      author: { userId: input.actor.userId, role: "counter_officer" },
      now: input.now,
      context: await decisionContextOf(trx, record.row),
      details: { fromAgency: from, toAgency: { code: target.code, name: target.name } },
      placement: { current_unit_id: null, current_assignee_id: null },
    });
    const row = await trx
      .updateTable("dossiers")
      .set({
        offering_id: target.id,
        deciding_agency_id: target.agency_id,
        agency_id: target.received_at_agency_id ?? target.agency_id,
        assisted_at_agency_id: record.row.assisted_at_agency_id ?? record.row.agency_id,
      })
      .where("id", "=", record.row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { ...forwarded, row };
  });
}
