import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { WorkingCalendar } from "../../domain/calendar/types.ts";
import { classifyTimeliness } from "../../domain/deadlines/timeliness.ts";
import { loadWorkingCalendar } from "../calendar/loadCalendar.ts";
import { decodeState } from "../dossiers/stateCodec.ts";
import { appointmentMovedBySupplement, type TerminalTimes, timelinessInputOf } from "./timelinessInput.ts";

/** What the projection stores for one dossier: its R-KPI-4 verdict once its processing has ended, as known `now`. */
export interface ProjectedTimeliness {
  verdict: "early" | "onTime" | "late" | "notApplicable" | null;
  endAt: Date | null;
  workingHours: number | null;
}

/**
 * Classifies one dossier with `classifyTimeliness` (R-KPI-4) at `now`. A dossier whose processing has not ended (the
 * rule would take the period's end) has no verdict yet: it is counted among the open ones, and classified again
 * when its state changes. `workingHours` is the processing time (end − acceptance − supplement wait) for the
 * average per procedure (766 indicator 2.2).
 */
export function projectOne(
  input: Parameters<typeof timelinessInputOf>,
  calendar: WorkingCalendar,
  now: Date,
): ProjectedTimeliness {
  const [state] = input;
  const timelinessInput = timelinessInputOf(...input);
  const result = classifyTimeliness(timelinessInput, {
    calendar,
    periodEnd: now,
    subtractSupplementTimeFromAppointment: !appointmentMovedBySupplement(state),
  });
  if (result.reason === "NOT_ACCEPTED") return { verdict: "notApplicable", endAt: null, workingHours: null };
  if (result.end === undefined || result.endSource === "periodEnd")
    return { verdict: null, endAt: null, workingHours: null };
  const receivedAt = timelinessInput.receivedAt as Date;
  const workingHours =
    result.reason === "MORE_THAN_ONE_SUPPLEMENT_REQUEST"
      ? null
      : calendar.workingHoursBetween(receivedAt, result.end) - (result.supplementWorkingHours ?? 0);
  return { verdict: result.verdict, endAt: result.end, workingHours };
}

/** A request catches up at most this many batches (1,000 dossiers) before it reads. */
export const REQUEST_BATCHES = 2;

/**
 * Brings the projected classification up to date for the dossiers that changed (`timeliness_pending`), a batch at a
 * time. Safe with several processes: rows are claimed with `FOR UPDATE SKIP LOCKED`, and a dossier changed again
 * meanwhile keeps its pending mark because the write checks the version read. `maxBatches` bounds the work of a
 * request (a large backlog — right after migration 0010 every dossier is pending — is left to the scheduler). Returns
 * how many were classified.
 */
export async function projectTimeliness(
  db: Kysely<Database>,
  options: { now: Date; batchSize?: number; maxBatches?: number },
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  let batches = 0;
  const calendars = new Map<string, WorkingCalendar>();
  let total = 0;
  for (;;) {
    const done = await inTransaction(db, async (trx) => {
      const rows = await trx
        .selectFrom("dossiers")
        .select(["id", "version", "agency_id", "legal_time_amount", "legal_time_unit", "state"])
        .where("timeliness_pending", "=", true)
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      if (rows.length === 0) return 0;
      const events = await trx
        .selectFrom("dossier_events")
        .select(["dossier_id", "to_status"])
        .select((eb) => eb.fn.min("at").as("first_at"))
        .where(
          "dossier_id",
          "in",
          rows.map((row) => row.id),
        )
        .where("to_status", "in", [8, 9, 10])
        .groupBy(["dossier_id", "to_status"])
        .execute();
      const terminal = new Map<string, TerminalTimes>();
      for (const event of events) {
        const times = terminal.get(event.dossier_id) ?? {};
        const at = new Date(event.first_at as unknown as string | Date);
        if (event.to_status === 9) times.processedAt = at;
        else if (event.to_status === 10) times.returnedAt = at;
        else times.stoppedAt = at;
        terminal.set(event.dossier_id, times);
      }
      for (const row of rows) {
        let calendar = calendars.get(row.agency_id);
        if (!calendar) {
          calendar = await loadWorkingCalendar(trx, { id: row.agency_id });
          calendars.set(row.agency_id, calendar);
        }
        const projected = projectOne(
          [
            decodeState(row.state),
            { amount: Number(row.legal_time_amount), unit: row.legal_time_unit },
            terminal.get(row.id) ?? {},
          ],
          calendar,
          options.now,
        );
        await trx
          .updateTable("dossiers")
          .set({
            timeliness_pending: false,
            timeliness_verdict: projected.verdict,
            timeliness_end_at: projected.endAt,
            timeliness_working_hours: projected.workingHours,
          })
          .where("id", "=", row.id)
          .where("version", "=", row.version)
          .execute();
      }
      return rows.length;
    });
    total += done;
    batches++;
    if (done < batchSize || batches === options.maxBatches) return total;
  }
}
