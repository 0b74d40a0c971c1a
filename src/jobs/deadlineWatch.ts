import { type Kysely, sql, type Transaction } from "kysely";
import type { DeadlineWatchMark, DeadlineWatchMarks } from "../db/dossierTables.ts";
import type { Database } from "../db/schema.ts";
import type { WorkingCalendar } from "../domain/calendar/types.ts";
import { createWorkingCalendar } from "../domain/calendar/workingCalendar.ts";
import { loadCalendarConfig } from "../services/calendar/loadCalendar.ts";

/**
 * The deadline watch (DESIGN §2 jobs, issue #4): marks dossiers, tasks and consultations "due soon" and "overdue" by
 * appending a `dueSoon` / `overdue` event to the dossier's log and an outbox row, in one transaction with the mark
 * itself, so notifications and escalations (R-RECV-1 "escalates before it passes", R-LATE-1 "at least 1 working day
 * before") read them like any other event.
 *
 * Several processes may run it at once (DESIGN §6): candidates are read in small batches with
 * `FOR UPDATE … SKIP LOCKED`, so a row being handled by one worker is skipped by the others, and the mark is written
 * in the same transaction as the event — once committed, no worker selects that threshold again. The dossier's
 * version is bumped with the same optimistic check as recordDecision (src/services/dossiers/dossierStore.ts), so an
 * officer's screen opened before the mark answers 409 "reload" instead of writing over it.
 */

export type WatchedDeadline = "reception" | "processing" | "task" | "consultation";
export type WatchLevel = "dueSoon" | "overdue";

export interface DeadlineWatchOptions {
  /** DUE_SOON_WORKING_HOURS: "due soon" this many working hours before a deadline, on the agency calendar. */
  dueSoonWorkingHours: number;
  /**
   * The reception deadline is only 8 working hours after submission (R-RECV-1): with the general lead every online
   * dossier would be "due soon" the moment it arrives. Default: the smaller of 4 wh (half the window) and
   * `dueSoonWorkingHours`.
   */
  receptionDueSoonWorkingHours?: number;
  /** Rows per transaction; small so locks are short. */
  batchSize?: number;
}

export type DeadlineWatchCounts = Record<WatchedDeadline, Record<WatchLevel, number>> & {
  /** Events written in this run. */
  total: number;
};

/** Dossiers whose processing clock runs: received (2), processing (4), payment (6), withdrawal asked (7, R-STOP-1). */
const RUNNING_STATUSES = [2, 4, 6, 7];
/** Online dossiers waiting for the counter (R-RECV-1). */
const WAITING_STATUS = 1;
// Supplement (5) is left out on purpose: the applicant holds the dossier and the deadline restarts when the supplement
// is complete (R-SUPP-3); the new deadline is then watched afresh. Finished dossiers (3, 8, 9, 10) are never watched.

const DEFAULT_BATCH_SIZE = 50;
const RECEPTION_DEFAULT_LEAD = 4;

/** The level reached at `now` for a deadline at `dueAt` (exact to the millisecond on the agency calendar). */
export function levelAt(
  calendar: WorkingCalendar,
  now: Date,
  dueAt: Date,
  leadHours: number,
): WatchLevel | null {
  if (now.getTime() >= dueAt.getTime()) return "overdue";
  return calendar.workingHoursBetween(now, dueAt) <= leadHours ? "dueSoon" : null;
}

const RANK: Record<WatchLevel, number> = { dueSoon: 1, overdue: 2 };

/** Calendars by agency, built once per run from one read of the calendar tables (R-CAL-3, R-CAL-4). */
async function loadCalendars(db: Kysely<Database>) {
  const [base, agencies] = await Promise.all([
    loadCalendarConfig(db),
    db.selectFrom("agencies").select(["id", "working_intervals"]).execute(),
  ]);
  const byProfile = new Map<string, WorkingCalendar>();
  const byAgency = new Map<string, WorkingCalendar>();
  const calendarOf = (intervals: typeof base.workingIntervals) => {
    const key = JSON.stringify(intervals);
    let calendar = byProfile.get(key);
    if (!calendar) {
      calendar = createWorkingCalendar({ ...base, workingIntervals: intervals });
      byProfile.set(key, calendar);
    }
    return calendar;
  };
  const fallback = calendarOf(base.workingIntervals);
  for (const agency of agencies)
    byAgency.set(agency.id, calendarOf(agency.working_intervals ?? base.workingIntervals));
  return {
    of: (agencyId: string) => byAgency.get(agencyId) ?? fallback,
    /**
     * The latest deadline that can be "due soon" at `now` on any agency's calendar: `lead` working hours ahead, then
     * on to the next working instant (a deadline at 07:00 Monday is as close as one at 17:00 Friday). Only a filter
     * for the query; each row is decided exactly on its own agency's calendar.
     */
    horizon: (now: Date, lead: number) =>
      new Date(
        Math.max(
          now.getTime(),
          ...[...byProfile.values()].map((calendar) =>
            calendar.normalizeStart(calendar.addWorkingHours(now, lead)).getTime(),
          ),
        ),
      ),
  };
}

