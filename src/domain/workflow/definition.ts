/**
 * The declarative, versioned workflow of one procedure at one agency (R-CAT-4, R-PROC-1…5): what an agency
 * administrator configures without code and publishes as a new immutable version; a dossier keeps the version it
 * started with. This file is the contract shared by the engine, the admin API (`/api/admin/workflows`) and the
 * workflow editor.
 */

export interface WorkflowText {
  vi: string;
  en: string;
}

/** The account roles a workflow step or action may name (the office roles of the accounts model). */
export const WORKFLOW_ROLES = [
  "counter_officer",
  "specialist",
  "unit_head",
  "agency_leader",
  "agency_admin",
] as const;
export type WorkflowRole = (typeof WORKFLOW_ROLES)[number];

/**
 * Which unit of the acting agency a step's task goes to: the agency's professional unit, its leadership, its counter,
 * or `assignee` — the unit of the person chosen by the previous step (the specialist assigned by the unit head).
 */
export const STEP_UNITS = ["professional", "leadership", "counter", "assignee"] as const;
export type StepUnit = (typeof STEP_UNITS)[number];

/**
 * Whose step it is: the dossier's deciding agency, its receiving agency (the counter that received it, R-XFER-3), or
 * a named agency of an inter-agency chain (R-PROC-4), by its identifier code (R-CODE-3).
 */
export type StepAgency =
  | { kind: "deciding" }
  | { kind: "receiving" }
  | { kind: "agency"; agencyCode: string };

/** Who acts at a step: a unit and role of an agency, or the very person who acted at an earlier step. */
export type StepActor = { agency: StepAgency; unit: StepUnit; role: WorkflowRole } | { sameAs: string };

/** A step's duration: working hours or working days, fractions allowed (0.25 / 0.5 day, R-PROC-1; 1 wd = 8 wh). */
export interface StepDuration {
  amount: number;
  unit: "wh" | "wd";
}

/**
 * How a step's task ends (R-PROC-1, R-STATUS-3), which the lifecycle services act on: `assign` picks the person of
 * the next step; `forward` passes the step's output on; `decide` signs a result or a reasoned refusal; `return` is the
 * counter's return of the result; `consult` waits for consulted agencies/units (join all or any, R-PROC-3);
 * `wait` is a step whose clock is held by someone outside (the applicant supplementing or paying).
 */
export const STEP_HANDOVERS = ["assign", "forward", "decide", "return", "consult", "wait"] as const;
export type StepHandover = (typeof STEP_HANDOVERS)[number];

/** The public statuses a step may map to (R-STATUS-1): processing, supplement, payment, and the ends 9, 3, 8. */
export const STEP_PUBLIC_STATUSES = [3, 4, 5, 6, 8, 9] as const;
export type StepPublicStatus = (typeof STEP_PUBLIC_STATUSES)[number];
/** A step without any action leaving it ends the workflow: processed (9), not received (3) or stopped (8). */
export const TERMINAL_STEP_STATUSES: readonly StepPublicStatus[] = [9, 3, 8];

export interface StepDefinition {
  /** Unique within the definition; the dossier's internal step when `publicStatus` is 4 and it names one. */
  code: string;
  name: WorkflowText;
  actor: StepActor;
  duration: StepDuration;
  /** `paused`: the legal time does not run during the step (supplement, payment: R-SUPP-3, R-FEE-*). */
  clock: "running" | "paused";
  publicStatus: StepPublicStatus;
  handover: StepHandover;
  /** What the step must produce before it hands over (an appraisal opinion, a signed decision…), free labels. */
  outputs: string[];
}

/** Guards an action may carry: a fixed catalog the engine knows how to check. */
export const ACTION_GUARDS = [
  "always",
  "resultAttached",
  "consultationsJoined",
  "paymentConfirmed",
  "verificationRecorded",
  "assigneeChosen",
] as const;
export type ActionGuard = (typeof ACTION_GUARDS)[number];

/** Whom a consultation goes to: another agency (by code), or a kind of unit of the deciding agency. */
export type ConsultTarget = { agencyCode: string } | { unit: "professional" | "leadership" };

/**
 * Effects an action may have: a fixed catalog (issue #6). A consultation is a set of child tasks; `join` says whether
 * the step continues when all answered or as soon as any did (R-PROC-3).
 */
