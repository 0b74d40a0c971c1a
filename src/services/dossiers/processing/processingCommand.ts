import { randomUUID } from "node:crypto";
import type { Kysely, RawBuilder, Transaction } from "kysely";
import { bindSlots, compiledOnce, slot } from "../../../db/compiledOnce.ts";
import type { Database, Role } from "../../../db/schema.ts";
import { inTransaction } from "../../../db/transaction.ts";
import type { WorkingCalendar } from "../../../domain/calendar/types.ts";
import { dossierRefusals } from "../../../domain/dossier/dossierRefusals.ts";
import { isTerminalStatus, type PublicStatus } from "../../../domain/dossier/status.ts";
import { type Actor, hasRole } from "../../accounts/actor.ts";
import { ConflictError, ForbiddenError, ValidationError } from "../../errors.ts";
import type { LocalizedText } from "../../validation/messages.ts";
import { assertCanSee, authorizeAs, domainActor } from "../dossierAccess.ts";
import { type DossierRecord, type DossierRow, refusalError, staleDossierError } from "../dossierStore.ts";
import {
  decideAndRecord,
  dossierNotFound,
  type ExistingDossierCommand,
  findDossierWithOpenTask,
} from "../runDossierCommand.ts";
import { loadWorkflowFor } from "./defaultWorkflow.ts";
import { currentTask, type TaskRow } from "./workflowTasks.ts";

/** What every processing use case receives: the dossier, who acts and when, and the version they saw. */
export interface ProcessingInput {
  dossierId: string;
  actor: Actor;
  now: Date;
  expectedVersion?: number | undefined;
}

/** What a use case decides to do once the dossier is loaded and the caller authorized. */
export interface PreparedCommand {
  command: ExistingDossierCommand;
  /** Facts for the event's payload beside the rule's own (who was assigned, which file, which consultation…). */
  details?: Record<string, unknown>;
  placement?: Partial<Pick<DossierRow, "current_unit_id" | "current_assignee_id">>;
  /** Task, file and consultation writes of the same change, in the same transaction (DESIGN §2). */
  alongside?: (trx: Transaction<Database>, updated: DossierRecord) => Promise<void>;
}

export interface ProcessingContext {
  trx: Transaction<Database>;
  record: DossierRecord;
  /** The account role the caller acts in for this command. */
  role: Role;
  calendar: WorkingCalendar;
  /** The dossier's open task as read with it (null: none), for `openStepOf` (issue #21: no read of its own). */
  openTask: TaskRow | null;
}

export interface ProcessingCommandInput extends ProcessingInput {
  /** The account roles that may give this command, in order of preference. */
  roles: readonly Role[];
  /** Replaces the choice of role among `roles` by the dossier's agencies (a consulted agency answers by its own). */
  resolveRole?: (trx: Transaction<Database>, row: DossierRow) => Promise<Role>;
  /** Replaces the default check (an officer holding the role in the dossier's agencies) when given. */
  authorize?: (row: DossierRow) => void;
  prepare: (context: ProcessingContext) => Promise<PreparedCommand>;
}

/**
 * One processing command (issue #4), on the pattern of runDossierCommand: load → authorize → stale check → the use
 * case's own reads and checks → decide → recordDecision (state + event + outbox, optimistic version) → the writes
 * that go with it, all in one transaction: any error leaves nothing changed. The use case may add facts to the
 * event's payload (R-PROC-5 handover, R-PROC-2 verification, R-PROC-3 consultation) without touching the rule's.
 */
export async function runProcessingCommand(
  db: Kysely<Database>,
  input: ProcessingCommandInput,
): Promise<DossierRecord> {
  return inTransaction(db, async (trx) => {
    // The dossier, its rules' context and its open task in one statement (issue #21).
    const found = await findDossierWithOpenTask(trx, input.dossierId);
    if (!found) throw dossierNotFound();
    const { record, context, openTask } = found;
    // The version the dossier is pinned to, so the use case's `workflowFor` answers it (R-CAT-4).
    await loadWorkflowFor(trx, record.row);
    const legRole = input.resolveRole
      ? undefined
      : chainLegRole(input.actor, record.row, openTask, input.roles);
    const role = input.resolveRole
      ? await input.resolveRole(trx, record.row)
      : (legRole ?? actingRole(input.actor, record.row, input.roles));
    // Holding a role where the open step of an inter-agency chain is is the authorization (R-PROC-4); the use case
    // still checks that the step is theirs.
    (input.authorize ?? (legRole ? () => {} : authorizeAs(input.actor, role)))(record.row);
    if (input.expectedVersion !== undefined && input.expectedVersion !== record.row.version)
      throw staleDossierError();
    const prepared = await input.prepare({ trx, record, role, calendar: context.calendar, openTask });
    const updated = await decideAndRecord(trx, record, {
      command: prepared.command,
      actor: domainActor(input.actor, role),
      author: { userId: input.actor.userId, role },
      now: input.now,
      context,
      details: prepared.details,
      placement: prepared.placement,
    });
    if (prepared.alongside) await prepared.alongside(trx, updated);
    return updated;
  });
}

