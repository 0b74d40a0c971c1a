import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import { bindSlots, compiledOnce, slot } from "../../db/compiledOnce.ts";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { WorkingCalendar } from "../../domain/calendar/types.ts";
import type { Actor as DomainActor } from "../../domain/dossier/actor.ts";
import type { DossierCommand } from "../../domain/dossier/commands.ts";
import { type DecisionContext, decide } from "../../domain/dossier/decide.ts";
import type { RuleOptions } from "../../domain/options/ruleOptions.ts";
import { decisionSettingsOf } from "../../domain/options/ruleOptions.ts";
import { calendarColumnsSql, knownCalendarStamp, workingCalendarOf } from "../calendar/loadCalendar.ts";
import { NotFoundError } from "../errors.ts";
import { PROVINCE_RULE_OPTIONS_KEY, ruleOptionsOfStored } from "../options/ruleOptions.ts";
import { refuseIfSectorHandled } from "../sector/sectorGuard.ts";
import {
  type DossierRecord,
  type DossierRow,
  type EventAuthor,
  recordDecision,
  refusalError,
  staleDossierError,
} from "./dossierStore.ts";
import type { TaskRow } from "./processing/workflowTasks.ts";
import { decodeState } from "./stateCodec.ts";

export type ExistingDossierCommand = Exclude<DossierCommand, { type: "submitOnline" | "intakePaper" }>;

export interface DossierCommandInput {
  dossierId: string;
  command: ExistingDossierCommand;
  /** The role the caller acts in for the rules (R-STATUS-5) and who they are. */
  actor: DomainActor;
  author: EventAuthor;
  now: Date;
  /** The version the caller saw; a different current version answers 409 (a stale screen). */
  expectedVersion?: number | undefined;
  /**
   * May this caller act on this dossier at all? Throws: NotFoundError for those who may not know it exists (a
   * citizen and someone else's dossier), ForbiddenError for an officer outside its scope.
   */
  authorize: (row: DossierRow) => void;
  /**
   * Writes that belong to the same change (tasks, files, consultations), in the same transaction; given the decision
   * context already loaded, so they need not read the calendar again.
   */
  alongside?: (trx: Transaction<Database>, record: DossierRecord, context: DecisionContext) => Promise<void>;
  /** Where the dossier now sits inside the agency, for inboxes. */
  placement?: Partial<Pick<DossierRow, "current_unit_id" | "current_assignee_id">>;
}

export function dossierNotFound(): NotFoundError {
  return new NotFoundError({ vi: "Không tìm thấy hồ sơ", en: "No such dossier" });
}

/** The rules' context for a dossier: its receiving agency's calendar and its own legal time (R-LAW-2). */
export async function decisionContextOf(db: Kysely<Database>, row: DossierRow): Promise<DecisionContext> {
  const inputs = await decisionInputsOf(db, { agencyId: row.agency_id, offeringId: row.offering_id });
  return contextOf(row, inputs.calendar, inputs.options);
}

/**
 * The subselects of what the rules decide with, beside the dossier (issue #21: read in the caller's one statement
 * instead of six round trips): the agency's working intervals, the calendar's stamp and — only when this process has
 * not built from that stamp yet — its years and days (R-CAL-3, R-CAL-4; migration 0044), and the province's and the
 * offering's rule options (issue #12 §6). The agency and the offering are given as SQL: a parameter, or the dossier's
 * own column. The statement's `calendarKnown` slot takes knownCalendarStamp().
 */
function contextColumns(agency: RawBuilder<unknown>, offering: RawBuilder<unknown>) {
  const calendar = calendarColumnsSql(sql`${slot("calendarKnown")}`);
  return [
    sql<string | null>`(select working_intervals::text from agencies where id = ${agency})`.as(
      "context_intervals",
    ),
    calendar.stamp.as("context_calendar_stamp"),
    calendar.rows.as("context_calendar_rows"),
    sql<unknown>`(select value from settings where key = ${PROVINCE_RULE_OPTIONS_KEY})`.as(
      "context_province",
    ),
    sql<unknown>`(select options from offering_rule_options where offering_id = ${offering})`.as(
      "context_offering",
    ),
  ] as const;
}

interface ContextColumns {
  context_intervals: string | null;
  context_calendar_stamp: string;
  context_calendar_rows: string | null;
  context_province: unknown;
  context_offering: unknown;
}

