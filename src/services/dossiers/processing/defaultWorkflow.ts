import type { Kysely } from "kysely";
import type { Database, Role } from "../../../db/schema.ts";
import type { InternalStep } from "../../../domain/dossier/status.ts";
import { INTERNAL_STEPS } from "../../../domain/dossier/status.ts";
import type { JoinRule, StepDefinition, WorkflowDefinition } from "../../../domain/workflow/definition.ts";
import { backActions, durationHours } from "../../../domain/workflow/duration.ts";
import type { LocalizedText } from "../../validation/messages.ts";
import { loadVersion } from "../../workflows/workflowStore.ts";

/**
 * Which unit of which agency a step's task goes to. `assignee`: the unit in which the chosen person holds the step's
 * role; the others: the agency's unit of that kind.
 */
export type StepUnit = "professional" | "leadership" | "counter" | "assignee";

/**
 * How a step's task ends and hands over (R-PROC-1, R-STATUS-3): `assign` picks the person of the next step;
 * `forward` passes the step's output to the next step; `decide` signs a result or a reasoned refusal (leaving status
 * 4); `return` is the counter's return of the result (status 9 → 10).
 */
export type Handover = "assign" | "forward" | "decide" | "return" | "consult" | "wait";

export interface WorkflowStep {
  /** The step's name; steps under public status 4 are the domain's internal steps (R-STATUS-2). */
  step: string;
  role: Role;
  /**
   * Processing steps belong to the deciding agency; the counter's to the receiving one (R-XFER-3); a step of an
   * inter-agency chain to the named agency (R-PROC-4).
   */
  agency: "deciding" | "receiving" | { agencyId: string };
  unit: StepUnit;
  /** This step's share of the dossier's processing time; its task is due that share after it opens (R-PROC-1). */
  share: number;
  /** A configured step's own duration in working hours; when set it decides the task's due instead of `share`. */
  hours?: number;
  /** The step goes to whoever did this earlier step ("same person as step X"). */
  sameAs?: string;
  /** Where the step's handover leads and where a send-back returns, when the workflow says so (its actions). */
  next?: string;
  previous?: string;
  handover: Handover;
  label: LocalizedText;
}

export interface Workflow {
  id: string;
  version: number;
  steps: readonly WorkflowStep[];
  /** The published version a dossier is pinned to; absent for the built-in default. */
  versionId?: string;
  definition?: WorkflowDefinition;
}

/**
 * The default linear workflow (issue #4): the unit head of the deciding agency's professional unit assigns, the
 * assigned specialist appraises, the agency leader approves, and the counter returns the result. It is data so that
 * configurable, versioned workflows (their own issue) replace it without touching the use cases. The shares leave
 * a tenth of the time to the counter's return and sum to 1.
 */
export const DEFAULT_WORKFLOW: Workflow = Object.freeze({
  id: "default-linear",
  version: 1,
  steps: Object.freeze([
    {
      step: "awaitingAssignment",
      role: "unit_head",
      agency: "deciding",
      unit: "professional",
      share: 0.1,
      handover: "assign",
      label: { vi: "Chờ phân công xử lý", en: "Awaiting assignment" },
    },
    {
      step: "appraisal",
      role: "specialist",
      agency: "deciding",
      unit: "assignee",
      share: 0.6,
      handover: "forward",
      label: { vi: "Thẩm định hồ sơ", en: "Appraisal" },
    },
    {
      step: "awaitingApproval",
      role: "agency_leader",
      agency: "deciding",
      unit: "leadership",
      share: 0.2,
      handover: "decide",
      label: { vi: "Chờ lãnh đạo phê duyệt", en: "Awaiting approval" },
    },
    {
      step: "returnResult",
      role: "counter_officer",
      agency: "receiving",
      unit: "counter",
      share: 0.1,
      handover: "return",
      label: { vi: "Trả kết quả tại Bộ phận Một cửa", en: "Result to return at the counter" },
    },
  ] satisfies WorkflowStep[]),
});

export function findStep(workflow: Workflow, step: string): WorkflowStep | undefined {
  return workflow.steps.find((candidate) => candidate.step === step);
}

export function nextStep(workflow: Workflow, step: string): WorkflowStep | undefined {
  const index = workflow.steps.findIndex((candidate) => candidate.step === step);
  if (index < 0) return undefined;
  const current = workflow.steps[index]!;
  return workflow.definition
    ? current.next === undefined
      ? undefined
      : findStep(workflow, current.next)
    : workflow.steps[index + 1];
}

export function previousStep(workflow: Workflow, step: string): WorkflowStep | undefined {
  const index = workflow.steps.findIndex((candidate) => candidate.step === step);
  if (index <= 0) return undefined;
  const current = workflow.steps[index]!;
  return workflow.definition
    ? current.previous === undefined
      ? undefined
      : findStep(workflow, current.previous)
    : workflow.steps[index - 1];
}

/** The first step with the given handover: where a result is signed, where the counter returns it. */
export function stepWithHandover(workflow: Workflow, handover: Handover): WorkflowStep | undefined {
  return workflow.steps.find((candidate) => candidate.handover === handover);
}

/** Steps under public status 4 are recorded as the dossier's internal step (R-STATUS-2). */
export function internalStepOf(step: string): InternalStep | undefined {
  return (INTERNAL_STEPS as readonly string[]).includes(step) ? (step as InternalStep) : undefined;
}