interface Candidate {
  kind: WatchedDeadline;
  dossierId: string;
  code: string;
  agencyId: string;
  status: number;
  version: number;
  dueAt: Date;
  /** The level already marked for this very deadline (a moved deadline starts unmarked). */
  marked: WatchLevel | null;
  /** Where the deadline's calendar comes from: the dossier's receiving agency, or the task's/consultation's agency. */
  calendarAgencyId: string;
  marks: DeadlineWatchMarks;
  itemId?: string;
  step?: string | null;
}

interface Cursor {
  dueAt: Date;
  id: string;
}

function markedFor(mark: DeadlineWatchMark | undefined, dueAt: Date): WatchLevel | null {
  return mark && new Date(mark.dueAt).getTime() === dueAt.getTime() ? mark.level : null;
}

/** The rows to look at for one kind of deadline, locked for this transaction; rows locked elsewhere are skipped. */
async function selectBatch(
  trx: Transaction<Database>,
  kind: WatchedDeadline,
  now: Date,
  horizon: Date,
  after: Cursor | null,
  limit: number,
): Promise<(Candidate & { cursorId: string })[]> {
  const afterClause = (due: ReturnType<typeof sql.ref>, id: ReturnType<typeof sql.ref>) =>
    after ? sql`and (${due}, ${id}) > (${after.dueAt}, ${after.id})` : sql``;
  if (kind === "reception" || kind === "processing") {
    const column = sql.ref(kind === "reception" ? "d.reception_due_at" : "d.due_at");
    const statuses = kind === "reception" ? [WAITING_STATUS] : RUNNING_STATUSES;
    const markPath = sql.lit(kind);
    // Not yet marked for this deadline and within the horizon, or marked "due soon" and now past it.
    const { rows } = await sql<{
      id: string;
      code: string;
      agency_id: string;
      status: number;
      version: number;
      due_at: Date;
      deadline_watch: DeadlineWatchMarks;
    }>`
      select d.id, d.code, d.agency_id, d.status, d.version, ${column} as due_at, d.deadline_watch
      from dossiers d
      where d.status in (${sql.join(statuses)})
        and ${column} is not null
        and ${column} <= ${horizon}
        and (
          (d.deadline_watch -> ${markPath} ->> 'dueAt') is null
          or (d.deadline_watch -> ${markPath} ->> 'dueAt')::timestamptz <> ${column}
          or (d.deadline_watch -> ${markPath} ->> 'level' = 'dueSoon' and ${column} <= ${now})
        )
        ${afterClause(column, sql.ref("d.id"))}
      order by ${column}, d.id
      limit ${limit}
      for update of d skip locked`.execute(trx);
    return rows.map((row) => ({
      kind,
      dossierId: row.id,
      code: row.code,
      agencyId: row.agency_id,
      status: row.status,
      version: row.version,
      dueAt: row.due_at,
      marked: markedFor(row.deadline_watch[kind], row.due_at),
      calendarAgencyId: row.agency_id,
      marks: row.deadline_watch,
      cursorId: row.id,
    }));
  }
  const table = kind === "task" ? sql.table("tasks") : sql.table("consultations");
  const open = kind === "task" ? sql`i.status = 'open'` : sql`i.answered_at is null`;
  const step = kind === "task" ? sql`i.step` : sql`null::text`;
  const { rows } = await sql<{
    item_id: string;
    item_agency_id: string;
    step: string | null;
    due_at: Date;
    watch: "due_soon" | "overdue" | null;
    id: string;
    code: string;
    agency_id: string;
    status: number;
    version: number;
  }>`
    select i.id as item_id, i.agency_id as item_agency_id, ${step} as step, i.due_at, i.watch,
      d.id, d.code, d.agency_id, d.status, d.version
    from ${table} i
    join dossiers d on d.id = i.dossier_id
    where ${open}
      and i.due_at is not null
      and i.due_at <= ${horizon}
      and d.status in (${sql.join(RUNNING_STATUSES)})
      and (i.watch is null or (i.watch = 'due_soon' and i.due_at <= ${now}))
      ${afterClause(sql.ref("i.due_at"), sql.ref("i.id"))}
    order by i.due_at, i.id
    limit ${limit}
    for update of i, d skip locked`.execute(trx);
  return rows.map((row) => ({
    kind,
    dossierId: row.id,
    code: row.code,
    agencyId: row.agency_id,
    status: row.status,
    version: row.version,
    dueAt: row.due_at,
    marked: row.watch === "due_soon" ? "dueSoon" : row.watch === "overdue" ? "overdue" : null,
    calendarAgencyId: row.item_agency_id,
    marks: {},
    itemId: row.item_id,
    step: row.step,
    cursorId: row.item_id,
  }));
}

