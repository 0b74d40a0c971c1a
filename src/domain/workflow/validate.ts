import type {
  StepAgency,
  StepDefinition,
  StepDuration,
  ValidationIssue,
  WorkflowDefinition,
  WorkflowRole,
} from "./definition.ts";
import { TERMINAL_STEP_STATUSES } from "./definition.ts";
import { durationHours, legalTimeHours, longestPath } from "./duration.ts";

/** What validation needs to know of the province: which roles people hold where, and the procedure's legal time. */
export interface ValidationContext {
  /** The deciding agency's code, so a chain leg may name it (R-PROC-4). */
  decidingAgencyCode: string;
  /** Roles held by active officers: in the deciding agency, the receiving one, and each other agency by code. */
  roles: {
    deciding: readonly string[];
    receiving: readonly string[];
    agencies: Readonly<Record<string, readonly string[]>>;
  };
  /** The offering's legal time (R-PROC-4); null when the procedure publishes none. */
  legalTime: { amount: number; unit: "wh" | "wd" | "d" } | null;
}

const hours = (value: number) => Math.round(value * 100) / 100;

/** The roles available in a step's agency, or undefined when the agency is unknown. */
function rolesIn(agency: StepAgency, context: ValidationContext): readonly string[] | undefined {
  if (agency.kind === "deciding") return context.roles.deciding;
  if (agency.kind === "receiving") return context.roles.receiving;
  return context.roles.agencies[agency.agencyCode];
}

function agencyCodeOf(agency: StepAgency, context: ValidationContext): string | null {
  if (agency.kind === "agency") return agency.agencyCode;
  return agency.kind === "deciding" ? context.decidingAgencyCode : null;
}

function validDuration(duration: StepDuration): boolean {
  return Number.isFinite(duration.amount) && duration.amount > 0;
}

/**
 * Static checks before publishing (issue #6, R-CAT-4, R-PROC-4): unique codes, known steps, every step reachable from
 * the start, no step from which no end can be reached, ends mapping to 9, 3 or 8, positive durations, every role held
 * by someone in its agency, consultations with someone to ask, and the longest path within the legal time. Every
 * issue names its step (or action) and rule; an empty list means the definition may be published.
 */
export function validateWorkflow(
  definition: WorkflowDefinition,
  context: ValidationContext,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (definition.steps.length === 0) {
    issues.push({
      code: "NO_STEPS",
      rule: "R-CAT-4",
      message: { vi: "Quy trình chưa có bước nào", en: "The workflow has no steps" },
    });
    return issues;
  }
  const byCode = new Map<string, StepDefinition>();
  for (const step of definition.steps) {
    if (byCode.has(step.code))
      issues.push({
        code: "DUPLICATE_STEP",
        rule: "R-CAT-4",
        step: step.code,
        message: { vi: `Mã bước "${step.code}" bị trùng`, en: `Step code "${step.code}" is used twice` },
      });
    else byCode.set(step.code, step);
  }
  const actionCodes = new Set<string>();
  for (const action of definition.actions) {
    if (actionCodes.has(action.code))
      issues.push({
        code: "DUPLICATE_ACTION",
        rule: "R-CAT-4",
        action: action.code,
        message: {
          vi: `Mã thao tác "${action.code}" bị trùng`,
          en: `Action code "${action.code}" is used twice`,
        },
      });
    actionCodes.add(action.code);
    for (const end of [action.from, action.to])
      if (!byCode.has(end))
        issues.push({
          code: "UNKNOWN_STEP",
          rule: "R-CAT-4",
          step: end,
          action: action.code,
          message: {
            vi: `Thao tác "${action.code}" nhắc đến bước "${end}" không có trong quy trình`,
            en: `Action "${action.code}" names step "${end}", which is not in the workflow`,
          },
        });
  }
  if (!byCode.has(definition.start)) {
    issues.push({
      code: "UNKNOWN_START",
      rule: "R-CAT-4",
      step: definition.start,
      message: {
        vi: `Bước bắt đầu "${definition.start}" không có trong quy trình`,
        en: `The start step "${definition.start}" is not in the workflow`,
      },
    });
  } else {
    checkGraph(definition, byCode, issues);
  }
  for (const step of byCode.values()) checkStep(step, byCode, context, issues);
  checkActions(definition, byCode, context, issues);
  for (const timer of definition.timers)
    if (!byCode.has(timer.step))
      issues.push({
        code: "UNKNOWN_STEP",
        rule: "R-CAT-4",
        step: timer.step,
        message: {
          vi: `Bộ hẹn giờ gắn với bước "${timer.step}" không có trong quy trình`,
          en: `A timer is set on step "${timer.step}", which is not in the workflow`,
        },
      });
  if (definition.interAgency) checkChain(definition, byCode, context, issues);
  if (context.legalTime) {
    const legal = legalTimeHours(context.legalTime);
    const path = longestPath(definition);
    if (path.hours > legal)
      issues.push({
        code: "EXCEEDS_LEGAL_TIME",
        rule: "R-PROC-4",
        step: path.steps[path.steps.length - 1]!,
        message: {
          vi: `Đường xử lý dài nhất (${path.steps.join(" → ")}) cần ${hours(path.hours)} giờ làm việc, vượt thời hạn giải quyết ${legal} giờ`,
          en: `The longest path (${path.steps.join(" → ")}) takes ${hours(path.hours)} working hours, more than the legal ${legal}`,
        },
      });
  }
  return issues;
}