/**
 * The internal step (R-STATUS-2) a dossier is at while a step's task is open: the step's own code when it is one of
 * the domain's internal steps, otherwise what its handover means; steps of another agency are an inter-agency leg.
 * Steps outside status 4 (the counter's return, the applicant's wait) have none.
 */
export function internalStepFor(step: WorkflowStep): InternalStep | undefined {
  const own = internalStepOf(step.step);
  if (own) return own;
  if (typeof step.agency === "object") return "interAgencyLeg";
  const byHandover: Partial<Record<Handover, InternalStep>> = {
    assign: "awaitingAssignment",
    forward: "appraisal",
    decide: "awaitingApproval",
    consult: "awaitingConsultation",
  };
  return byHandover[step.handover];
}

/**
 * How a step joins the answers of the consultations it sends (R-PROC-3): the join of its action's consult effect, or
 * all answers when the workflow does not say (the built-in default).
 */
export function consultJoinOf(workflow: Workflow, step: string): JoinRule {
  for (const action of workflow.definition?.actions ?? []) {
    if (action.from !== step) continue;
    const consult = action.effects.find((effect) => effect.kind === "consult");
    if (consult) return consult.join;
  }
  return "all";
}

type PinnedDossier = {
  procedure_id: string;
  deciding_agency_id: string;
  workflow_version_id?: string | null;
};

/** Published versions as the lifecycle services run them, by version id; versions never change once published. */
const runtimeCache = new Map<string, Workflow>();

/**
 * A published definition as the lifecycle services run it: its steps in the definition's order, each with its
 * actor, its duration in working hours, and where its forward action leads and its send-back returns (R-PROC-1).
 * Agencies of an inter-agency chain are named by code in the definition and by id here (R-PROC-4).
 */
export function runtimeWorkflow(
  version: { id: string; version: number; definition: WorkflowDefinition },
  agencyIds: ReadonlyMap<string, string>,
): Workflow {
  const { definition } = version;
  const byCode = new Map(definition.steps.map((step) => [step.code, step]));
  const index = new Map(definition.steps.map((step, position) => [step.code, position]));
  const back = backActions(definition);
  const forward = definition.actions.filter(
    (action, position) => !back.has(position) && byCode.has(action.from) && byCode.has(action.to),
  );
  const actorOf = (step: StepDefinition) =>
    "sameAs" in step.actor ? byCode.get(step.actor.sameAs)?.actor : step.actor;
  const steps = definition.steps.map((step): WorkflowStep => {
    const actor = actorOf(step);
    const direct = actor && "agency" in actor ? actor : undefined;
    const agency = direct?.agency ?? { kind: "deciding" as const };
    // The first forward action is the step's handover. A send-back returns where the step's own backward action
    // leads (a loop onto itself, such as a consultation round, is not one), else to the step it came from.
    const next = forward.find((action) => action.from === step.code)?.to;
    const previous =
      definition.actions.find(
        (action, position) => back.has(position) && action.from === step.code && action.to !== step.code,
      )?.to ??
      forward.find((action) => action.to === step.code && index.get(action.from)! < index.get(step.code)!)
        ?.from;
    return {
      step: step.code,
      role: (direct?.role ?? "specialist") as Role,
      agency:
        agency.kind === "agency"
          ? { agencyId: agencyIds.get(agency.agencyCode) ?? agency.agencyCode }
          : agency.kind,
      unit: direct?.unit ?? "assignee",
      share: 0,
      hours: step.clock === "running" ? durationHours(step.duration) : undefined,
      ...("sameAs" in step.actor ? { sameAs: step.actor.sameAs } : {}),
      ...(next !== undefined ? { next } : {}),
      ...(previous !== undefined ? { previous } : {}),
      handover: step.handover,
      label: step.name,
    };
  });
  // The start step comes first: the lifecycle opens `steps[0]` at transfer.
  steps.sort((a, b) => Number(b.step === definition.start) - Number(a.step === definition.start));
  return { id: `workflow:${version.id}`, version: version.version, steps, versionId: version.id, definition };
}

/**
 * Loads (once per process) the version a dossier is pinned to, so that `workflowFor` answers it. Use cases call it
 * before they decide; a dossier without a pinned version follows the built-in default.
 */
export async function loadWorkflowFor(db: Kysely<Database>, dossier: PinnedDossier): Promise<Workflow> {
  const id = dossier.workflow_version_id;
  if (!id) return DEFAULT_WORKFLOW;
  const cached = runtimeCache.get(id);
  if (cached) return cached;
  const version = await loadVersion(db, id);
  if (!version) return DEFAULT_WORKFLOW;
  const codes = version.definition.steps.flatMap((step) =>
    "agency" in step.actor && step.actor.agency.kind === "agency" ? [step.actor.agency.agencyCode] : [],
  );
  const agencies =
    codes.length > 0
      ? await db.selectFrom("agencies").select(["id", "code"]).where("code", "in", codes).execute()
      : [];
  const workflow = runtimeWorkflow(version, new Map(agencies.map((agency) => [agency.code, agency.id])));
  runtimeCache.set(id, workflow);
  return workflow;
}

/**
 * The workflow a dossier follows: the published version it was pinned to at transfer (loaded by `loadWorkflowFor`,
 * which every processing command does first), or the built-in default linear workflow for dossiers without one.
 */
export function workflowFor(dossier: PinnedDossier): Workflow {
  const id = dossier.workflow_version_id;
  return (id && runtimeCache.get(id)) || DEFAULT_WORKFLOW;
}
