/**
 * The raw-SQL baseline of the lifecycle benchmark: hand-written `pg` statements writing the same rows per step as the
 * use cases (dossiers with the same version check, dossier_events, outbox, tasks, dossier_files, uploads,
 * dossier_code_counters), one transaction per step, one statement per row written, and only the reads a correct
 * implementation needs:
 *
 * - every step reads the dossier, and the calendar in force (agency intervals, years, days) in one query; the built
 *   calendar is reused while those rows are unchanged (so an administrator's edit is seen at once);
 * - submit reads the applicant's account and the offering (with "has a required component" folded in);
 * - processing steps read the open task, and the unit or officer the next step goes to;
 * - approve claims the result upload with one UPDATE … RETURNING (the check and the write together).
 *
 * The rules (`decide`) and the event payload helpers are the same pure functions as ours, so both sides compute the
 * same state and events: the difference measured is the data access.
 */
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { Role } from "../../src/db/schema.ts";
import type { CalendarConfig, WorkingCalendar, YearCalendar } from "../../src/domain/calendar/types.ts";
import { createWorkingCalendar, DEFAULT_CALENDAR_CONFIG } from "../../src/domain/calendar/workingCalendar.ts";
import { buildDossierCode } from "../../src/domain/codes/dossierCode.ts";
import { provinceLocalDate } from "../../src/domain/codes/provinceDate.ts";
import type { Actor as DomainActor } from "../../src/domain/dossier/actor.ts";
import type { DossierCommand } from "../../src/domain/dossier/commands.ts";
import { type Decision, decide } from "../../src/domain/dossier/decide.ts";
import type { DossierState } from "../../src/domain/dossier/dossierState.ts";
import type { FileStorage } from "../../src/integrations/storage/fileStorage.ts";
import { type Actor, hasRole } from "../../src/services/accounts/actor.ts";
import {
  DEFAULT_WORKFLOW,
  findStep,
  internalStepOf,
  type WorkflowStep,
} from "../../src/services/dossiers/processing/defaultWorkflow.ts";
import { type HandoverPlan, handoverDetails } from "../../src/services/dossiers/processing/handOver.ts";
import type { TaskRow } from "../../src/services/dossiers/processing/workflowTasks.ts";
import { decodeState, encodeState } from "../../src/services/dossiers/stateCodec.ts";
import { BENCH_AGENCY, BENCH_PROCEDURE, samplePdf } from "./benchDatabase.ts";
import { type BenchActors, CLOCK, type LifecycleDriver } from "./lifecycle.ts";

type Accepted = Extract<Decision, { ok: true }>;

/** Counts statements (BEGIN/COMMIT included) when profiling. */
export interface StatementCounter {
  count: number;
}

interface RawDossier {
  id: string;
  code: string;
  agency_id: string;
  deciding_agency_id: string;
  owner_user_id: string | null;
  legal_time_amount: number;
  legal_time_unit: "wh" | "wd" | "d";
  state: unknown;
  version: number;
  finished_at: Date | null;
  returned_at: Date | null;
}

interface Loaded {
  row: RawDossier;
  state: DossierState;
  calendar: WorkingCalendar;
}

const WORKFLOW = DEFAULT_WORKFLOW;
const step = (name: string): WorkflowStep => findStep(WORKFLOW, name)!;

/** The step's due instant: its share of reception → appointment, counted from `start` (as stepDueAt). */
function stepDue(calendar: WorkingCalendar, state: DossierState, share: number, start: Date): Date | null {
  if (!state.receivedAt || !state.dueAt) return null;
  const total = Math.max(0, calendar.workingHoursBetween(state.receivedAt, state.dueAt));
  const due = calendar.addWorkingHours(calendar.normalizeStart(start), total * share);
  return new Date(Math.min(due.getTime(), state.dueAt.getTime()));
}

