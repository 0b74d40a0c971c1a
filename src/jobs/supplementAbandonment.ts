import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import type { WorkingCalendar } from "../domain/calendar/types.ts";
import { abandonmentAt } from "../domain/deadlines/abandonment.ts";
import { openSupplement } from "../domain/dossier/supplementLimit.ts";
import { loadWorkingCalendar } from "../services/calendar/loadCalendar.ts";
import { decideAndRecord } from "../services/dossiers/runDossierCommand.ts";
import { decodeState } from "../services/dossiers/stateCodec.ts";
import { effectiveRuleOptionsOf } from "../services/options/ruleOptions.ts";

/**
 * The abandonment job (R-SUPP-4, issue #12 §4): a dossier waiting for a supplement (status 5) whose applicant has not
 * answered within the configured working days after the request (rule option, default 15) is stopped (5 → 8). The
 * rules decide (`closeForMissingSupplement`); the event, its outbox row (the applicant's notification) and the
 * closing of the dossier's open tasks are written in one transaction. The stop notice (Thông báo dừng giải quyết hồ
 * sơ) is the dossier's "stop-notice" form, printed from that event.
 *
 * Safe with several processes (DESIGN §6): candidates are locked with `FOR UPDATE … SKIP LOCKED`, and the status
 * leaves 5 in the same transaction, so a dossier is stopped once whoever runs the job.
 */
export interface SupplementAbandonmentOptions {
  /** Rows per transaction; small so locks are short. */
  batchSize?: number;
}

export interface SupplementAbandonmentCounts {
  /** Dossiers waiting for a supplement that were looked at. */
  examined: number;
  /** Dossiers stopped in this run. */
  stopped: number;
}

const DEFAULT_BATCH_SIZE = 50;
const JOB: { role: "system"; id: string } = { role: "system", id: "supplement-abandonment" };

export async function runSupplementAbandonment(
  db: Kysely<Database>,
  now: Date,
  options: SupplementAbandonmentOptions = {},
): Promise<SupplementAbandonmentCounts> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const counts: SupplementAbandonmentCounts = { examined: 0, stopped: 0 };
  // Read inside the batch's transaction: PGlite is one session, so a read on `db` would wait for the transaction.
  const calendars = new Map<string, WorkingCalendar>();
  const calendarOf = async (trx: Transaction<Database>, agencyId: string) => {
    let calendar = calendars.get(agencyId);
    if (!calendar) {
      calendar = await loadWorkingCalendar(trx, { id: agencyId });
      calendars.set(agencyId, calendar);
    }
    return calendar;
  };
  let after = "";
  for (;;) {
    const batch = await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: string }>`
        select d.id from dossiers d
        where d.status = 5 and d.id::text > ${after}
        order by d.id::text
        limit ${batchSize}
        for update of d skip locked`.execute(trx);
      if (rows.length === 0) return [];
      const records = await trx
        .selectFrom("dossiers")
        .selectAll()
        .where(
          "id",
          "in",
          rows.map((row) => row.id),
        )
        .execute();
      const optionsOf = await effectiveRuleOptionsOf(
        trx,
        records.map((row) => row.offering_id),
      );
      for (const row of records) {
        const state = decodeState(row.state);
        const open = openSupplement(state);
        if (!open) continue;
        const calendar = await calendarOf(trx, row.agency_id);
        const closableAt = abandonmentAt(
          calendar,
          open.requestedAt,
          optionsOf(row.offering_id).abandonmentWorkingDays,
        );
        if (now < closableAt) continue;
        // The rules check again (status, period) with the same options; a refusal here would be a bug, so it throws.
        const updated = await decideAndRecord(
          trx,
          { row, state },
          {
            command: { type: "closeForMissingSupplement" },
            actor: JOB,
            author: { userId: null, role: "system" },
            now,
            details: { notice: "stop-notice" },
          },
        );
        await trx
          .updateTable("tasks")
          .set({ status: "cancelled", completed_at: now, outcome: "stoppedForMissingSupplement" })
          .where("dossier_id", "=", updated.row.id)
          .where("status", "=", "open")
          .execute();
        counts.stopped += 1;
      }
      return rows;
    });
    counts.examined += batch.length;
    if (batch.length < batchSize) break;
    after = batch.at(-1)!.id;
  }
  return counts;
}
