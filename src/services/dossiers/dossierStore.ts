import {
  type Compilable,
  type CompiledQuery,
  type Insertable,
  type Kysely,
  NoResultError,
  type QueryNode,
  type Selectable,
  type Transaction,
} from "kysely";
import { bindSlots, compiledOnce, slot, slotted } from "../../db/compiledOnce.ts";
import type { DossierEventsTable, DossiersTable } from "../../db/dossierTables.ts";
import type { Database } from "../../db/schema.ts";
import type { Decision } from "../../domain/dossier/decide.ts";
import type { DossierState } from "../../domain/dossier/dossierState.ts";
import type { DomainEvent } from "../../domain/dossier/events.ts";
import type { Refusal } from "../../domain/refusal.ts";
import { ConflictError, ForbiddenError } from "../errors.ts";
import { enterInRegister } from "../register/enterInRegister.ts";
import { refuseIfSectorHandled } from "../sector/sectorGuard.ts";
import { decodeState, encodeState } from "./stateCodec.ts";

export type DossierRow = Selectable<DossiersTable>;

export interface DossierRecord {
  row: DossierRow;
  state: DossierState;
}

type Accepted = Extract<Decision, { ok: true }>;

/** Who wrote an event: the account (null for jobs and integrations) and the role it acted in. */
export interface EventAuthor {
  userId: string | null;
  role: string;
}

export async function findDossier(db: Kysely<Database>, id: string): Promise<DossierRecord | undefined> {
  const row = await db.selectFrom("dossiers").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? { row, state: decodeState(row.state) } : undefined;
}

/** Refusals that say who may act rather than what the dossier's state allows. */
const ROLE_REFUSALS: ReadonlySet<string> = new Set(["ROLE_NOT_ALLOWED", "NOT_DOSSIER_APPLICANT"]);

/**
 * A refusal of the rules as the error the HTTP layer answers with (DESIGN §7): 403 when the role may not act, 409
 * when the dossier's state forbids the command.
 */
export function refusalError(refusal: Refusal): ConflictError | ForbiddenError {
  if (ROLE_REFUSALS.has(refusal.code)) return new ForbiddenError(refusal.message, refusal.code);
  return new ConflictError(refusal.code, refusal.message);
}

/** The columns inboxes, lookups and reports filter on, kept equal to the state they come from. */
export function dossierProjection(state: DossierState, previous?: DossierRow) {
  const finishedNow = [3, 8, 9, 10].includes(state.status);
  return {
    status: state.status,
    internal_step: state.internalStep ?? null,
    reception_due_at: state.receptionDueAt ?? null,
    received_at: state.receivedAt ?? null,
    due_at: state.dueAt ?? null,
    original_due_at: state.originalDueAt ?? null,
    extended_due_at: state.extendedDueAt ?? null,
    // NgayKetThucXuLy: the first time processing ended (result issued, refusal or stop), never moved afterwards.
    finished_at:
      previous?.finished_at ?? (finishedNow ? (state.result?.issuedAt ?? state.lastChangedAt) : null),
    returned_at: state.status === 10 ? state.lastChangedAt : (previous?.returned_at ?? null),
    closed_at: state.closedAt ?? null,
    // The state changed: its R-KPI-4 classification must be computed again (src/services/statistics, issue #8).
    timeliness_pending: true,
    state: encodeState(state),
  };
}

/** The `dossier_events` row of one event: every writer of events (commands, the demo history) stores them alike. */
export function eventRowOf(
  dossier: { id: string; agency_id: string },
  sequence: number,
  event: StoredEvent,
  author: EventAuthor,
): Insertable<DossierEventsTable> {
  return {
    dossier_id: dossier.id,
    sequence,
    agency_id: dossier.agency_id,
    type: event.type,
    at: event.at,
    actor_user_id: author.userId,
    actor_role: author.role,
    from_status: event.from,
    to_status: event.to,
    step: typeof event.payload.step === "string" ? event.payload.step : null,
    payload: JSON.stringify(event.payload),
  };
}

/** An event as the log stores it: the domain's, or one reported by a sector system (issue #18). */
export type StoredEvent = Pick<DomainEvent, "from" | "to" | "at" | "payload"> & { type: string };

