import type { Actor, Role } from "../../../src/domain/dossier/actor.ts";
import type { DossierCommand, DossierCommandType } from "../../../src/domain/dossier/commands.ts";
import { type DecisionContext, decide } from "../../../src/domain/dossier/decide.ts";
import type { DossierState } from "../../../src/domain/dossier/dossierState.ts";
import type { DomainEvent } from "../../../src/domain/dossier/events.ts";
import type { PublicStatus } from "../../../src/domain/dossier/status.ts";
import { at, testCalendar } from "../deadlines/testCalendar.ts";

export { at };

export const APPLICANT_ID = "citizen-1";

export const ACTORS: Record<Role, Actor> = {
  applicant: { role: "applicant", id: APPLICANT_ID },
  counterOfficer: { role: "counterOfficer", id: "officer-counter" },
  specialist: { role: "specialist", id: "officer-specialist" },
  unitHead: { role: "unitHead", id: "officer-head" },
  leader: { role: "leader", id: "officer-leader" },
  paymentSystem: { role: "paymentSystem", id: "gateway" },
  system: { role: "system", id: "job" },
};

/** Procedure with a 3-working-day legal time; default policy and options. */
export const CONTEXT: DecisionContext = { calendar: testCalendar(), legalTime: { amount: 3, unit: "wd" } };

/** A command of each type that passes its own rule (the table and the role decide the rest). */
export const VALID_COMMANDS: { [T in DossierCommandType]: Extract<DossierCommand, { type: T }> } = {
  submitOnline: { type: "submitOnline", applicantId: APPLICANT_ID },
  intakePaper: { type: "intakePaper", applicantId: APPLICANT_ID, channel: "counter" },
  accept: { type: "accept" },
  refuse: { type: "refuse", reasons: ["Hồ sơ không thuộc thẩm quyền giải quyết"] },
  requestSupplementAtReception: {
    type: "requestSupplementAtReception",
    reason: "Thiếu giấy tờ",
    items: ["Bản sao căn cước", "Tờ khai có chữ ký"],
  },
  resubmitSupplement: { type: "resubmitSupplement" },
  editBeforeAcceptance: { type: "editBeforeAcceptance", changes: ["formData.tenTre"] },
  provideSupplement: { type: "provideSupplement", documentRefs: ["ban-ve-bo-sung.pdf"] },
  transfer: { type: "transfer" },
  forwardToAuthority: { type: "forwardToAuthority", reason: "Thuộc thẩm quyền của cơ quan khác" },
  advanceStep: { type: "advanceStep", step: "appraisal", output: "Phiếu phân công thẩm định" },
  decideAtCounter: { type: "decideAtCounter", documentRefs: ["ket-qua-1.pdf"] },
  requestSupplementAfterAppraisal: {
    type: "requestSupplementAfterAppraisal",
    reason: "Bản vẽ chưa đúng tỷ lệ",
    items: ["Bản vẽ tỷ lệ 1/100"],
  },
  receiveSupplement: { type: "receiveSupplement" },
  requestPayment: { type: "requestPayment", obligations: [{ name: "Lệ phí cấp giấy phép", amount: 50_000 }] },
  confirmPayment: { type: "confirmPayment", receiptRef: "BL-0001" },
  requestWithdrawal: { type: "requestWithdrawal", reason: "Không còn nhu cầu" },
  confirmStop: { type: "confirmStop", noticeRef: "TB-dung-1" },
  closeForMissingSupplement: { type: "closeForMissingSupplement" },
  refuseAfterAppraisal: {
    type: "refuseAfterAppraisal",
    reasons: ["Không đủ điều kiện theo quy định"],
    noticeRef: "phieu-tu-choi-1.pdf",
  },
  approveResult: { type: "approveResult", documentRefs: ["giay-phep-1.pdf"] },
  returnResult: { type: "returnResult", channel: "counter" },
  requestExtension: {
    type: "requestExtension",
    reason: "Cần xác minh thực địa",
    newDueAt: at("2025-07-18 17:00"),
  },
};

/** When each command is given in the table tests: inside every window, after every fixture change. */
export function nowFor(command: DossierCommandType): Date {
  // The abandonment period (15 working days after the notice, R-SUPP-4) must be over.
  return command === "closeForMissingSupplement" ? at("2025-09-30 09:00") : at("2025-07-14 11:00");
}

export type Step = [DossierCommand, Actor, Date];

/** Applies steps that must all succeed; returns the state and every event. */
export function run(steps: Step[], context: DecisionContext = CONTEXT, initial?: DossierState) {
  let state = initial;
  const events: DomainEvent[] = [];
  for (const [command, actor, now] of steps) {
    const decision = decide(state, command, actor, now, context);
    if (!decision.ok) throw new Error(`${command.type} refused: ${decision.refusal.code}`);
    state = decision.state;
    events.push(...decision.events);
  }
  return { state: state!, events };
}

const submitted: Step = [VALID_COMMANDS.submitOnline, ACTORS.applicant, at("2025-07-14 08:00")];
const accepted: Step = [VALID_COMMANDS.accept, ACTORS.counterOfficer, at("2025-07-14 08:30")];
const transferred: Step = [VALID_COMMANDS.transfer, ACTORS.counterOfficer, at("2025-07-14 09:00")];

/** The steps that bring an online dossier (accepted Monday 14 July 2025 08:30) to a status. */
export const PATHS: Record<PublicStatus | "5-reception", Step[]> = {
  1: [submitted],
  2: [submitted, accepted],
  3: [submitted, [VALID_COMMANDS.refuse, ACTORS.counterOfficer, at("2025-07-14 08:30")]],
  4: [submitted, accepted, transferred],
  5: [
    submitted,
    accepted,
    transferred,
    [VALID_COMMANDS.requestSupplementAfterAppraisal, ACTORS.specialist, at("2025-07-14 09:30")],
  ],
  "5-reception": [
    submitted,
    [VALID_COMMANDS.requestSupplementAtReception, ACTORS.counterOfficer, at("2025-07-14 08:30")],
  ],
  6: [
    submitted,
    accepted,
    transferred,
    [VALID_COMMANDS.requestPayment, ACTORS.specialist, at("2025-07-14 09:30")],
  ],
  7: [
    submitted,
    accepted,
    transferred,
    [VALID_COMMANDS.requestWithdrawal, ACTORS.applicant, at("2025-07-14 09:30")],
  ],
  8: [
    submitted,
    accepted,
    transferred,
    [VALID_COMMANDS.requestWithdrawal, ACTORS.applicant, at("2025-07-14 09:30")],
    [VALID_COMMANDS.confirmStop, ACTORS.counterOfficer, at("2025-07-14 09:45")],
  ],
  9: [
    submitted,
    accepted,
    transferred,
    [VALID_COMMANDS.approveResult, ACTORS.leader, at("2025-07-14 09:30")],
  ],
  10: [
    submitted,
    accepted,
    transferred,
    [VALID_COMMANDS.approveResult, ACTORS.leader, at("2025-07-14 09:30")],
    [VALID_COMMANDS.returnResult, ACTORS.counterOfficer, at("2025-07-14 09:45")],
  ],
};

/** A dossier in `status`; a waiting supplement is the appraisal one unless the command resubmits at reception. */
export function dossierAt(status: PublicStatus, command?: DossierCommandType): DossierState {
  const path = status === 5 && command === "resubmitSupplement" ? PATHS["5-reception"] : PATHS[status];
  return run(path).state;
}
