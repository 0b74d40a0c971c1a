import type { Role } from "./actor.ts";
import type { DossierCommandType } from "./commands.ts";
import type { DossierRuleOptions } from "./dossierRuleOptions.ts";
import type { DossierEventType } from "./events.ts";
import type { PublicStatus } from "./status.ts";

/**
 * The dossier's life as data (R-STATUS-5): which command moves which status to which, who may give it, the event it
 * leaves. A later configurable workflow engine drives the steps under status 4; this table stays the public frame.
 * Rows whose `from` equals `to` change no public status (internal steps, extensions: R-STATUS-2, R-LATE).
 */
export interface Transition {
  command: DossierCommandType;
  /** `null`: the command creates the dossier. */
  from: PublicStatus | null;
  to: PublicStatus;
  roles: ReadonlyArray<Role>;
  event: DossierEventType;
  rule: string;
}

const COUNTER: ReadonlyArray<Role> = ["counterOfficer"];
const AGENCY: ReadonlyArray<Role> = ["specialist", "unitHead", "leader"];
/** Signing a result or a reasoned refusal is for whoever holds signing authority (R-PROC-1). */
const SIGNERS: ReadonlyArray<Role> = ["unitHead", "leader"];
/** The applicant asks; the counter records a request made in person or by post (R-STOP-1 k1). */
const WITHDRAWERS: ReadonlyArray<Role> = ["applicant", "counterOfficer"];

function row(
  command: DossierCommandType,
  from: PublicStatus | null,
  to: PublicStatus,
  roles: ReadonlyArray<Role>,
  event: DossierEventType,
  rule: string,
): Transition {
  return Object.freeze({ command, from, to, roles, event, rule });
}

export const TRANSITIONS: ReadonlyArray<Transition> = Object.freeze([
  // Reception (R-RECV)
  row("submitOnline", null, 1, ["applicant", "system"], "submitted", "R-RECV-1"),
  row("intakePaper", null, 2, COUNTER, "receivedOnPaper", "R-RECV-2"),
  row("accept", 1, 2, COUNTER, "accepted", "R-RECV-1"),
  row("refuse", 1, 3, COUNTER, "refusedAtReception", "R-REJ-1"),
  row("requestSupplementAtReception", 1, 5, COUNTER, "supplementRequested", "R-RECV-6"),
  // The counter too: a paper dossier entered incomplete is completed on paper at the counter (R-RECV-2 a).
  row(
    "resubmitSupplement",
    5,
    1,
    ["applicant", "system", "counterOfficer"],
    "supplementResubmitted",
    "R-STATUS-5",
  ),
  row("editBeforeAcceptance", 1, 1, ["applicant"], "edited", "R-SUB-3"),
  row("provideSupplement", 5, 5, ["applicant"], "supplementProvided", "R-SUPP-1"),
  // Transfer and processing (R-XFER, R-PROC)
  row("transfer", 2, 4, ["counterOfficer", "system"], "transferred", "R-XFER-1"),
  row("forwardToAuthority", 2, 2, COUNTER, "forwardedToAuthority", "R-XFER-2"),
  row("decideAtCounter", 2, 9, COUNTER, "decidedAtCounter", "R-STATUS-5"),
  row("advanceStep", 4, 4, AGENCY, "stepAdvanced", "R-STATUS-2"),
  row("requestSupplementAfterAppraisal", 4, 5, AGENCY, "supplementRequested", "R-SUPP-1"),
  row("receiveSupplement", 5, 4, COUNTER, "supplementReceived", "R-SUPP-1"),
  row("requestPayment", 4, 6, AGENCY, "paymentRequested", "R-STATUS-5"),
  row("confirmPayment", 6, 4, ["paymentSystem", "counterOfficer"], "paymentConfirmed", "R-STATUS-5"),
  row("requestExtension", 4, 4, [...AGENCY, "counterOfficer"], "extensionGranted", "R-LATE-1"),
  // Withdrawal and stop (R-STOP)
  ...([1, 2, 4, 5, 6] as const).map((from) =>
    row("requestWithdrawal", from, 7, WITHDRAWERS, "withdrawalRequested", "R-STOP-1"),
  ),
  row("confirmStop", 7, 8, COUNTER, "stopped", "R-STOP-1"),
  row(
    "closeForMissingSupplement",
    5,
    8,
    ["system", "counterOfficer", "specialist"],
    "closedForMissingSupplement",
    "R-SUPP-4",
  ),
  row("refuseAfterAppraisal", 4, 8, SIGNERS, "refusedAfterAppraisal", "R-REJ-2"),
  // Results (R-RES)
  row("approveResult", 4, 9, SIGNERS, "resultApproved", "R-STATUS-3"),
  row("returnResult", 9, 10, ["counterOfficer", "system"], "resultReturned", "R-RES-1"),
]);

/**
 * The table under the chosen options. Refusal after appraisal goes to 8 by default (R-STATUS-5 [M]); a province
 * reading it as a result may send it to 9, then returned (→ 10) like any result (REGULATIONS §24.6).
 */
export function transitionTable(
  options: Pick<DossierRuleOptions, "refusalAfterAppraisalStatus">,
): ReadonlyArray<Transition> {
  if (options.refusalAfterAppraisalStatus === 8) return TRANSITIONS;
  return TRANSITIONS.map((transition) =>
    transition.command === "refuseAfterAppraisal"
      ? { ...transition, to: options.refusalAfterAppraisalStatus }
      : transition,
  );
}

export function findTransition(
  table: ReadonlyArray<Transition>,
  command: DossierCommandType,
  from: PublicStatus | null,
): Transition | undefined {
  return table.find((transition) => transition.command === command && transition.from === from);
}