export async function appendEvents(
  trx: Transaction<Database>,
  row: { id: string; code: string; agency_id: string },
  firstSequence: number,
  events: readonly StoredEvent[],
  author: EventAuthor,
  options: { outbox?: boolean } = {},
): Promise<void> {
  if (events.length === 0) return;
  const eventRows = events.map((event, index) => eventRowOf(row, firstSequence + index, event, author));
  // One outbox message per event, for notifications, national-portal sync and report rollups (DESIGN §2 jobs). The
  // events and their messages go in one statement (issue #21: one round trip fewer per command); both inserts are
  // part of it, so either both rows exist or the statement fails.
  // Issue #21: each shape of these inserts (how many rows, which columns) is built and compiled once per process.
  const bound: Record<string, unknown> = {};
  const eventSlots = eventRows.map((eventRow, index) => slotted(`e${index}.`, eventRow, bound));
  let key = `appendEvents:${eventSlots.map((one) => one.shape).join("|")}`;
  if (options.outbox !== false) {
    const outboxSlots = outboxRows(row, firstSequence, events).map((message, index) =>
      slotted(`o${index}.`, message, bound),
    );
    key += `:outbox:${outboxSlots.map((one) => one.shape).join("|")}`;
    const query = compiledOnce(key, trx, (db) =>
      db
        .with("written_events", (db) =>
          db.insertInto("dossier_events").values(eventSlots.map((one) => one.slots)),
        )
        .insertInto("outbox")
        .values(outboxSlots.map((one) => one.slots)),
    );
    await trx.executeQuery(bindSlots(query, bound));
    return;
  }
  const query = compiledOnce(key, trx, (db) =>
    db.insertInto("dossier_events").values(eventSlots.map((one) => one.slots)),
  );
  await trx.executeQuery(bindSlots(query, bound));
}

/** The outbox messages of a dossier's events (DESIGN §2 jobs): one per event, carrying the dossier's code. */
export function outboxRows(
  row: { id: string; code: string },
  firstSequence: number,
  events: readonly StoredEvent[],
) {
  return events.map((event, index) => ({
    topic: "dossier.event",
    dossier_id: row.id,
    event_sequence: firstSequence + index,
    payload: JSON.stringify(outboxPayloadOf(row, firstSequence + index, event)),
  }));
}

export type NewDossier = Omit<
  Insertable<DossiersTable>,
  | "state"
  | "version"
  | "status"
  | "internal_step"
  | "reception_due_at"
  | "received_at"
  | "due_at"
  | "original_due_at"
  | "extended_due_at"
  | "finished_at"
  | "returned_at"
  | "closed_at"
>;

/** Writes a new dossier with the events that created it, in the caller's transaction. */
export async function insertDossier(
  trx: Transaction<Database>,
  // The id is the caller's (not the database's default): the events' outbox messages carry it.
  values: NewDossier & { id: string },
  decision: Accepted,
  author: EventAuthor,
  options: { outbox?: boolean } = {},
): Promise<DossierRecord> {
  // Issue #21: built and compiled once per process for each set of columns written, run with these values.
  const bound: Record<string, unknown> = {};
  const written = slotted(
    "",
    { ...values, ...dossierProjection(decision.state), version: decision.events.length },
    bound,
  );
  // With `outbox: false` the caller writes the events' outbox messages itself, once the code is known (issue #21).
  const outbox = options.outbox !== false;
  // Issue #21: the events (and their outbox messages) in the insert's own statement, one round trip fewer.
  const query = compiledOnce(`insertDossier:${outbox}:${written.shape}`, trx, (db) =>
    withEventsAndOutbox(db.insertInto("dossiers").values(written.slots).returningAll().compile(), outbox),
  );
  bindEventsAndOutbox(bound, { id: values.id, code: values.code }, 1, decision.events, author, outbox);
  const row = (await trx.executeQuery(bindSlots(query, bound))).rows[0];
  if (!row) throw new NoResultError(query.query as QueryNode);
  // Received on the spot (paper, national portal): entered in the Sổ theo dõi in the same transaction (R-FORM-6).
  if (row.received_at) await enterInRegister(trx, { ...row, received_at: row.received_at });
  return { row, state: decision.state };
}

/**
 * Records a decision on an existing dossier: new state and projection, the events, the outbox rows — in the
 * caller's transaction, and only if nobody changed the dossier since `record` was read (optimistic concurrency:
 * the version check and the unique (dossier, sequence) key). A stale write answers 409 and changes nothing.
 */