export type ActionEffect =
  | { kind: "requestSupplement" }
  | { kind: "consult"; targets: ConsultTarget[]; join: JoinRule; duration: StepDuration }
  | { kind: "requestPayment" }
  | { kind: "issueResult" }
  | { kind: "sign" }
  | { kind: "notify"; recipient: "applicant" | "assignee" | "unitHead" | "counter" };
export type EffectKind = ActionEffect["kind"];
export const EFFECT_KINDS: readonly EffectKind[] = [
  "requestSupplement",
  "consult",
  "requestPayment",
  "issueResult",
  "sign",
  "notify",
];

export type JoinRule = "all" | "any";

export interface ActionDefinition {
  code: string;
  name: WorkflowText;
  from: string;
  to: string;
  /** Roles that may take the action; empty means the role of the `from` step. */
  roles: WorkflowRole[];
  guard: ActionGuard;
  effects: ActionEffect[];
}

/** Warn the assignee / escalate to the unit head N working hours before (negative) or after (positive) a step's due. */
export interface TimerDefinition {
  step: string;
  kind: "warn" | "escalate";
  /** Working hours relative to the task's due instant: −4 = four working hours before, 8 = one working day after. */
  offsetHours: number;
}

/** One agency's part of an inter-agency chain (R-PROC-4): its task, its steps and its deadline. */
export interface InterAgencyLeg {
  agencyCode: string;
  task: WorkflowText;
  /** Codes of the steps this agency owns. */
  steps: string[];
  deadline: StepDuration;
}

/** Liên thông (R-PROC-4): the lead agency and each participating agency's task and deadline. */
export interface InterAgencyChain {
  leadAgencyCode: string;
  legs: InterAgencyLeg[];
}

export interface WorkflowDefinition {
  /** The first step of the dossier under the deciding agency (opened at transfer). */
  start: string;
  steps: StepDefinition[];
  actions: ActionDefinition[];
  timers: TimerDefinition[];
  interAgency?: InterAgencyChain | undefined;
}

/** The rules a validation issue may name (R-PROC-4 for time limits and chains, R-CAT-4 for the rest). */
export type WorkflowRule = "R-CAT-4" | "R-PROC-1" | "R-PROC-3" | "R-PROC-4" | "R-STATUS-1";

export const VALIDATION_CODES = [
  "NO_STEPS",
  "DUPLICATE_STEP",
  "DUPLICATE_ACTION",
  "UNKNOWN_START",
  "UNKNOWN_STEP",
  "UNREACHABLE_STEP",
  "DEAD_END",
  "TERMINAL_STATUS",
  "INVALID_DURATION",
  "UNKNOWN_AGENCY",
  "ROLE_NOT_IN_AGENCY",
  "SAME_AS_INVALID",
  "CONSULT_WITHOUT_TARGETS",
  "EXCEEDS_LEGAL_TIME",
  "LEAD_AGENCY_NOT_IN_CHAIN",
  "LEG_STEP_NOT_OWNED",
  "LEG_DEADLINE_TOO_SHORT",
] as const;
export type ValidationCode = (typeof VALIDATION_CODES)[number];

/** One problem found before publishing: its code, the rule, the step (or action) it is about, and a message. */
export interface ValidationIssue {
  code: ValidationCode;
  rule: WorkflowRule;
  step?: string;
  action?: string;
  message: WorkflowText;
}

/** A step's due instant in a simulation, with what is worth a warning. */
export interface SimulatedStep {
  step: string;
  startAt: string;
  dueAt: string;
  hours: number;
  clock: "running" | "paused";
  /** Holidays (R-CAL-2) the step's time spans, by name (e.g. "Tết Nguyên đán"). */
  holidays: string[];
}

export type SimulationWarning =
  | { code: "STEP_OVER_HOLIDAY"; step: string; holidays: string[]; message: WorkflowText }
  | { code: "EXCEEDS_LEGAL_TIME"; totalHours: number; legalHours: number; message: WorkflowText };

/** What the simulator shows: the longest path's steps on the real calendar, the total against the legal time. */
export interface SimulationResult {
  start: string;
  steps: SimulatedStep[];
  totalHours: number;
  legalHours: number | null;
  /** When the whole path is due, and when the legal time ends, from the same start. */
  dueAt: string;
  legalDueAt: string | null;
  warnings: SimulationWarning[];
}