/**
 * The role the caller acts in: the first of `roles` they hold in the dossier's receiving or deciding agency
 * (R-XFER-3). Someone who may not see the dossier is told it does not exist (404); an officer who sees it without
 * any of the roles gets 403.
 */
export function actingRole(actor: Actor, row: DossierRow, roles: readonly Role[]): Role {
  const held = roles.find(
    (role) =>
      hasRole(actor, [role], { agencyId: row.agency_id }) ||
      hasRole(actor, [role], { agencyId: row.deciding_agency_id }),
  );
  if (held) return held;
  assertCanSee(actor, row);
  throw new ForbiddenError({
    vi: "Bạn không có vai trò cần thiết để thực hiện thao tác này trên hồ sơ",
    en: "You do not hold the role this action needs on this dossier",
  });
}

/**
 * An officer of another agency of an inter-agency chain acts on the dossier while its open step is their agency's
 * (R-PROC-4: each agency acts on the electronic dossier): the first of `roles` they hold there, if any.
 */
function chainLegRole(
  actor: Actor,
  row: DossierRow,
  task: TaskRow | null,
  roles: readonly Role[],
): Role | undefined {
  if (row.status !== 4 || !row.workflow_version_id) return undefined;
  if (!task || task.agency_id === row.agency_id || task.agency_id === row.deciding_agency_id)
    return undefined;
  return roles.find((role) => hasRole(actor, [role], { agencyId: task.agency_id }));
}

/**
 * Processing commands act on a dossier under public status 4; others are refused as the rules would refuse them
 * (R-STATUS-5), before a use case looks for the step's task.
 */
export function requireProcessing(record: DossierRecord, command: ExistingDossierCommand["type"]): void {
  const status = record.row.status as PublicStatus;
  if (isTerminalStatus(status)) throw refusalError(dossierRefusals.terminalStatus(status));
  if (status !== 4) throw refusalError(dossierRefusals.transitionNotAllowed(status, command));
}

/**
 * The step's task must be the caller's: assigned to them, or, while unassigned, addressed to a role they hold in
 * the task's agency and unit (R-PROC-1: each step is done by whom it was given to).
 */
export function assertHoldsTask(actor: Actor, task: TaskRow, role: Role): void {
  const holds = task.assignee_id
    ? task.assignee_id === actor.userId
    : task.role === role &&
      hasRole(actor, [task.role as Role], { agencyId: task.agency_id, unitId: task.unit_id });
  if (!holds)
    throw new ForbiddenError(
      {
        vi: "Bước xử lý hiện tại của hồ sơ không được giao cho bạn",
        en: "The dossier's current step is not assigned to you",
      },
      "NOT_TASK_HOLDER",
    );
}

/**
 * The open task of the dossier's current step (R-PROC-1): the dossier must be under processing (status 4) and have an
 * open step; otherwise 409 as the rules would answer.
 */
export async function openStepOf(
  context: ProcessingContext,
  command: ExistingDossierCommand["type"],
): Promise<TaskRow> {
  requireProcessing(context.record, command);
  const task = await currentTask(context.trx, context.record, context.calendar, context.openTask);
  if (!task) throw noOpenTask();
  return task;
}

export function stepMismatch(expected: LocalizedText): ConflictError {
  return new ConflictError("STEP_NOT_ALLOWED", {
    vi: `Thao tác này không thực hiện được ở bước xử lý hiện tại của hồ sơ: ${expected.vi}`,
    en: `This cannot be done at the dossier's current step: ${expected.en}`,
  });
}

export function noOpenTask(): ConflictError {
  return new ConflictError("NO_OPEN_STEP", {
    vi: "Hồ sơ không có bước xử lý đang mở",
    en: "The dossier has no open processing step",
  });
}

export function fieldError(field: string, vi: string, en: string): ValidationError {
  return new ValidationError([{ field, message: { vi, en } }]);
}

/** A file the caller uploaded (POST /api/uploads) and has not attached anywhere yet. */
export interface PendingUpload {
  id: string;
  storage_key: string;
  sha256: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  created_at: Date;
}

export async function findPendingUpload(
  trx: Transaction<Database>,
  actor: Actor,
  uploadId: string,
  field: string,
): Promise<PendingUpload> {
  const upload = await trx
    .selectFrom("uploads")
    .select(["id", "storage_key", "sha256", "file_name", "media_type", "size_bytes", "created_at"])
    .where("id", "=", uploadId)
    .where("owner_user_id", "=", actor.userId)
    .where("attached_at", "is", null)
    .executeTakeFirst();
  if (!upload) throw uploadNotFound(field);
  return upload;
}