export async function recordDecision(
  trx: Transaction<Database>,
  record: DossierRecord,
  decision: Accepted,
  author: EventAuthor,
  extra: Partial<Pick<DossierRow, "current_unit_id" | "current_assignee_id">> = {},
): Promise<DossierRecord> {
  // Issue #18 (R-STATUS-4): a sector system's dossier takes no office command, whatever path the command took.
  refuseIfSectorHandled(record.row);
  // Issue #21: built and compiled once per process for each set of columns written, run with this change's values.
  const bound: Record<string, unknown> = { id: record.row.id, version: record.row.version };
  const written = slotted(
    "set.",
    {
      ...dossierProjection(decision.state, record.row),
      ...extra,
      version: record.row.version + decision.events.length,
      updated_at: new Date(),
    },
    bound,
  );
  const query = compiledOnce(`recordDecision:${written.shape}`, trx, (db) =>
    withEventsAndOutbox(
      db
        .updateTable("dossiers")
        .set(written.slots)
        .where("id", "=", slot("id"))
        .where("version", "=", slot("version") as unknown as number)
        .returningAll()
        .compile(),
      true,
    ),
  );
  // The events and their outbox messages go in the update's own statement (issue #21: one round trip per command
  // fewer), inserted only beside the row the update took: a stale version updates nothing and so inserts nothing, as
  // when the events followed the update (their sequences still come from the version the update checked, which keeps
  // (dossier, sequence) unique: migration 0042).
  bindEventsAndOutbox(bound, record.row, record.row.version + 1, decision.events, author, true);
  const row = (await trx.executeQuery(bindSlots(query, bound))).rows[0];
  if (!row) throw staleDossierError();
  // Accepted now: entered in the Sổ theo dõi in the reception's transaction (R-FORM-6, R-RECV-4).
  if (row.received_at && record.row.received_at === null)
    await enterInRegister(trx, { ...row, received_at: row.received_at });
  return { row, state: decision.state };
}

/** An event's values for the statement of {@link recordDecision} (the dossier and its agency come from the row). */
function eventValuesOf(sequence: number, event: StoredEvent, author: EventAuthor) {
  return {
    sequence,
    type: event.type,
    at: event.at,
    actor_user_id: author.userId,
    actor_role: author.role,
    from_status: event.from,
    to_status: event.to,
    step: typeof event.payload.step === "string" ? event.payload.step : null,
    payload: event.payload,
  };
}

/** The outbox message's payload of one event: what {@link outboxRows} stores, as an object. */
function outboxPayloadOf(row: { id: string; code: string }, sequence: number, event: StoredEvent) {
  return {
    dossierId: row.id,
    code: row.code,
    sequence,
    type: event.type,
    from: event.from,
    to: event.to,
    at: event.at.toISOString(),
  };
}

/** The two JSON arrays {@link withEventsAndOutbox} inserts, put into `bound` under the slots `events` and `outbox`. */
function bindEventsAndOutbox(
  bound: Record<string, unknown>,
  row: { id: string; code: string },
  firstSequence: number,
  events: readonly StoredEvent[],
  author: EventAuthor,
  outbox: boolean,
): void {
  bound.events = JSON.stringify(
    events.map((event, index) => eventValuesOf(firstSequence + index, event, author)),
  );
  if (outbox)
    bound.outbox = JSON.stringify(
      events.map((event, index) => ({
        topic: "dossier.event",
        event_sequence: firstSequence + index,
        payload: outboxPayloadOf(row, firstSequence + index, event),
      })),
    );
}

/**
 * A write of one dossier (an update or an insert, `returning *`) with its events — and their outbox messages when
 * `outbox` — inserted in the same statement: `with written as (<write>), events (…)[, messages (…)] select * from
 * written`. The events and messages come as JSON arrays (slots `events` and `outbox`, see bindEventsAndOutbox) read
 * with the tables' own row types (jsonb_populate_recordset), so one text serves any number of events, and are joined
 * to the written row: no row written (a stale version), nothing inserted. The dossier's id and agency are the written
 * row's. Plain PostgreSQL, accepted by PostgreSQL 15 and PGlite.
 */
function withEventsAndOutbox(write: CompiledQuery<DossierRow>, outbox: boolean): Compilable<DossierRow> {
  const next = write.parameters.length;
  const messages = `,
  "written_outbox" as (
    insert into "outbox" ("topic", "dossier_id", "event_sequence", "payload")
    select m."topic", w."id", m."event_sequence", m."payload"
    from "written" as w
    cross join jsonb_populate_recordset(null::outbox, $${next + 2}::jsonb) with ordinality as m
    order by m."ordinality"
  )`;
  const text = `with "written" as (${write.sql}),
  "written_events" as (
    insert into "dossier_events" ("dossier_id", "sequence", "agency_id", "type", "at", "actor_user_id", "actor_role",
      "from_status", "to_status", "step", "payload")
    select w."id", e."sequence", w."agency_id", e."type", e."at", e."actor_user_id", e."actor_role", e."from_status",
      e."to_status", e."step", coalesce(e."payload", '{}')
    from "written" as w
    cross join jsonb_populate_recordset(null::dossier_events, $${next + 1}::jsonb) with ordinality as e
    order by e."ordinality"
  )${outbox ? messages : ""}
select * from "written"`;
  const compiled: CompiledQuery<DossierRow> = {
    ...write,
    sql: text,
    parameters: [...write.parameters, slot("events"), ...(outbox ? [slot("outbox")] : [])],
  };
  return { compile: () => compiled };
}

export function staleDossierError(): ConflictError {
  return new ConflictError("STALE_DOSSIER", {
    vi: "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại hồ sơ rồi thực hiện lại.",
    en: "Someone else has just changed this dossier. Reload it and try again.",
  });
}
