import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { Actor as DomainActor } from "../../domain/dossier/actor.ts";
import type { DossierCommand } from "../../domain/dossier/commands.ts";
import { type DecisionContext, decide } from "../../domain/dossier/decide.ts";
import { decisionSettingsOf } from "../../domain/options/ruleOptions.ts";
import { loadWorkingCalendar } from "../calendar/loadCalendar.ts";
import { NotFoundError } from "../errors.ts";
import { effectiveRuleOptions } from "../options/ruleOptions.ts";
import { refuseIfSectorHandled } from "../sector/sectorGuard.ts";
import {
  type DossierRecord,
  type DossierRow,
  type EventAuthor,
  findDossier,
  recordDecision,
  refusalError,
  staleDossierError,
} from "./dossierStore.ts";

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
  return {
    calendar: await loadWorkingCalendar(db, { id: row.agency_id }),
    legalTime: { amount: row.legal_time_amount, unit: row.legal_time_unit, kind: row.legal_time_kind },
    // The rule options in force for the dossier's offering (offering ?? province ?? default, issue #12 §6).
    ...decisionSettingsOf((await effectiveRuleOptions(db, row.offering_id)).options),
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
    const record = await findDossier(trx, input.dossierId);
    if (!record) throw dossierNotFound();
    input.authorize(record.row);
    if (input.expectedVersion !== undefined && input.expectedVersion !== record.row.version)
      throw staleDossierError();
    const context = await decisionContextOf(trx, record.row);
    const updated = await decideAndRecord(trx, record, { ...input, context });
    if (input.alongside) await input.alongside(trx, updated, context);
    return updated;
  });
}