/** Reachability from the start, ends and their statuses, and steps from which no end can be reached. */
function checkGraph(
  definition: WorkflowDefinition,
  byCode: ReadonlyMap<string, StepDefinition>,
  issues: ValidationIssue[],
): void {
  const edges = definition.actions.filter((action) => byCode.has(action.from) && byCode.has(action.to));
  const reached = new Set([definition.start]);
  const queue = [definition.start];
  while (queue.length > 0) {
    const code = queue.shift()!;
    for (const action of edges)
      if (action.from === code && !reached.has(action.to)) {
        reached.add(action.to);
        queue.push(action.to);
      }
  }
  const terminal = (code: string) => !edges.some((action) => action.from === code);
  // Steps from which an end can be reached: the ends, then backwards along the actions.
  const ending = new Set([...byCode.keys()].filter(terminal));
  let grew = true;
  while (grew) {
    grew = false;
    for (const action of edges)
      if (ending.has(action.to) && !ending.has(action.from)) {
        ending.add(action.from);
        grew = true;
      }
  }
  for (const step of byCode.values()) {
    if (!reached.has(step.code))
      issues.push({
        code: "UNREACHABLE_STEP",
        rule: "R-CAT-4",
        step: step.code,
        message: {
          vi: `Không có thao tác nào dẫn từ bước bắt đầu tới bước "${step.code}"`,
          en: `No action leads from the start to step "${step.code}"`,
        },
      });
    if (terminal(step.code)) {
      if (!TERMINAL_STEP_STATUSES.includes(step.publicStatus))
        issues.push({
          code: "TERMINAL_STATUS",
          rule: "R-STATUS-1",
          step: step.code,
          message: {
            vi: `Bước cuối "${step.code}" phải ứng với trạng thái 9, 3 hoặc 8 (đang là ${step.publicStatus})`,
            en: `End step "${step.code}" must map to status 9, 3 or 8 (it maps to ${step.publicStatus})`,
          },
        });
    } else if (!ending.has(step.code))
      issues.push({
        code: "DEAD_END",
        rule: "R-CAT-4",
        step: step.code,
        message: {
          vi: `Từ bước "${step.code}" không thể đi tới bước kết thúc nào`,
          en: `No end of the workflow can be reached from step "${step.code}"`,
        },
      });
  }
}

function checkStep(
  step: StepDefinition,
  byCode: ReadonlyMap<string, StepDefinition>,
  context: ValidationContext,
  issues: ValidationIssue[],
): void {
  if (!validDuration(step.duration))
    issues.push({
      code: "INVALID_DURATION",
      rule: "R-PROC-1",
      step: step.code,
      message: {
        vi: `Thời gian của bước "${step.code}" phải là số dương (giờ hoặc ngày làm việc, có thể lẻ như 0,25 ngày)`,
        en: `Step "${step.code}" needs a positive duration (working hours or days, fractions such as 0.25 day allowed)`,
      },
    });
  if ("sameAs" in step.actor) {
    const other = byCode.get(step.actor.sameAs);
    if (!other || other === step || "sameAs" in other.actor)
      issues.push({
        code: "SAME_AS_INVALID",
        rule: "R-PROC-1",
        step: step.code,
        message: {
          vi: `Bước "${step.code}" giao cho người đã làm bước "${step.actor.sameAs}", nhưng bước đó không có hoặc không tự xác định người làm`,
          en: `Step "${step.code}" goes to whoever did step "${step.actor.sameAs}", which is missing or does not name its own actor`,
        },
      });
    return;
  }
  checkRole(step.actor.agency, step.actor.role, step.code, undefined, context, issues);
}

function checkRole(
  agency: StepAgency,
  role: WorkflowRole,
  step: string,
  action: string | undefined,
  context: ValidationContext,
  issues: ValidationIssue[],
): void {
  const roles = rolesIn(agency, context);
  const where = action ? { step, action } : { step };
  if (!roles) {
    const code = agency.kind === "agency" ? agency.agencyCode : agency.kind;
    issues.push({
      code: "UNKNOWN_AGENCY",
      rule: "R-PROC-4",
      ...where,
      message: {
        vi: `Bước "${step}" thuộc cơ quan ${code} không có trong danh mục`,
        en: `Step "${step}" belongs to agency ${code}, which is not in the catalogue`,
      },
    });
  } else if (!roles.includes(role))
    issues.push({
      code: "ROLE_NOT_IN_AGENCY",
      rule: "R-PROC-1",
      ...where,
      message: {
        vi: `Không có cán bộ nào giữ vai trò ${role} tại cơ quan của bước "${step}"${action ? ` (thao tác "${action}")` : ""}`,
        en: `No officer holds role ${role} in the agency of step "${step}"${action ? ` (action "${action}")` : ""}`,
      },
    });
}