export function rawDriver(
  pool: pg.Pool,
  actors: BenchActors,
  storage: FileStorage,
  tag: string,
  counter?: StatementCounter,
): LifecycleDriver {
  const { citizen, counter: officer, head, specialist, leader } = actors;

  const q = <R extends pg.QueryResultRow = pg.QueryResultRow>(
    client: pg.PoolClient,
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>> => {
    if (counter) counter.count++;
    return client.query<R>(text, values);
  };

  async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await q(client, "begin");
      const result = await work(client);
      await q(client, "commit");
      return result;
    } catch (error) {
      await client.query("rollback").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  let calendarKey = "";
  let calendar: WorkingCalendar | undefined;
  /** The calendar in force for an agency: one query; rebuilt only when its rows changed. */
  async function calendarOf(client: pg.PoolClient, agencyId: string): Promise<WorkingCalendar> {
    const { rows } = await q<{ intervals: unknown; years: number[]; days: unknown[] }>(
      client,
      `select (select working_intervals from agencies where id = $1) as intervals,
              (select coalesce(json_agg(year order by year), '[]') from calendar_years) as years,
              (select coalesce(json_agg(json_build_object('date', date, 'year', year, 'kind', kind, 'name', name)
                        order by date), '[]') from calendar_days) as days`,
      [agencyId],
    );
    const row = rows[0]!;
    const key = JSON.stringify(row);
    if (calendar && key === calendarKey) return calendar;
    const years: Record<number, YearCalendar> = {};
    for (const year of row.years) years[year] = { holidays: [], makeupDays: [] };
    for (const day of row.days as { date: string; year: number; kind: string; name: string }[]) {
      const year = years[day.year]!;
      (day.kind === "holiday" ? year.holidays : year.makeupDays).push({ date: day.date, name: day.name });
    }
    const config: CalendarConfig = {
      workingIntervals: (row.intervals as CalendarConfig["workingIntervals"] | null) ?? [
        ...DEFAULT_CALENDAR_CONFIG.workingIntervals.map((interval) => ({ ...interval })),
      ],
      workingWeekdays: [...DEFAULT_CALENDAR_CONFIG.workingWeekdays],
      years,
    };
    calendar = createWorkingCalendar(config);
    calendarKey = key;
    return calendar;
  }

  /** Reads the dossier, checks the caller may act in `role` and the version they saw. */
  async function load(
    client: pg.PoolClient,
    id: string,
    actor: Actor,
    role: Role,
    expectedVersion: number,
  ): Promise<Loaded> {
    const { rows } = await q<RawDossier>(
      client,
      `select id, code, agency_id, deciding_agency_id, owner_user_id, legal_time_amount, legal_time_unit, state,
              version, finished_at, returned_at
       from dossiers where id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) throw new Error("dossier not found");
    if (
      !hasRole(actor, [role], { agencyId: row.agency_id }) &&
      !hasRole(actor, [role], { agencyId: row.deciding_agency_id })
    )
      throw new Error("forbidden");
    if (row.version !== expectedVersion) throw new Error("stale dossier");
    return { row, state: decodeState(row.state), calendar: await calendarOf(client, row.agency_id) };
  }

  function decideOn(loaded: Loaded, command: DossierCommand, actor: DomainActor, now: Date): Accepted {
    const decision = decide(loaded.state, command, actor, now, {
      calendar: loaded.calendar,
      legalTime: { amount: loaded.row.legal_time_amount, unit: loaded.row.legal_time_unit },
    });
    if (!decision.ok) throw new Error(`refused: ${decision.refusal.code}`);
    return decision;
  }

  function projection(state: DossierState, previous?: RawDossier): unknown[] {
    const finishedNow = [3, 8, 9, 10].includes(state.status);
    return [
      state.status,
      state.internalStep ?? null,
      state.receptionDueAt ?? null,
      state.receivedAt ?? null,
      state.dueAt ?? null,
      state.originalDueAt ?? null,
      state.extendedDueAt ?? null,
      previous?.finished_at ?? (finishedNow ? (state.result?.issuedAt ?? state.lastChangedAt) : null),
      state.status === 10 ? state.lastChangedAt : (previous?.returned_at ?? null),
      state.closedAt ?? null,
      encodeState(state),
    ];
  }

  async function appendEvents(
    client: pg.PoolClient,
    dossier: { id: string; code: string; agency_id: string },
    sequence: number,
    decision: Accepted,
    author: { userId: string; role: Role },
    details?: Record<string, unknown>,
  ): Promise<void> {
    const event = decision.events[0]!;
    const payload = details ? { ...details, ...event.payload } : event.payload;
    await q(
      client,
      `insert into dossier_events (dossier_id, sequence, agency_id, type, at, actor_user_id, actor_role, from_status,
         to_status, step, payload) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        dossier.id,
        sequence,
        dossier.agency_id,
        event.type,
        event.at,
        author.userId,
        author.role,
        event.from,
        event.to,
        typeof event.payload.step === "string" ? event.payload.step : null,
        JSON.stringify(payload),
      ],
    );
    await q(
      client,
      `insert into outbox (topic, dossier_id, event_sequence, payload) values ('dossier.event', $1, $2, $3)`,
      [
        dossier.id,
        sequence,
        JSON.stringify({
          dossierId: dossier.id,
          code: dossier.code,
          sequence,
          type: event.type,
          from: event.from,
          to: event.to,
          at: event.at.toISOString(),
        }),
      ],
    );
  }

  /** The versioned update of the dossier, then its event and outbox rows. */
  async function record(
    client: pg.PoolClient,
    loaded: Loaded,
    decision: Accepted,
    author: { userId: string; role: Role },
    details?: Record<string, unknown>,
    placement?: { unitId: string | null; assigneeId: string | null },
  ): Promise<void> {
    const { row } = loaded;
    const values = [...projection(decision.state, row), row.version + 1, row.id, row.version];
    const place = placement ? ", current_unit_id = $15, current_assignee_id = $16" : "";
    if (placement) values.push(placement.unitId, placement.assigneeId);
    const { rowCount } = await q(
      client,
      `update dossiers set status = $1, internal_step = $2, reception_due_at = $3, received_at = $4, due_at = $5,
         original_due_at = $6, extended_due_at = $7, finished_at = $8, returned_at = $9, closed_at = $10,
         state = $11, version = $12, updated_at = now()${place}
       where id = $13 and version = $14`,
      values,
    );
    if (rowCount !== 1) throw new Error("stale dossier");
    await appendEvents(client, row, row.version + 1, decision, author, details);
  }

  async function openTask(
    client: pg.PoolClient,
    dossier: RawDossier,
    target: WorkflowStep,
    input: { unitId: string | null; assigneeId: string | null; now: Date; dueAt: Date | null },
  ): Promise<void> {
    await q(
      client,
      `insert into tasks (dossier_id, agency_id, step, unit_id, role, assignee_id, status, created_at, due_at)
       values ($1, $2, $3, $4, $5, $6, 'open', $7, $8)`,
      [
        dossier.id,
        target.agency === "deciding" ? dossier.deciding_agency_id : dossier.agency_id,
        target.step,
        input.unitId,
        target.role,
        input.assigneeId,
        input.now,
        input.dueAt,
      ],
    );
  }

  async function closeTask(client: pg.PoolClient, task: TaskRow, outcome: string, by: string, now: Date) {
    await q(
      client,
      "update tasks set status = 'done', completed_at = $1, outcome = $2, handed_over_by = $3 where id = $4",
      [now, outcome, by, task.id],
    );
  }

  async function openTaskOf(client: pg.PoolClient, dossierId: string): Promise<TaskRow> {
    const { rows } = await q<TaskRow>(
      client,
      "select * from tasks where dossier_id = $1 and status = 'open' order by created_at desc limit 1",
      [dossierId],
    );
    if (!rows[0]) throw new Error("no open task");
    return rows[0];
  }

  /** The unit a step goes to (as unitForStep): one query; several candidates leave it to the role. */
  async function unitFor(
    client: pg.PoolClient,
    target: WorkflowStep,
    agencyId: string,
  ): Promise<string | null> {
    const professional = target.unit === "professional";
    const { rows } = await q<{ id: string }>(
      client,
      `select id from units where agency_id = $1 and kind = $2${
        professional
          ? ` and exists (select 1 from role_grants g join users u on u.id = g.user_id
               where g.unit_id = units.id and g.role = $3 and u.is_active)`
          : ""
      } order by code`,
      professional ? [agencyId, target.unit, target.role] : [agencyId, target.unit],
    );
    return rows.length === 1 ? rows[0]!.id : null;
  }

  const holds = (actor: Actor, task: TaskRow, role: Role) => {
    const ok = task.assignee_id
      ? task.assignee_id === actor.userId
      : task.role === role &&
        hasRole(actor, [task.role as Role], { agencyId: task.agency_id, unitId: task.unit_id });
    if (!ok) throw new Error("not the task holder");
  };

  const plan = (
    task: TaskRow,
    outcome: string,
    to: WorkflowStep,
    receiver: { unitId: string | null; assigneeId: string | null; assigneeName: string | null },
    dueAt: Date | null,
  ): HandoverPlan => ({ task, outcome, to: { step: to, ...receiver, dueAt } });

  return async (index, timed) => {
    // submit (R-SUB-1): account, offering, code counter, dossier, event, outbox.
    const created = await timed("submit", () =>
      inTransaction(async (client) => {
        const now = CLOCK.submit;
        const account = (
          await q(
            client,
            `select kind, full_name, identification_number, organisation_tax_code, organisation_name, phone, email
             from users where id = $1`,
            [citizen.userId],
          )
        ).rows[0]!;
        const offering = (
          await q(
            client,
            `select o.id, o.agency_id, o.enabled, o.online_level, o.channels, o.form_schema, p.id as procedure_id,
                    p.name as procedure_name, coalesce(o.time_limit_amount, p.time_limit_amount) as amount,
                    coalesce(o.time_limit_unit, p.time_limit_unit) as unit, r.id as receiving_id,
                    r.code as receiving_code,
                    exists (select 1 from procedure_components c where c.procedure_id = p.id and c.required)
                      as needs_files
             from procedure_offerings o
             join procedures p on p.id = o.procedure_id
             join agencies a on a.id = o.agency_id
             join agencies r on r.id = coalesce(a.received_at_agency_id, a.id)
             where p.code = $1 and a.code = $2`,
            [BENCH_PROCEDURE, BENCH_AGENCY],
          )
        ).rows[0];
        if (!offering?.enabled || !offering.channels.includes("online") || offering.online_level === "none")
          throw new Error("offering not available online");
        if (offering.needs_files) throw new Error("required components missing");
        const legalTime = { amount: offering.amount as number, unit: offering.unit as "wh" | "wd" | "d" };
        const decision = decide(
          undefined,
          { type: "submitOnline", applicantId: citizen.userId },
          { role: "applicant", id: citizen.userId },
          now,
          { calendar: await calendarOf(client, offering.receiving_id), legalTime },
        );
        if (!decision.ok) throw new Error(`refused: ${decision.refusal.code}`);
        const { last_sequence } = (
          await q<{ last_sequence: number }>(
            client,
            `insert into dossier_code_counters (agency_id, day, last_sequence) values ($1, $2, 1)
             on conflict (agency_id, day) do update set last_sequence = dossier_code_counters.last_sequence + 1
             returning last_sequence`,
            [offering.receiving_id, provinceLocalDate(now)],
          )
        ).rows[0]!;
        const code = buildDossierCode({
          agencyId: offering.receiving_code,
          receivedAt: now,
          sequence: last_sequence,
        });
        const { id } = (
          await q<{ id: string }>(
            client,
            `insert into dossiers (code, procedure_id, offering_id, agency_id, deciding_agency_id, channel,
               owner_user_id, applicant_kind, applicant_name, applicant_id_number, organisation_name,
               organisation_tax_code, applicant_phone, applicant_email, summary, form_data, legal_time_amount,
               legal_time_unit, submitted_at, status, internal_step, reception_due_at, received_at, due_at,
               original_due_at, extended_due_at, finished_at, returned_at, closed_at, state, version)
             values ($1, $2, $3, $4, $5, 'online', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
               $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30)
             returning id`,
            [
              code,
              offering.procedure_id,
              offering.id,
              offering.receiving_id,
              offering.agency_id,
              citizen.userId,
              account.kind === "organisation" ? "organisation" : "person",
              account.full_name,
              account.identification_number,
              account.organisation_name,
              account.organisation_tax_code,
              account.phone,
              account.email,
              offering.procedure_name,
              JSON.stringify({ ghiChu: `hồ sơ ${tag}-${index}` }),
              legalTime.amount,
              legalTime.unit,
              now,
              ...projection(decision.state),
              decision.events.length,
            ],
          )
        ).rows[0]!;
        const dossier = { id, code, agency_id: offering.receiving_id as string };
        await appendEvents(client, dossier, 1, decision, { userId: citizen.userId, role: "citizen" });
        return { id, version: decision.events.length };
      }),
    );
    const dossierId = created.id;
    let version = created.version;
    const asCounter = { userId: officer.userId, role: "counter_officer" as const };
    const counterActor: DomainActor = { role: "counterOfficer", id: officer.userId };

    // accept (1 → 2).
    await timed("accept", () =>
      inTransaction(async (client) => {
        const loaded = await load(client, dossierId, officer, "counter_officer", version);
        await record(
          client,
          loaded,
          decideOn(loaded, { type: "accept" }, counterActor, CLOCK.accept),
          asCounter,
        );
      }),
    );
    version++;

    // transfer (2 → 4) and the first step's task.
    await timed("transfer", () =>
      inTransaction(async (client) => {
        const now = CLOCK.transfer;
        const loaded = await load(client, dossierId, officer, "counter_officer", version);
        const decision = decideOn(loaded, { type: "transfer" }, counterActor, now);
        await record(client, loaded, decision, asCounter);
        const first = WORKFLOW.steps[0]!;
        await openTask(client, loaded.row, first, {
          unitId: await unitFor(client, first, loaded.row.deciding_agency_id),
          assigneeId: null,
          now,
          dueAt: stepDue(loaded.calendar, decision.state, first.share, now),
        });
      }),
    );
    version++;

    // assign: the unit head gives the appraisal to the specialist.
    await timed("assign", () =>
      inTransaction(async (client) => {
        const now = CLOCK.assign;
        const loaded = await load(client, dossierId, head, "unit_head", version);
        const task = await openTaskOf(client, dossierId);
        if (task.step !== "awaitingAssignment") throw new Error("not awaiting assignment");
        holds(head, task, "unit_head");
        const target = step("appraisal");
        const officerRow = (
          await q<{ unit_id: string | null; full_name: string }>(
            client,
            `select g.unit_id, u.full_name from role_grants g join users u on u.id = g.user_id
             where g.user_id = $1 and g.role = $2 and g.agency_id = $3 and u.is_active order by g.unit_id limit 1`,
            [specialist.userId, target.role, loaded.row.deciding_agency_id],
          )
        ).rows[0];
        if (!officerRow) throw new Error("assignee without the role");
        if (
          !hasRole(head, ["unit_head"], {
            agencyId: loaded.row.deciding_agency_id,
            unitId: officerRow.unit_id,
          })
        )
          throw new Error("assignee outside the unit");
        const receiver = {
          unitId: officerRow.unit_id,
          assigneeId: specialist.userId,
          assigneeName: officerRow.full_name,
        };
        const handover = plan(
          task,
          "assigned",
          target,
          receiver,
          stepDue(loaded.calendar, loaded.state, target.share, now),
        );
        const decision = decideOn(
          loaded,
          {
            type: "advanceStep",
            step: internalStepOf(target.step)!,
            output: `Phân công ${officerRow.full_name}: ${target.label.vi}`,
          },
          { role: "unitHead", id: head.userId },
          now,
        );
        await record(
          client,
          loaded,
          decision,
          { userId: head.userId, role: "unit_head" },
          { action: "assign", note: null, ...handoverDetails(handover, head, now) },
          receiver,
        );
        await closeTask(client, task, "assigned", head.userId, now);
        await openTask(client, loaded.row, target, { ...receiver, now, dueAt: handover.to!.dueAt });
      }),
    );
    version++;

    // forward: the specialist submits the appraisal for approval.
    await timed("forward", () =>
      inTransaction(async (client) => {
        const now = CLOCK.forward;
        const loaded = await load(client, dossierId, specialist, "specialist", version);
        const task = await openTaskOf(client, dossierId);
        if (task.step !== "appraisal") throw new Error("not at appraisal");
        holds(specialist, task, "specialist");
        const target = step("awaitingApproval");
        const receiver = {
          unitId: await unitFor(client, target, loaded.row.deciding_agency_id),
          assigneeId: null,
          assigneeName: null,
        };
        const handover = plan(
          task,
          "forwarded",
          target,
          receiver,
          stepDue(loaded.calendar, loaded.state, target.share, now),
        );
        const decision = decideOn(
          loaded,
          {
            type: "advanceStep",
            step: internalStepOf(target.step)!,
            output: "Hồ sơ đủ điều kiện, đề nghị phê duyệt",
          },
          { role: "specialist", id: specialist.userId },
          now,
        );
        await record(
          client,
          loaded,
          decision,
          { userId: specialist.userId, role: "specialist" },
          { action: "forward", ...handoverDetails(handover, specialist, now) },
          receiver,
        );
        await closeTask(client, task, "forwarded", specialist.userId, now);
        await openTask(client, loaded.row, target, { ...receiver, now, dueAt: handover.to!.dueAt });
      }),
    );
    version++;

    // approve: upload the signed result (its own request, as POST /api/uploads), then approve (4 → 9).
    await timed("approve", async () => {
      const now = CLOCK.approve;
      const content = samplePdf(`ket qua ${tag}-${index}`);
      if (new TextDecoder().decode(content.subarray(0, 5)) !== "%PDF-") throw new Error("not a PDF");
      const stored = await storage.put(content);
      const client = await pool.connect();
      let uploadId: string;
      try {
        uploadId = (
          await q<{ id: string }>(
            client,
            `insert into uploads (owner_user_id, storage_key, sha256, file_name, media_type, size_bytes, created_at)
             values ($1, $2, $3, 'ket-qua.pdf', 'application/pdf', $4, $5) returning id`,
            [leader.userId, stored.key, stored.sha256, stored.size, now],
          )
        ).rows[0]!.id;
      } finally {
        client.release();
      }
      await inTransaction(async (client) => {
        const loaded = await load(client, dossierId, leader, "agency_leader", version);
        const task = await openTaskOf(client, dossierId);
        if (task.step !== "awaitingApproval") throw new Error("not awaiting approval");
        holds(leader, task, "agency_leader");
        const upload = (
          await q<{
            storage_key: string;
            sha256: string;
            file_name: string;
            media_type: string;
            size_bytes: number;
            created_at: Date;
          }>(
            client,
            `update uploads set attached_at = $1 where id = $2 and owner_user_id = $3 and attached_at is null
             returning storage_key, sha256, file_name, media_type, size_bytes, created_at`,
            [now, uploadId, leader.userId],
          )
        ).rows[0];
        if (!upload) throw new Error("no such free upload");
        const target = step("returnResult");
        const receiver = {
          unitId: await unitFor(client, target, loaded.row.agency_id),
          assigneeId: null,
          assigneeName: null,
        };
        const fileId = randomUUID();
        const handover = plan(
          task,
          "approved",
          target,
          receiver,
          stepDue(loaded.calendar, loaded.state, target.share, now),
        );
        const decision = decideOn(
          loaded,
          { type: "approveResult", documentRefs: [fileId] },
          { role: "leader", id: leader.userId },
          now,
        );
        await record(
          client,
          loaded,
          decision,
          { userId: leader.userId, role: "agency_leader" },
          {
            action: "approve",
            note: null,
            resultFile: { id: fileId, fileName: upload.file_name },
            ...handoverDetails(handover, leader, now),
          },
          receiver,
        );
        await q(
          client,
          `insert into dossier_files (id, dossier_id, agency_id, component_id, purpose, storage_key, sha256,
             file_name, media_type, size_bytes, uploaded_by, uploaded_at, event_sequence)
           values ($1, $2, $3, null, 'result', $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            fileId,
            dossierId,
            loaded.row.deciding_agency_id,
            upload.storage_key,
            upload.sha256,
            upload.file_name,
            upload.media_type,
            upload.size_bytes,
            leader.userId,
            upload.created_at,
            loaded.row.version + 1,
          ],
        );
        await closeTask(client, task, "approved", leader.userId, now);
        await openTask(client, loaded.row, target, { ...receiver, now, dueAt: handover.to!.dueAt });
      });
    });
    version++;

    // return (9 → 10): the counter's step closes.
    await timed("return", () =>
      inTransaction(async (client) => {
        const now = CLOCK.return;
        const loaded = await load(client, dossierId, officer, "counter_officer", version);
        const task = await openTaskOf(client, dossierId);
        const decision = decideOn(loaded, { type: "returnResult", channel: "counter" }, counterActor, now);
        if (decision.state.status !== 10) throw new Error("not returned");
        await record(client, loaded, decision, asCounter);
        await closeTask(client, task, "Đã trả kết quả", officer.userId, now);
      }),
    );
  };
}
