import type { Kysely } from "kysely";
import { idIsAnyOf } from "../../db/anyOf.ts";
import type { Database } from "../../db/schema.ts";
import type { WorkingCalendar } from "../../domain/calendar/types.ts";
import { classifyTimeliness, type Timeliness } from "../../domain/deadlines/timeliness.ts";
import { loadWorkingCalendar } from "../calendar/loadCalendar.ts";
import { decodeState } from "../dossiers/stateCodec.ts";
import {
  appointmentMovedBySupplement,
  type TerminalTimes,
  timelinessInputOf,
} from "../statistics/timelinessInput.ts";

/**
 * R-KPI-4 for given dossiers as known at `periodEnd`, with the statistics' own input mapping
 * (`timelinessInputOf`: terminal times from the event log, appraisal-stage supplements only), so the 766 index and
 * the dashboard read every dossier the same way. Used for the dossiers still open at a period's end (which the
 * stored projection, made "as of now", cannot answer) and to say why a dossier lost points.
 */
export interface ClassifiedDossier {
  id: string;
  /** The first terminal time of any kind (before the period's end or not): was the dossier finished already? */
  firstTerminalAt: Date | undefined;
  timeliness: Timeliness;
}

export async function classifyAtPeriodEnd(
  db: Kysely<Database>,
  dossierIds: readonly string[],
  periodEnd: Date,
): Promise<ClassifiedDossier[]> {
  if (dossierIds.length === 0) return [];
  const rows = await db
    .selectFrom("dossiers")
    .select(["id", "agency_id", "legal_time_amount", "legal_time_unit", "state"])
    .where(idIsAnyOf("id", dossierIds))
    .execute();
  const events = await db
    .selectFrom("dossier_events")
    .select(["dossier_id", "to_status"])
    .select((eb) => eb.fn.min("at").as("first_at"))
    .where(idIsAnyOf("dossier_id", dossierIds))
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
  const calendars = new Map<string, WorkingCalendar>();
  const classified: ClassifiedDossier[] = [];
  for (const row of rows) {
    let calendar = calendars.get(row.agency_id);
    if (calendar === undefined) {
      calendar = await loadWorkingCalendar(db, { id: row.agency_id });
      calendars.set(row.agency_id, calendar);
    }
    const state = decodeState(row.state);
    const times = terminal.get(row.id) ?? {};
    const input = timelinessInputOf(
      state,
      { amount: Number(row.legal_time_amount), unit: row.legal_time_unit },
      times,
    );
    const firsts = [times.processedAt, times.returnedAt, times.stoppedAt].filter(
      (at): at is Date => at !== undefined,
    );
    classified.push({
      id: row.id,
      firstTerminalAt:
        firsts.length === 0 ? undefined : new Date(Math.min(...firsts.map((at) => at.getTime()))),
      timeliness: classifyTimeliness(input, {
        calendar,
        periodEnd,
        subtractSupplementTimeFromAppointment: !appointmentMovedBySupplement(state),
      }),
    });
  }
  return classified;
}