/** The agency that acts at a step, following "same person as step X" once. */
function actingAgency(
  step: StepDefinition,
  byCode: ReadonlyMap<string, StepDefinition>,
): StepAgency | undefined {
  const actor = "sameAs" in step.actor ? byCode.get(step.actor.sameAs)?.actor : step.actor;
  return actor && "agency" in actor ? actor.agency : undefined;
}

function checkActions(
  definition: WorkflowDefinition,
  byCode: ReadonlyMap<string, StepDefinition>,
  context: ValidationContext,
  issues: ValidationIssue[],
): void {
  for (const action of definition.actions) {
    const from = byCode.get(action.from);
    const agency = from && actingAgency(from, byCode);
    if (agency)
      for (const role of action.roles) checkRole(agency, role, action.from, action.code, context, issues);
    for (const effect of action.effects) {
      if (effect.kind !== "consult") continue;
      if (effect.targets.length === 0)
        issues.push({
          code: "CONSULT_WITHOUT_TARGETS",
          rule: "R-PROC-3",
          step: action.from,
          action: action.code,
          message: {
            vi: `Thao tác "${action.code}" lấy ý kiến nhưng chưa chọn cơ quan, đơn vị nào`,
            en: `Action "${action.code}" consults but names no agency or unit`,
          },
        });
      if (!validDuration(effect.duration))
        issues.push({
          code: "INVALID_DURATION",
          rule: "R-PROC-3",
          step: action.from,
          action: action.code,
          message: {
            vi: `Thời hạn trả lời ý kiến của thao tác "${action.code}" phải là số dương`,
            en: `The answer deadline of action "${action.code}" must be positive`,
          },
        });
      for (const target of effect.targets)
        if ("agencyCode" in target && !context.roles.agencies[target.agencyCode])
          issues.push({
            code: "UNKNOWN_AGENCY",
            rule: "R-PROC-3",
            step: action.from,
            action: action.code,
            message: {
              vi: `Thao tác "${action.code}" lấy ý kiến cơ quan ${target.agencyCode} không có trong danh mục`,
              en: `Action "${action.code}" consults agency ${target.agencyCode}, which is not in the catalogue`,
            },
          });
    }
  }
}

/** Liên thông (R-PROC-4): the lead takes part, each leg's steps are its own, each leg's deadline covers them. */
function checkChain(
  definition: WorkflowDefinition,
  byCode: ReadonlyMap<string, StepDefinition>,
  context: ValidationContext,
  issues: ValidationIssue[],
): void {
  const chain = definition.interAgency!;
  if (!chain.legs.some((leg) => leg.agencyCode === chain.leadAgencyCode))
    issues.push({
      code: "LEAD_AGENCY_NOT_IN_CHAIN",
      rule: "R-PROC-4",
      step: definition.start,
      message: {
        vi: `Cơ quan chủ trì ${chain.leadAgencyCode} không có phần việc nào trong chuỗi liên thông`,
        en: `The lead agency ${chain.leadAgencyCode} has no part in the inter-agency chain`,
      },
    });
  for (const leg of chain.legs) {
    let legHours = 0;
    for (const code of leg.steps) {
      const step = byCode.get(code);
      if (!step) {
        issues.push({
          code: "UNKNOWN_STEP",
          rule: "R-PROC-4",
          step: code,
          message: {
            vi: `Phần việc của ${leg.agencyCode} nhắc đến bước "${code}" không có trong quy trình`,
            en: `The part of ${leg.agencyCode} names step "${code}", which is not in the workflow`,
          },
        });
        continue;
      }
      const agency = actingAgency(step, byCode);
      if (!agency || agencyCodeOf(agency, context) !== leg.agencyCode)
        issues.push({
          code: "LEG_STEP_NOT_OWNED",
          rule: "R-PROC-4",
          step: code,
          message: {
            vi: `Bước "${code}" không do ${leg.agencyCode} thực hiện nên không thuộc phần việc của cơ quan này`,
            en: `Step "${code}" is not done by ${leg.agencyCode}, so it cannot be part of that agency's task`,
          },
        });
      if (step.clock === "running") legHours += durationHours(step.duration);
    }
    const deadline = durationHours(leg.deadline);
    if (!validDuration(leg.deadline) || legHours > deadline)
      issues.push({
        code: "LEG_DEADLINE_TOO_SHORT",
        rule: "R-PROC-4",
        step: leg.steps[leg.steps.length - 1] ?? definition.start,
        message: {
          vi: `Thời hạn của ${leg.agencyCode} (${hours(deadline)} giờ làm việc) không đủ cho các bước của cơ quan này (${hours(legHours)} giờ)`,
          en: `The deadline of ${leg.agencyCode} (${hours(deadline)} working hours) does not cover its steps (${hours(legHours)} hours)`,
        },
      });
  }
}