/** The calendar (built once per stamp and intervals) and the rule options in force (offering ?? province ?? default). */
async function contextOfColumns(
  db: Kysely<Database>,
  found: ContextColumns,
): Promise<{ calendar: WorkingCalendar; options: RuleOptions }> {
  return {
    calendar: await workingCalendarOf(
      db,
      found.context_intervals,
      found.context_calendar_stamp,
      found.context_calendar_rows,
    ),
    options: ruleOptionsOfStored(found.context_province, found.context_offering).options,
  };
}

/**
 * What the rules decide with for a new dossier, in one statement: the agency's code, its working calendar and the
 * offering's rule options. An unknown agency is a 404, as loadWorkingCalendar answers.
 */
export async function decisionInputsOf(
  db: Kysely<Database>,
  ids: { agencyId: string; offeringId: string },
): Promise<{ agencyCode: string; calendar: WorkingCalendar; options: RuleOptions }> {
  // Issue #21: built and compiled once per process (compiledOnce), run with this agency and offering.
  const query = compiledOnce("decisionInputsOf", db, (db) =>
    db.selectNoFrom([
      sql<string | null>`(select code from agencies where id = ${slot("agencyId")})`.as("agency_code"),
      ...contextColumns(sql`${slot("agencyId")}`, sql`${slot("offeringId")}`),
    ]),
  );
  const found = (await db.executeQuery(bindSlots(query, { ...ids, calendarKnown: knownCalendarStamp() })))
    .rows[0]!;
  if (found.agency_code === null)
    throw new NotFoundError({
      vi: `Không tìm thấy cơ quan có mã ${ids.agencyId}`,
      en: `No agency with code ${ids.agencyId}`,
    });
  return { agencyCode: found.agency_code, ...(await contextOfColumns(db, found)) };
}

/** The dossier's row with `contextColumns` beside it: the statement both readers below start from. */
function dossierWithContext(db: Kysely<Database>, id: string) {
  return db
    .selectFrom("dossiers")
    .selectAll("dossiers")
    .select(contextColumns(sql.ref("dossiers.agency_id"), sql.ref("dossiers.offering_id")))
    .where("dossiers.id", "=", id);
}

/** The record and the rules' context from such a row (its `context_…` columns taken off the dossier's). */
async function recordAndContext(
  db: Kysely<Database>,
  found: DossierRow & ContextColumns,
): Promise<{
  record: DossierRecord;
  context: DecisionContext;
}> {
  const {
    context_intervals,
    context_calendar_stamp,
    context_calendar_rows,
    context_province,
    context_offering,
    ...row
  } = found;
  const { calendar, options } = await contextOfColumns(db, found);
  return { record: { row, state: decodeState(row.state) }, context: contextOf(row, calendar, options) };
}

/**
 * The dossier and its rules' context in one statement (issue #21): the row and `contextColumns` — what findDossier
 * and decisionContextOf read in six round trips. The same rows are read in the same transaction, so the rules see
 * exactly what they saw before; only the number of round trips changes.
 */
export async function findDossierForCommand(
  db: Kysely<Database>,
  id: string,
): Promise<{ record: DossierRecord; context: DecisionContext } | undefined> {
  // Issue #21: built and compiled once per process (compiledOnce), run with this dossier's id.
  const query = compiledOnce("findDossierForCommand", db, (db) => dossierWithContext(db, slot("id")));
  const found = (await db.executeQuery(bindSlots(query, { id, calendarKnown: knownCalendarStamp() })))
    .rows[0];
  return found && recordAndContext(db, found);
}

/** The task columns read beside the dossier by {@link findDossierWithOpenTask}, each under `open_task_…`. */
const OPEN_TASK_COLUMNS = [
  "open_task.id as open_task_id",
  "open_task.dossier_id as open_task_dossier_id",
  "open_task.agency_id as open_task_agency_id",
  "open_task.step as open_task_step",
  "open_task.unit_id as open_task_unit_id",
  "open_task.role as open_task_role",
  "open_task.assignee_id as open_task_assignee_id",
  "open_task.status as open_task_status",
  "open_task.created_at as open_task_created_at",
  "open_task.due_at as open_task_due_at",
  "open_task.completed_at as open_task_completed_at",
  "open_task.outcome as open_task_outcome",
  "open_task.handed_over_by as open_task_handed_over_by",
  "open_task.watch as open_task_watch",
] as const;

/** The dossier with its context and its open task (the newest open one) beside it, each task column as `open_task_…`. */
function dossierWithOpenTask(db: Kysely<Database>, id: string) {
  return dossierWithContext(db, id)
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("tasks")
          .selectAll("tasks")
          .whereRef("tasks.dossier_id", "=", "dossiers.id")
          .where("tasks.status", "=", "open")
          .orderBy("tasks.created_at", "desc")
          .limit(1)
          .as("open_task"),
      (join) => join.onTrue(),
    )
    .select(OPEN_TASK_COLUMNS);
}

