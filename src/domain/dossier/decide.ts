import type { WorkingCalendar } from "../calendar/types.ts";
import type { LegalTime } from "../catalog/timeLimit.ts";
import { type DeadlinePolicy, deadlinePolicyWith } from "../deadlines/deadlinePolicy.ts";
import type { Refusal } from "../refusal.ts";
import type { Actor } from "./actor.ts";
import { editBeforeAcceptance, provideSupplement } from "./applicantRules.ts";
import type { CommandOf, DossierCommand, DossierCommandType, PaperIntakeOutcome } from "./commands.ts";
import { type Created, createOnline, createPaper, createPaperEntered } from "./creationRules.ts";
import { dossierRefusals } from "./dossierRefusals.ts";
import { DEFAULT_DOSSIER_RULE_OPTIONS, type DossierRuleOptions } from "./dossierRuleOptions.ts";
import type { DossierState } from "./dossierState.ts";
import type { DomainEvent } from "./events.ts";
import { requestExtension } from "./extensionRules.ts";
import {
  advanceStep,
  approveResult,
  confirmPayment,
  decideAtCounter,
  forwardToAuthority,
  refuseAfterAppraisal,
  requestPayment,
  transfer,
} from "./processingRules.ts";
import {
  accept,
  refuseAtReception,
  requestSupplementAtReception,
  resubmitSupplement,
} from "./receptionRules.ts";
import { returnResult } from "./resultRules.ts";
import { hasText, type Rule, type RuleInput, type RuleOutcome } from "./ruleInput.ts";
import { isTerminalStatus } from "./status.ts";
import { closeForMissingSupplement, confirmStop, requestWithdrawal } from "./stopRules.ts";
import { receiveSupplement, requestSupplementAfterAppraisal } from "./supplementRules.ts";
import { findTransition, type Transition, transitionTable } from "./transitionTable.ts";

/** What `decide` needs besides the dossier: the calendar, the procedure's legal time and the province's readings. */
export interface DecisionContext {
  calendar: WorkingCalendar;
  /** Thời hạn giải quyết of the dossier's procedure, in the version in force at reception (R-LAW-2). */
  /** A duration, or a same-day / immediate kind (R-CAL-6, R-RECV-4). */
  legalTime: LegalTime;
  policy?: Partial<DeadlinePolicy>;
  options?: Partial<DossierRuleOptions>;
}

export type Decision =
  | { ok: true; state: DossierState; events: DomainEvent[] }
  | { ok: false; refusal: Refusal };

type ExistingCommandType = Exclude<DossierCommandType, "submitOnline" | "intakePaper">;

const RULES: { [T in ExistingCommandType]: Rule<T> } = {
  accept,
  refuse: refuseAtReception,
  requestSupplementAtReception,
  resubmitSupplement,
  editBeforeAcceptance,
  provideSupplement,
  transfer,
  forwardToAuthority,
  advanceStep,
  decideAtCounter,
  requestSupplementAfterAppraisal,
  receiveSupplement,
  requestPayment,
  confirmPayment,
  requestWithdrawal,
  confirmStop,
  closeForMissingSupplement,
  refuseAfterAppraisal,
  approveResult,
  returnResult,
  requestExtension,
};

/**
 * Decides what a command does to a dossier, purely: the same inputs always give the same answer, and nothing is
 * read from a clock or a database. `state` is `undefined` for a dossier not yet created. On success the new state
 * and the one event to append; otherwise a typed refusal (DESIGN §7).
 *
 * Order of checks: existence → terminal status (R-STATUS-5) → time order → transition table → role → applicant
 * ownership → the command's own rule.
 */
