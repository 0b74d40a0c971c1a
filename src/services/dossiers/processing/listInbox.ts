import type { ExpressionBuilder, Kysely } from "kysely";
import type { Database, Role } from "../../../db/schema.ts";
import type { WorkingCalendar } from "../../../domain/calendar/types.ts";
import { foldVietnamese, searchWords } from "../../../domain/catalog/foldVietnamese.ts";
import { isDueSoon } from "../../../domain/deadlines/dueSoon.ts";
import { type PublicStatus, STATUS_LABELS } from "../../../domain/dossier/status.ts";
import { type Actor, agencyIdsFor, type Grant } from "../../accounts/actor.ts";
import { loadWorkingCalendar } from "../../calendar/loadCalendar.ts";

export const INBOX_BOXES = [
  "toReceive",
  "toProcess",
  "dueSoon",
  "overdue",
  "consultations",
  "toReturn",
] as const;
export type InboxBox = (typeof INBOX_BOXES)[number];

export interface ListInboxInput {
  actor: Actor;
  now: Date;
  box: InboxBox;
  /** A dossier code or an applicant's name, with or without diacritics. */
  query?: string | undefined;
  page: number;
  pageSize: number;
}

/** "Due soon": at most this many working hours left (one working day, R-CAL-5). */
export const DUE_SOON_WORKING_HOURS = 8;
/**
 * The most candidates one box gathers before search, sorting and paging happen here (folding Vietnamese is done in
 * TypeScript so PGlite and every PostgreSQL fold alike, as in catalog search). An officer's boxes hold far fewer.
 */
const CANDIDATE_LIMIT = 5000;
const PROCESSING_ROLES: readonly Role[] = ["specialist", "unit_head", "agency_leader"];

type Db = Database & { d: Database["dossiers"]; t: Database["tasks"] };

const iso = (value: Date | null | undefined) => (value ? value.toISOString() : null);

/**
 * An officer's inbox (issue #4): the dossiers waiting for them, by box — to receive (status 1) and to return
 * (status 9) at their counter; to process (open steps given to them, their role or their unit, R-PROC-1, and at the
 * counter the dossiers waiting there in status 2, 5, 6 or 7); due soon
 * and overdue among the dossiers they are responsible for; consultations addressed to their agency or unit
 * (R-PROC-3). Sorted by the box's due instant, with the working hours left on the agency calendar (R-CAL-5).
 */