/**
 * Appends one watch event to the dossier's log and its outbox row, bumping the version only if it is still
 * `expectedVersion` (the same check as recordDecision); returns the new version, or nothing when the dossier moved.
 */
async function appendWatchEvent(
  trx: Transaction<Database>,
  candidate: Candidate,
  expectedVersion: number,
  level: WatchLevel,
  now: Date,
): Promise<number | undefined> {
  const marks: DeadlineWatchMarks =
    candidate.kind === "reception" || candidate.kind === "processing"
      ? { ...candidate.marks, [candidate.kind]: { level, dueAt: candidate.dueAt.toISOString() } }
      : candidate.marks;
  const updated = await trx
    .updateTable("dossiers")
    .set({ version: expectedVersion + 1, deadline_watch: JSON.stringify(marks), updated_at: now })
    .where("id", "=", candidate.dossierId)
    .where("version", "=", expectedVersion)
    .returning("version")
    .executeTakeFirst();
  if (!updated) return undefined;
  const sequence = updated.version;
  const payload: Record<string, unknown> = { deadline: candidate.kind, dueAt: candidate.dueAt.toISOString() };
  if (candidate.kind === "task") payload.taskId = candidate.itemId;
  if (candidate.kind === "consultation") payload.consultationId = candidate.itemId;
  await trx
    .insertInto("dossier_events")
    .values({
      dossier_id: candidate.dossierId,
      sequence,
      agency_id: candidate.agencyId,
      type: level,
      at: now,
      actor_user_id: null,
      actor_role: "system",
      from_status: candidate.status,
      to_status: candidate.status,
      step: candidate.step ?? null,
      payload: JSON.stringify(payload),
    })
    .execute();
  await trx
    .insertInto("outbox")
    .values({
      topic: "dossier.event",
      dossier_id: candidate.dossierId,
      event_sequence: sequence,
      payload: JSON.stringify({
        dossierId: candidate.dossierId,
        code: candidate.code,
        sequence,
        type: level,
        from: candidate.status,
        to: candidate.status,
        at: now.toISOString(),
        deadline: candidate.kind,
        dueAt: candidate.dueAt.toISOString(),
      }),
    })
    .execute();
  if (candidate.kind === "task" || candidate.kind === "consultation") {
    const watch = level === "dueSoon" ? "due_soon" : "overdue";
    if (candidate.kind === "task")
      await trx.updateTable("tasks").set({ watch }).where("id", "=", candidate.itemId!).execute();
    else await trx.updateTable("consultations").set({ watch }).where("id", "=", candidate.itemId!).execute();
  }
  return sequence;
}

/**
 * One pass of the watch at `now`. For each deadline that crossed a threshold since it was last marked, writes ONE
 * event — the highest level reached (a dossier found already overdue gets "overdue", not both) — and never the same
 * level twice for the same deadline. Returns how many of each were written.
 */
export async function runDeadlineWatch(
  db: Kysely<Database>,
  now: Date,
  options: DeadlineWatchOptions,
): Promise<DeadlineWatchCounts> {
  const counts: DeadlineWatchCounts = {
    reception: { dueSoon: 0, overdue: 0 },
    processing: { dueSoon: 0, overdue: 0 },
    task: { dueSoon: 0, overdue: 0 },
    consultation: { dueSoon: 0, overdue: 0 },
    total: 0,
  };
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const calendars = await loadCalendars(db);
  const leadOf = (kind: WatchedDeadline) =>
    kind === "reception"
      ? (options.receptionDueSoonWorkingHours ??
        Math.min(RECEPTION_DEFAULT_LEAD, options.dueSoonWorkingHours))
      : options.dueSoonWorkingHours;

  for (const kind of ["reception", "processing", "task", "consultation"] as const) {
    const lead = leadOf(kind);
    const horizon = calendars.horizon(now, lead);
    let after: Cursor | null = null;
    for (;;) {
      const batch = await db.transaction().execute(async (trx) => {
        const rows = await selectBatch(trx, kind, now, horizon, after, batchSize);
        // Tasks of one dossier in the same batch: each event takes the next version.
        const versions = new Map<string, number>();
        for (const candidate of rows) {
          const level = levelAt(calendars.of(candidate.calendarAgencyId), now, candidate.dueAt, lead);
          if (!level || (candidate.marked && RANK[candidate.marked] >= RANK[level])) continue;
          const expected = versions.get(candidate.dossierId) ?? candidate.version;
          const written = await appendWatchEvent(trx, candidate, expected, level, now);
          if (written === undefined) continue;
          versions.set(candidate.dossierId, written);
          counts[kind][level] += 1;
          counts.total += 1;
        }
        return rows;
      });
      if (batch.length < batchSize) break;
      const last = batch[batch.length - 1]!;
      after = { dueAt: last.dueAt, id: last.cursorId };
    }
  }
  return counts;
}
