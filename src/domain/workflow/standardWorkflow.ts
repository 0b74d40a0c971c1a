import type { StepDuration, WorkflowDefinition } from "./definition.ts";
import { durationHours, HOURS_PER_WORKING_DAY, legalTimeHours } from "./duration.ts";

/**
 * A share of the legal time as a step duration, rounded down to a quarter hour so the steps never exceed it: whole
 * quarter days (0.25 / 0.5 day, R-PROC-1) when it comes out that way, working hours otherwise.
 */
export function shareOf(legalHours: number, share: number): StepDuration {
  return asDuration(Math.max(0.25, Math.floor(legalHours * share * 4) / 4));
}

function asDuration(hours: number): StepDuration {
  const days = hours / HOURS_PER_WORKING_DAY;
  return Number.isInteger(days * 4) ? { amount: days, unit: "wd" } : { amount: hours, unit: "wh" };
}

/**
 * The standard internal process (issue #4's default, now data): the counter transfers, the head of the professional
 * unit assigns (a tenth of the time), the specialist appraises (what remains, six tenths), the agency leader signs
 * (two tenths) and the counter returns the result (a tenth). The leader may send the appraisal back. Each step warns its holder two
 * working hours before its due and escalates to the unit head once it is one working hour late.
 */
export function standardWorkflow(legalTime: { amount: number; unit: "wh" | "wd" | "d" }): WorkflowDefinition {
  const legal = legalTimeHours(legalTime);
  const assign = shareOf(legal, 0.1);
  const approve = shareOf(legal, 0.2);
  const giveBack = shareOf(legal, 0.1);
  // Appraisal takes what the others leave, so rounding never pushes the whole beyond the legal time (R-PROC-4).
  const others = durationHours(assign) + durationHours(approve) + durationHours(giveBack);
  const appraise = asDuration(Math.max(0.25, Math.floor((legal - others) * 4) / 4));
  return {
    start: "awaitingAssignment",
    steps: [
      {
        code: "awaitingAssignment",
        name: { vi: "Chờ phân công xử lý", en: "Awaiting assignment" },
        actor: { agency: { kind: "deciding" }, unit: "professional", role: "unit_head" },
        duration: assign,
        clock: "running",
        publicStatus: 4,
        handover: "assign",
        outputs: [],
      },
      {
        code: "appraisal",
        name: { vi: "Thẩm định hồ sơ", en: "Appraisal" },
        actor: { agency: { kind: "deciding" }, unit: "assignee", role: "specialist" },
        duration: appraise,
        clock: "running",
        publicStatus: 4,
        handover: "forward",
        outputs: ["Tờ trình, dự thảo kết quả"],
      },
      {
        code: "awaitingApproval",
        name: { vi: "Chờ lãnh đạo phê duyệt", en: "Awaiting approval" },
        actor: { agency: { kind: "deciding" }, unit: "leadership", role: "agency_leader" },
        duration: approve,
        clock: "running",
        publicStatus: 4,
        handover: "decide",
        outputs: ["Kết quả đã ký số"],
      },
      {
        code: "returnResult",
        name: { vi: "Trả kết quả tại Bộ phận Một cửa", en: "Result to return at the counter" },
        actor: { agency: { kind: "receiving" }, unit: "counter", role: "counter_officer" },
        duration: giveBack,
        clock: "running",
        publicStatus: 9,
        handover: "return",
        outputs: [],
      },
    ],
    actions: [
      {
        code: "assign",
        name: { vi: "Phân công", en: "Assign" },
        from: "awaitingAssignment",
        to: "appraisal",
        roles: ["unit_head"],
        guard: "assigneeChosen",
        effects: [{ kind: "notify", recipient: "assignee" }],
      },
      {
        code: "submit",
        name: { vi: "Trình phê duyệt", en: "Submit for approval" },
        from: "appraisal",
        to: "awaitingApproval",
        roles: ["specialist"],
        guard: "always",
        effects: [],
      },
      {
        code: "sendBack",
        name: { vi: "Trả lại thẩm định", en: "Send back" },
        from: "awaitingApproval",
        to: "appraisal",
        roles: ["agency_leader"],
        guard: "always",
        effects: [],
      },
      {
        code: "approve",
        name: { vi: "Phê duyệt, ký kết quả", en: "Approve and sign" },
        from: "awaitingApproval",
        to: "returnResult",
        roles: ["agency_leader"],
        guard: "resultAttached",
        effects: [{ kind: "sign" }, { kind: "issueResult" }, { kind: "notify", recipient: "applicant" }],
      },
    ],
    timers: ["awaitingAssignment", "appraisal", "awaitingApproval", "returnResult"].flatMap((step) => [
      { step, kind: "warn" as const, offsetHours: -2 },
      { step, kind: "escalate" as const, offsetHours: 1 },
    ]),
  };
}
