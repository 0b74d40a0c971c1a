import type {
  ActionDefinition,
  StepDefinition,
  WorkflowDefinition,
} from "../../../src/domain/workflow/definition.ts";
import { WORKFLOW_ROLES } from "../../../src/domain/workflow/definition.ts";
import type { ValidationContext } from "../../../src/domain/workflow/validate.ts";

export const ALL_ROLES = [...WORKFLOW_ROLES];

/** A province where every role is held in the deciding and receiving agencies and in two partner agencies. */
export function context(overrides: Partial<ValidationContext> = {}): ValidationContext {
  return {
    decidingAgencyCode: "000.20.01.H99",
    roles: {
      deciding: ALL_ROLES,
      receiving: ALL_ROLES,
      agencies: { "000.20.01.H99": ALL_ROLES, "000.00.17.H99": ALL_ROLES, "000.00.11.H99": ["specialist"] },
    },
    legalTime: { amount: 5, unit: "wd" },
    ...overrides,
  };
}

export function step(code: string, overrides: Partial<StepDefinition> = {}): StepDefinition {
  return {
    code,
    name: { vi: code, en: code },
    actor: { agency: { kind: "deciding" }, unit: "professional", role: "specialist" },
    duration: { amount: 1, unit: "wd" },
    clock: "running",
    publicStatus: 4,
    handover: "forward",
    outputs: [],
    ...overrides,
  };
}

export function action(
  from: string,
  to: string,
  overrides: Partial<ActionDefinition> = {},
): ActionDefinition {
  return {
    code: `${from}->${to}`,
    name: { vi: `${from} → ${to}`, en: `${from} → ${to}` },
    from,
    to,
    roles: [],
    guard: "always",
    effects: [],
    ...overrides,
  };
}

/** A linear workflow of `hours` (one entry per step, in working hours), ending at a step mapped to status 9. */
export function linear(hours: readonly number[]): WorkflowDefinition {
  const steps = hours.map((h, index) =>
    step(`s${index}`, {
      duration: { amount: h, unit: "wh" },
      ...(index === hours.length - 1 ? { publicStatus: 9 as const, handover: "return" as const } : {}),
    }),
  );
  return {
    start: "s0",
    steps,
    actions: steps.slice(1).map((s, index) => action(steps[index]!.code, s.code)),
    timers: [],
  };
}