export async function listInbox(db: Kysely<Database>, input: ListInboxInput) {
  const { actor, now, box } = input;
  const grants = actor.grants.filter((grant) => grant.agencyId !== null);
  const counterAgencies = agencyIdsFor(actor, ["counter_officer"]);
  const leaderAgencies = agencyIdsFor(actor, ["agency_leader"]);
  const headAgencies = agencyIdsFor(actor, ["unit_head"]);
  const processing = grants.filter((grant) => PROCESSING_ROLES.includes(grant.role));

  let query = db
    .selectFrom("dossiers as d")
    .innerJoin("procedures as p", "p.id", "d.procedure_id")
    .leftJoin("tasks as t", (join) => join.onRef("t.dossier_id", "=", "d.id").on("t.status", "=", "open"))
    .leftJoin("consultations as c", (join) =>
      box === "consultations"
        ? join.onRef("c.dossier_id", "=", "d.id").on("c.answered_at", "is", null)
        : join.onRef("c.dossier_id", "=", "d.id").on((eb) => eb.val(false)),
    )
    .leftJoin("agencies as ca", "ca.id", "c.agency_id")
    .select([
      "d.id",
      "d.code",
      "d.version",
      "d.status",
      "d.internal_step",
      "d.applicant_name",
      "d.agency_id",
      "d.deciding_agency_id",
      "d.due_at",
      "d.received_at",
      "d.reception_due_at",
      "p.code as procedure_code",
      "p.name as procedure_name",
      "t.id as task_id",
      "t.step as task_step",
      "t.role as task_role",
      "t.unit_id as task_unit_id",
      "t.assignee_id as task_assignee_id",
      "t.due_at as task_due_at",
      "c.id as consultation_id",
      "c.question as consultation_question",
      "c.requested_at as consultation_requested_at",
      "c.due_at as consultation_due_at",
      "c.agency_id as consultation_agency_id",
      "ca.name as consultation_from",
    ])
    // Issue #18 (R-STATUS-4): a sector system's dossier is never actionable here.
    .where("d.sector_system_id", "is", null)
    .limit(CANDIDATE_LIMIT);

  const none = (eb: ExpressionBuilder<Db, "d" | "t">) => eb.val(false);
  const taskIsMine = (eb: ExpressionBuilder<Db, "d" | "t">) =>
    eb.or([
      eb("t.assignee_id", "=", actor.userId),
      ...processing
        .concat(grants.filter((g) => g.role === "counter_officer"))
        .map((grant) => grantTask(eb, grant)),
    ]);

  switch (box) {
    case "toReceive":
      query = query.where("d.status", "=", 1).where((eb) => inList(eb, "d.agency_id", counterAgencies));
      break;
    case "toReturn":
      query = query.where("d.status", "=", 9).where((eb) => inList(eb, "d.agency_id", counterAgencies));
      break;
    case "toProcess":
      query = query.where((eb) =>
        eb.or([
          eb.and([
            eb("d.status", "=", 4),
            eb.or([
              eb.and([eb("t.id", "is not", null), taskIsMine(eb as never)]),
              // A dossier transferred before any task was opened waits for its first step's role (R-PROC-1).
              eb.and([
                eb("t.id", "is", null),
                eb("d.internal_step", "=", "awaitingAssignment"),
                inList(eb, "d.deciding_agency_id", headAgencies),
              ]),
            ]),
          ]),
          // What waits at the counter between reception and return: a received dossier to transfer (R-XFER-1), a
          // supplement to receive (R-SUPP-1), a payment to confirm, a withdrawal to confirm (R-STOP-1).
          eb.and([eb("d.status", "in", [2, 5, 6, 7]), inList(eb, "d.agency_id", counterAgencies)]),
        ]),
      );
      break;
    case "dueSoon":
    case "overdue": {
      query = query
        .where("d.status", "in", [2, 4, 6])
        .where("d.due_at", "is not", null)
        .where((eb) =>
          eb.or([
            inList(eb, "d.agency_id", counterAgencies),
            inList(eb, "d.deciding_agency_id", leaderAgencies),
            eb.and([eb("t.id", "is not", null), taskIsMine(eb as never)]),
            // A unit head watches every step of their unit, whoever holds it.
            ...grants
              .filter((grant) => grant.role === "unit_head")
              .map((grant) =>
                eb.and([
                  eb("t.agency_id", "=", grant.agencyId!),
                  ...(grant.unitId ? [eb("t.unit_id", "=", grant.unitId)] : []),
                ]),
              ),
            none(eb as never),
          ]),
        );
      const [from, until] =
        box === "overdue" ? [null, now] : [now, new Date(now.getTime() + 14 * 86_400_000)];
      query = until ? query.where("d.due_at", "<", until) : query;
      query = from ? query.where("d.due_at", ">=", from) : query;
      // Issue #21: the officer's agencies first. The condition above mixes the dossier's agencies with its open
      // task's, so no index serves it and the box read every open dossier of the province in the window; the same
      // dossiers are first gathered through indexes by agency (migration 0040 for the receiving agency, 0010 for the
      // deciding one, the open tasks' indexes for the steps), then the condition above keeps exactly the same rows.
      const taskAgencies = [
        ...new Set(
          processing.concat(grants.filter((g) => g.role === "counter_officer")).map((g) => g.agencyId!),
        ),
      ];
      query = query.where((eb) => {
        const openDue = (column: "o.agency_id" | "o.deciding_agency_id", agencies: readonly string[]) => {
          let branch = eb
            .selectFrom("dossiers as o")
            .select("o.id")
            .where("o.status", "in", [2, 4, 6])
            .where(column, "in", agencies)
            .where("o.due_at", "<", until);
          if (from) branch = branch.where("o.due_at", ">=", from);
          return branch;
        };
        const tasks = eb
          .selectFrom("tasks as ot")
          .select("ot.dossier_id as id")
          .where("ot.status", "=", "open")
          .where((inner) =>
            inner.or([
              inner("ot.assignee_id", "=", actor.userId),
              ...(taskAgencies.length > 0 ? [inner("ot.agency_id", "in", taskAgencies)] : []),
            ]),
          );
        let candidates = tasks;
        if (counterAgencies.length > 0)
          candidates = candidates.unionAll(openDue("o.agency_id", counterAgencies));
        if (leaderAgencies.length > 0)
          candidates = candidates.unionAll(openDue("o.deciding_agency_id", leaderAgencies));
        return eb("d.id", "in", candidates);
      });
      break;
    }
    case "consultations":
      query = query
        .where("c.id", "is not", null)
        .where((eb) =>
          eb.or([
            ...processing.map((grant) =>
              eb.and([
                eb("c.to_agency_id", "=", grant.agencyId!),
                ...(grant.unitId
                  ? [eb.or([eb("c.to_unit_id", "is", null), eb("c.to_unit_id", "=", grant.unitId)])]
                  : []),
              ]),
            ),
            eb.val(false),
          ]),
        );
      break;
  }

  const rows = await query.execute();
  const words = input.query ? searchWords(input.query) : [];
  const calendars = new Map<string, Promise<WorkingCalendar>>();
  const calendarOf = (agencyId: string) => {
    if (!calendars.has(agencyId)) calendars.set(agencyId, loadWorkingCalendar(db, { id: agencyId }));
    return calendars.get(agencyId)!;
  };

  const items = [];
  for (const row of rows) {
    if (words.length > 0) {
      const haystack = `${foldVietnamese(row.code)} ${foldVietnamese(row.applicant_name)}`;
      if (!words.every((word) => haystack.includes(word))) continue;
    }
    const [dueAt, calendarAgency] = primaryDue(box, row);
    const remaining = dueAt
      ? Math.round((await calendarOf(calendarAgency)).workingHoursBetween(now, dueAt) * 100) / 100
      : null;
    if (box === "dueSoon") {
      // Issue #19: due soon relative to the span the deadline closes (from acceptance), at most the general lead.
      const span =
        dueAt && row.received_at
          ? (await calendarOf(calendarAgency)).workingHoursBetween(row.received_at, dueAt)
          : Number.NaN;
      if (remaining === null || !isDueSoon(remaining, span, DUE_SOON_WORKING_HOURS)) continue;
    }
    const status = row.status as PublicStatus;
    items.push({
      id: row.id,
      code: row.code,
      version: row.version,
      procedure: { code: row.procedure_code, name: row.procedure_name },
      applicantName: row.applicant_name,
      status,
      statusLabel: STATUS_LABELS[status],
      internalStep: row.internal_step,
      dueAt: iso(dueAt),
      remainingWorkingHours: remaining,
      overdue: dueAt !== null && dueAt < now,
      dossierDueAt: iso(row.due_at),
      receptionDueAt: iso(row.reception_due_at),
      task: row.task_id
        ? {
            id: row.task_id,
            step: row.task_step!,
            role: row.task_role!,
            unitId: row.task_unit_id,
            assigneeId: row.task_assignee_id,
            dueAt: iso(row.task_due_at),
          }
        : null,
      consultation: row.consultation_id
        ? {
            id: row.consultation_id,
            question: row.consultation_question!,
            fromAgency: row.consultation_from!,
            requestedAt: iso(row.consultation_requested_at)!,
            dueAt: iso(row.consultation_due_at)!,
          }
        : null,
    });
  }
  items.sort(
    (a, b) =>
      (a.dueAt ?? "\uffff").localeCompare(b.dueAt ?? "\uffff") ||
      a.code.localeCompare(b.code) ||
      (a.consultation?.id ?? "").localeCompare(b.consultation?.id ?? ""),
  );
  const start = (input.page - 1) * input.pageSize;
  return {
    box,
    total: items.length,
    page: input.page,
    pageSize: input.pageSize,
    items: items.slice(start, start + input.pageSize),
  };
}