/**
 * findPendingUpload and, in the same statement, the unit the next step goes to (`unitForStepColumn`; issue #21: one
 * round trip where there were two). Without the upload it answers 400 as findPendingUpload does. Built and compiled
 * once per process for each `nextUnit.shape` (issue #21, compiledOnce): `shape` names everything the column bakes in,
 * `values` fill the column's slots.
 */
export async function findPendingUploadAndUnit(
  trx: Transaction<Database>,
  actor: Actor,
  uploadId: string,
  field: string,
  nextUnit: {
    shape: string;
    column: (db: Kysely<Database>) => RawBuilder<string | null>;
    values: Readonly<Record<string, unknown>>;
  },
): Promise<{ upload: PendingUpload; unitId: string | null }> {
  const query = compiledOnce(`findPendingUploadAndUnit:${nextUnit.shape}`, trx, (db) =>
    db
      .selectFrom("uploads")
      .select(["id", "storage_key", "sha256", "file_name", "media_type", "size_bytes", "created_at"])
      .select(nextUnit.column(db).as("next_unit_id"))
      .where("id", "=", slot("uploadId"))
      .where("owner_user_id", "=", slot("ownerUserId"))
      .where("attached_at", "is", null),
  );
  const found = (
    await trx.executeQuery(bindSlots(query, { ...nextUnit.values, uploadId, ownerUserId: actor.userId }))
  ).rows[0];
  if (!found) throw uploadNotFound(field);
  const { next_unit_id, ...upload } = found;
  return { upload, unitId: next_unit_id };
}

function uploadNotFound(field: string): ValidationError {
  return fieldError(
    field,
    "Không tìm thấy tệp đã tải lên (hoặc tệp đã được dùng cho hồ sơ khác)",
    "No such uploaded file (or it is already attached to a dossier)",
  );
}

/**
 * Attaches an upload to the dossier under an id chosen before the rules decided (the event names the file as the
 * step's output, R-STATUS-3). Marking the upload attached only while it is still free keeps a file from being used
 * twice by two requests at once. One statement (issue #21): the file is inserted only from the upload the update
 * took; none taken (another request attached it first) inserts nothing and answers 409.
 */
export async function attachUpload(
  trx: Transaction<Database>,
  input: {
    fileId: string;
    upload: PendingUpload;
    record: DossierRecord;
    purpose: "result" | "notice" | "other";
    actor: Actor;
    now: Date;
  },
): Promise<void> {
  const { upload, record } = input;
  // Issue #21: built and compiled once per process (compiledOnce), run with this file's values.
  const query = compiledOnce("attachUpload", trx, (db) =>
    db
      .with("taken", (db) =>
        db
          .updateTable("uploads")
          .set({ attached_at: slot("now") as unknown as Date })
          .where("id", "=", slot("uploadId"))
          .where("attached_at", "is", null)
          .returning("id"),
      )
      .insertInto("dossier_files")
      .columns([
        "id",
        "dossier_id",
        "agency_id",
        "component_id",
        "purpose",
        "storage_key",
        "sha256",
        "file_name",
        "media_type",
        "size_bytes",
        "uploaded_by",
        "uploaded_at",
        "event_sequence",
      ])
      .expression((eb) =>
        eb
          .selectFrom("taken")
          .select([
            eb.val(slot("fileId")).as("id"),
            eb.val(slot("dossierId")).as("dossier_id"),
            eb.val(slot("agencyId")).as("agency_id"),
            eb.val<string | null>(null).as("component_id"),
            eb.val(slot("purpose")).as("purpose"),
            eb.val(slot("storageKey")).as("storage_key"),
            eb.val(slot("sha256")).as("sha256"),
            eb.val(slot("fileName")).as("file_name"),
            eb.val(slot("mediaType")).as("media_type"),
            eb.val(slot("sizeBytes")).as("size_bytes"),
            eb.val(slot("uploadedBy")).as("uploaded_by"),
            eb.val(slot("uploadedAt")).as("uploaded_at"),
            eb.val(slot("eventSequence")).as("event_sequence"),
          ]),
      )
      .returning("id"),
  );
  const attached = (
    await trx.executeQuery(
      bindSlots(query, {
        now: input.now,
        uploadId: upload.id,
        fileId: input.fileId,
        dossierId: record.row.id,
        agencyId: record.row.deciding_agency_id,
        purpose: input.purpose,
        storageKey: upload.storage_key,
        sha256: upload.sha256,
        fileName: upload.file_name,
        mediaType: upload.media_type,
        sizeBytes: upload.size_bytes,
        uploadedBy: input.actor.userId,
        uploadedAt: upload.created_at,
        eventSequence: record.row.version,
      }),
    )
  ).rows[0];
  if (!attached) throw staleDossierError();
}

export const newId = (): string => randomUUID();

/** Someone's display name, for the event's output and the control sheet. */
export async function userName(db: Kysely<Database>, userId: string): Promise<string> {
  const user = await db.selectFrom("users").select("full_name").where("id", "=", userId).executeTakeFirst();
  return user?.full_name ?? userId;
}
