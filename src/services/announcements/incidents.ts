import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { formatInstant } from "../../domain/calendar/workingCalendar.ts";
import { type ClockMark, clockMark, incidentDueTimes } from "../../domain/operations/incidentClocks.ts";
import type { Actor } from "../accounts/actor.ts";
import { loadWorkingCalendar } from "../calendar/loadCalendar.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";

export interface IncidentView {
  id: string;
  title: string;
  description: string;
  startedAt: string;
  responseDueAt: string;
  fixDueAt: string;
  respondedAt: string | null;
  response: string | null;
  estimatedFixAt: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  responseMark: ClockMark;
  fixMark: ClockMark;
}

type Row = Awaited<ReturnType<typeof findIncident>>;
const findIncident = (db: Kysely<Database>, id: string) =>
  db.selectFrom("incidents").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

const iso = (at: Date | null) => (at === null ? null : formatInstant(at));

export function incidentView(row: Row, now: Date): IncidentView {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    startedAt: formatInstant(row.started_at),
    responseDueAt: formatInstant(row.response_due_at),
    fixDueAt: formatInstant(row.fix_due_at),
    respondedAt: iso(row.responded_at),
    response: row.response,
    estimatedFixAt: iso(row.estimated_fix_at),
    resolvedAt: iso(row.resolved_at),
    resolution: row.resolution,
    responseMark: clockMark({ dueAt: row.response_due_at, doneAt: row.responded_at }, now),
    fixMark: clockMark({ dueAt: row.fix_due_at, doneAt: row.resolved_at }, now),
  };
}

const notFound = () => new NotFoundError({ vi: "Không tìm thấy sự cố", en: "No such incident" });

async function loadIncident(db: Kysely<Database>, id: string): Promise<Row> {
  const row = await db.selectFrom("incidents").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/**
 * Records an incident (R-OPS-2) with its start (now, or an earlier instant when noticed late; never in the future):
 * the reply is due 4 hours later, the fix 8 working hours later on the province's calendar.
 */
export async function recordIncident(
  db: Kysely<Database>,
  command: { actor: Actor; title: string; description: string; startedAt?: Date | undefined; now: Date },
): Promise<IncidentView> {
  const startedAt = command.startedAt ?? command.now;
  if (startedAt.getTime() > command.now.getTime())
    throw new ValidationError([
      {
        field: "startedAt",
        message: {
          vi: "Thời điểm xảy ra sự cố không được ở tương lai",
          en: "The incident cannot start in the future",
        },
      },
    ]);
  const due = incidentDueTimes(await loadWorkingCalendar(db), startedAt);
  const row = await db
    .insertInto("incidents")
    .values({
      title: command.title.trim(),
      description: command.description.trim(),
      started_at: startedAt,
      response_due_at: due.responseDueAt,
      fix_due_at: due.fixDueAt,
      created_by: command.actor.userId,
      created_at: command.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return incidentView(row, command.now);
}

/** The reply with the estimated fix time (R-OPS-2), shown on the status page; it may be updated, the first time stays. */
export async function respondToIncident(
  db: Kysely<Database>,
  command: { id: string; response: string; estimatedFixAt: Date; now: Date },
): Promise<IncidentView> {
  const row = await loadIncident(db, command.id);
  if (row.resolved_at !== null) throw resolvedAlready();
  if (command.estimatedFixAt.getTime() <= command.now.getTime())
    throw new ValidationError([
      {
        field: "estimatedFixAt",
        message: {
          vi: "Thời gian dự kiến khắc phục phải ở tương lai",
          en: "The estimated fix time must be ahead",
        },
      },
    ]);
  await db
    .updateTable("incidents")
    .set({
      response: command.response.trim(),
      estimated_fix_at: command.estimatedFixAt,
      responded_at: row.responded_at ?? command.now,
    })
    .where("id", "=", row.id)
    .execute();
  return incidentView(await findIncident(db, row.id), command.now);
}

export async function resolveIncident(
  db: Kysely<Database>,
  command: { id: string; resolution: string; now: Date },
): Promise<IncidentView> {
  const row = await loadIncident(db, command.id);
  if (row.resolved_at !== null) throw resolvedAlready();
  await db
    .updateTable("incidents")
    .set({ resolution: command.resolution.trim(), resolved_at: command.now })
    .where("id", "=", row.id)
    .execute();
  return incidentView(await findIncident(db, row.id), command.now);
}

const resolvedAlready = () =>
  new ConflictError("INCIDENT_RESOLVED", {
    vi: "Sự cố đã được khắc phục",
    en: "The incident is already resolved",
  });

export async function listIncidents(db: Kysely<Database>, now: Date): Promise<IncidentView[]> {
  const rows = await db
    .selectFrom("incidents")
    .selectAll()
    .orderBy("started_at", "desc")
    .limit(200)
    .execute();
  return rows.map((row) => incidentView(row, now));
}