/**
 * findDossierForCommand and the dossier's open task (what `findOpenTask` reads: the newest open one) in the same
 * statement, for the processing commands (issue #21: one round trip fewer per step). `openTask` is null when the
 * dossier has no open task. Read in the same transaction as before, before any write of the command.
 */
export async function findDossierWithOpenTask(
  db: Kysely<Database>,
  id: string,
): Promise<{ record: DossierRecord; context: DecisionContext; openTask: TaskRow | null } | undefined> {
  // Issue #21: built and compiled once per process (compiledOnce), run with this dossier's id.
  const query = compiledOnce("findDossierWithOpenTask", db, (db) => dossierWithOpenTask(db, slot("id")));
  const found = (await db.executeQuery(bindSlots(query, { id, calendarKnown: knownCalendarStamp() })))
    .rows[0];
  if (!found) return undefined;
  const {
    open_task_id,
    open_task_dossier_id,
    open_task_agency_id,
    open_task_step,
    open_task_unit_id,
    open_task_role,
    open_task_assignee_id,
    open_task_status,
    open_task_created_at,
    open_task_due_at,
    open_task_completed_at,
    open_task_outcome,
    open_task_handed_over_by,
    open_task_watch,
    ...dossier
  } = found;
  const openTask: TaskRow | null =
    open_task_id === null
      ? null
      : {
          id: open_task_id,
          dossier_id: open_task_dossier_id!,
          agency_id: open_task_agency_id!,
          step: open_task_step!,
          unit_id: open_task_unit_id,
          role: open_task_role!,
          assignee_id: open_task_assignee_id,
          status: open_task_status!,
          created_at: open_task_created_at!,
          due_at: open_task_due_at,
          completed_at: open_task_completed_at,
          outcome: open_task_outcome,
          handed_over_by: open_task_handed_over_by,
          watch: open_task_watch,
        };
  return { ...(await recordAndContext(db, dossier)), openTask };
}

function contextOf(
  row: DossierRow,
  calendar: DecisionContext["calendar"],
  options: Parameters<typeof decisionSettingsOf>[0],
): DecisionContext {
  return {
    calendar,
    legalTime: { amount: row.legal_time_amount, unit: row.legal_time_unit, kind: row.legal_time_kind },
    ...decisionSettingsOf(options),
  };
}

/**
 * The heart of every command: the pure rules decide on the loaded dossier, then the new state, its event (with the
 * use case's own `details` beside the rule's payload: who was assigned, which file…) and the outbox rows are
 * written in the caller's transaction. A refusal of the rules is a 409 and writes nothing.
 */
export async function decideAndRecord(
  trx: Transaction<Database>,
  record: DossierRecord,
  input: {
    command: ExistingDossierCommand;
    actor: DomainActor;
    author: EventAuthor;
    now: Date;
    context?: DecisionContext | undefined;
    details?: Record<string, unknown> | undefined;
    placement?: DossierCommandInput["placement"];
  },
): Promise<DossierRecord> {
  // Issue #18 (R-STATUS-4): refused before the rules speak, so the officer reads why.
  refuseIfSectorHandled(record.row);
  const context = input.context ?? (await decisionContextOf(trx, record.row));
  const decision = decide(record.state, input.command, input.actor, input.now, context);
  if (!decision.ok) throw refusalError(decision.refusal);
  const details = input.details;
  const events = details
    ? decision.events.map((event) => ({ ...event, payload: { ...details, ...event.payload } }))
    : decision.events;
  return recordDecision(trx, record, { ...decision, events }, input.author, input.placement);
}

/**
 * One command on an existing dossier (DESIGN §2): load it, let the pure rules decide, then write the new state, its
 * event and outbox rows, and whatever belongs with them — all in one transaction, or nothing at all.
 */
export async function runDossierCommand(
  db: Kysely<Database>,
  input: DossierCommandInput,
): Promise<DossierRecord> {
  return inTransaction(db, async (trx) => {
    const found = await findDossierForCommand(trx, input.dossierId);
    if (!found) throw dossierNotFound();
    const { record, context } = found;
    input.authorize(record.row);
    if (input.expectedVersion !== undefined && input.expectedVersion !== record.row.version)
      throw staleDossierError();
    const updated = await decideAndRecord(trx, record, { ...input, context });
    if (input.alongside) await input.alongside(trx, updated, context);
    return updated;
  });
}
