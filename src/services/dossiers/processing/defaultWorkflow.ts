import type { Role } from "../../../db/schema.ts";
import type { InternalStep } from "../../../domain/dossier/status.ts";
import { INTERNAL_STEPS } from "../../../domain/dossier/status.ts";
import type { LocalizedText } from "../../validation/messages.ts";

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
export type Handover = "assign" | "forward" | "decide" | "return";

export interface WorkflowStep {
  /** The step's name; steps under public status 4 are the domain's internal steps (R-STATUS-2). */
  step: string;
  role: Role;
  /** Processing steps belong to the deciding agency; the counter's to the receiving one (R-XFER-3). */
  agency: "deciding" | "receiving";
  unit: StepUnit;
  /** This step's share of the dossier's processing time; its task is due that share after it opens (R-PROC-1). */
  share: number;
  handover: Handover;
  label: LocalizedText;
}

export interface Workflow {
  id: string;
  version: number;
  steps: readonly WorkflowStep[];
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
  return index < 0 ? undefined : workflow.steps[index + 1];
}

export function previousStep(workflow: Workflow, step: string): WorkflowStep | undefined {
  const index = workflow.steps.findIndex((candidate) => candidate.step === step);
  return index <= 0 ? undefined : workflow.steps[index - 1];
}

/** The first step with the given handover: where a result is signed, where the counter returns it. */
export function stepWithHandover(workflow: Workflow, handover: Handover): WorkflowStep | undefined {
  return workflow.steps.find((candidate) => candidate.handover === handover);
}

/** Steps under public status 4 are recorded as the dossier's internal step (R-STATUS-2). */
export function internalStepOf(step: string): InternalStep | undefined {
  return (INTERNAL_STEPS as readonly string[]).includes(step) ? (step as InternalStep) : undefined;
}

/** The workflow a dossier follows. One default for now; the configurable workflows issue looks it up per procedure. */
export function workflowFor(_dossier: { procedure_id: string; deciding_agency_id: string }): Workflow {
  return DEFAULT_WORKFLOW;
}