export function decide(
  state: DossierState | undefined,
  command: DossierCommand,
  actor: Actor,
  now: Date,
  context: DecisionContext,
): Decision {
  const policy = deadlinePolicyWith(context.policy);
  const options: DossierRuleOptions = { ...DEFAULT_DOSSIER_RULE_OPTIONS, ...context.options };
  const table = transitionTable(options);

  if (command.type === "submitOnline" || command.type === "intakePaper") {
    if (state !== undefined) return refuse(dossierRefusals.dossierAlreadyExists());
    if (!hasText(command.applicantId)) return refuse(dossierRefusals.applicantRequired());
    const transition = findTransition(table, command.type, null)!;
    const refusal = actorRefusal(transition, actor, command.applicantId);
    if (refusal) return refuse(refusal);
    const input = { now, calendar: context.calendar, legalTime: context.legalTime, policy };
    if (command.type === "intakePaper" && command.outcome)
      return intakeAnswered(command, command.outcome, actor, now, context);
    const created: Created =
      command.type === "submitOnline"
        ? createOnline({ ...input, command })
        : createPaper({ ...input, command });
    return {
      ok: true,
      state: created.state,
      events: [eventOf(transition, null, actor, now, created.payload)],
    };
  }

  if (state === undefined) return refuse(dossierRefusals.dossierNotFound());
  if (isTerminalStatus(state.status)) return refuse(dossierRefusals.terminalStatus(state.status));
  if (now < state.lastChangedAt) return refuse(dossierRefusals.timeBeforeLastChange());

  const transition = findTransition(table, command.type, state.status);
  if (!transition) {
    // A withdrawal asked once the result exists is answered with the reason, not a bare "not allowed" (R-STOP-1).
    if (command.type === "requestWithdrawal" && state.decisionIssued) {
      return refuse(dossierRefusals.withdrawalAfterDecision());
    }
    return refuse(dossierRefusals.transitionNotAllowed(state.status, command.type));
  }
  const refusal = actorRefusal(transition, actor, state.applicantId);
  if (refusal) return refuse(refusal);

  const rule = RULES[command.type] as Rule<ExistingCommandType>;
  const input = {
    state,
    command,
    actor,
    now,
    target: transition.to,
    calendar: context.calendar,
    legalTime: context.legalTime,
    policy,
    options,
  } as RuleInput<ExistingCommandType>;
  const outcome: RuleOutcome = rule(input);
  if (!outcome.ok) return outcome;
  const next: DossierState = { ...state, ...outcome.changes, status: transition.to, lastChangedAt: now };
  return { ok: true, state: next, events: [eventOf(transition, state.status, actor, now, outcome.payload)] };
}

/**
 * An incomplete or refused paper dossier (R-RECV-2 a, b): entered (null → 1, R-RECV-5), then answered at once by the
 * counter through the same rules as an online dossier (1 → 5 with the one reception request, R-RECV-6; 1 → 3 with
 * the reasons, R-REJ-1): two events, one decision, so both are written together or not at all.
 */
function intakeAnswered(
  command: CommandOf<"intakePaper">,
  outcome: PaperIntakeOutcome,
  actor: Actor,
  now: Date,
  context: DecisionContext,
): Decision {
  const policy = deadlinePolicyWith(context.policy);
  const entered = createPaperEntered({
    command,
    now,
    calendar: context.calendar,
    legalTime: context.legalTime,
    policy,
  });
  const entry: DomainEvent = {
    type: "enteredOnPaper",
    command: "intakePaper",
    from: null,
    to: 1,
    actor,
    at: now,
    payload: { ...entered.payload, outcome: outcome.kind },
  };
  const answer: DossierCommand =
    outcome.kind === "refused"
      ? { type: "refuse", reasons: outcome.reasons }
      : { type: "requestSupplementAtReception", reason: outcome.reason, items: outcome.items };
  const answered = decide(entered.state, answer, actor, now, context);
  if (!answered.ok) return answered;
  return { ok: true, state: answered.state, events: [entry, ...answered.events] };
}

/** The role must be allowed by the table; an applicant may act only on their own dossier. */
function actorRefusal(transition: Transition, actor: Actor, applicantId: string): Refusal | undefined {
  if (!transition.roles.includes(actor.role))
    return dossierRefusals.roleNotAllowed(actor.role, transition.command);
  if (actor.role === "applicant" && actor.id !== applicantId) return dossierRefusals.notDossierApplicant();
  return undefined;
}

function eventOf(
  transition: Transition,
  from: DomainEvent["from"],
  actor: Actor,
  at: Date,
  payload: Record<string, unknown>,
): DomainEvent {
  return { type: transition.event, command: transition.command, from, to: transition.to, actor, at, payload };
}

function refuse(refusal: Refusal): Decision {
  return { ok: false, refusal };
}