export type InboxPage = Awaited<ReturnType<typeof listInbox>>;

type CandidateRow = {
  due_at: Date | null;
  reception_due_at: Date | null;
  task_due_at: Date | null;
  consultation_due_at: Date | null;
  agency_id: string;
  deciding_agency_id: string;
  consultation_agency_id: string | null;
};

/** The instant a box is about, and whose calendar counts the time left to it. */
function primaryDue(box: InboxBox, row: CandidateRow): [Date | null, string] {
  switch (box) {
    case "toReceive":
      return [row.reception_due_at, row.agency_id];
    case "toReturn":
      return [row.due_at, row.agency_id];
    case "toProcess":
      return [row.task_due_at ?? row.due_at, row.deciding_agency_id];
    case "consultations":
      return [row.consultation_due_at, row.consultation_agency_id ?? row.deciding_agency_id];
    default:
      return [row.due_at, row.deciding_agency_id];
  }
}

/** An unassigned open task addressed to the grant's role in its agency and unit (a whole-agency grant covers all). */
function grantTask(eb: ExpressionBuilder<Db, "d" | "t">, grant: Grant) {
  return eb.and([
    eb("t.assignee_id", "is", null),
    eb("t.agency_id", "=", grant.agencyId!),
    eb("t.role", "=", grant.role),
    ...(grant.unitId ? [eb.or([eb("t.unit_id", "is", null), eb("t.unit_id", "=", grant.unitId)])] : []),
  ]);
}

// biome-ignore lint/suspicious/noExplicitAny: a column reference of any of the joined tables
function inList(eb: ExpressionBuilder<any, any>, column: string, values: readonly string[]) {
  return values.length === 0 ? eb.val(false) : eb(column, "in", values);
}
