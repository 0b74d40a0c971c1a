import type { ReturnChannel } from "./channel.ts";
import type { PaymentObligation } from "./dossierState.ts";
import type { InternalStep } from "./status.ts";

/** Everything that can be asked of a dossier over its life. One command → at most one event. */
export type DossierCommand =
  /** Citizen (or DVCQG intake on their behalf) submits online → 1 (R-RECV-1). */
  | { type: "submitOnline"; applicantId: string }
  /**
   * Counter/postal officer enters a paper dossier (R-RECV-2, R-RECV-5): complete → 2 directly (c); with an `outcome`,
   * entered then answered at once with its slip: incomplete → 5 (a), refused → 3 (b).
   */
  | {
      type: "intakePaper";
      applicantId: string;
      channel: "counter" | "postal";
      outcome?: PaperIntakeOutcome | undefined;
    }
  | { type: "accept" }
  | { type: "refuse"; reasons: string[] }
  | { type: "requestSupplementAtReception"; reason: string; items: string[] }
  | { type: "resubmitSupplement" }
  /** The applicant changes an online dossier not yet accepted (R-SUB-3); `changes` names what changed. */
  | { type: "editBeforeAcceptance"; changes: string[] }
  /** The applicant sends what an appraisal-stage supplement asked for; the counter then receives it (R-SUPP-1). */
  | { type: "provideSupplement"; documentRefs: string[] }
  | { type: "transfer" }
  /** A misdirected dossier goes to the competent authority's counter (R-XFER-2); the service names the authority. */
  | { type: "forwardToAuthority"; reason: string }
  /** Moves between internal steps under public status 4, with the step's output (R-STATUS-2, R-STATUS-3). */
  | { type: "advanceStep"; step: InternalStep; output: string }
  | { type: "decideAtCounter"; documentRefs: string[] }
  | { type: "requestSupplementAfterAppraisal"; reason: string; items: string[] }
  | { type: "receiveSupplement" }
  | { type: "requestPayment"; obligations: PaymentObligation[] }
  | { type: "confirmPayment"; receiptRef: string }
  | { type: "requestWithdrawal"; reason?: string }
  /** The counter's Thông báo dừng giải quyết hồ sơ (R-STOP-1). */
  | { type: "confirmStop"; noticeRef: string }
  | { type: "closeForMissingSupplement" }
  | { type: "refuseAfterAppraisal"; reasons: string[]; noticeRef: string }
  | { type: "approveResult"; documentRefs: string[] }
  | { type: "returnResult"; channel: ReturnChannel }
  | { type: "requestExtension"; reason: string; newDueAt: Date };

/** What the counter found on a paper dossier that is not complete (R-RECV-2 a, b; R-FORM-2, R-FORM-3). */
export type PaperIntakeOutcome =
  | { kind: "incomplete"; reason: string; items: string[] }
  | { kind: "refused"; reasons: string[] };

export type DossierCommandType = DossierCommand["type"];

export type CommandOf<T extends DossierCommandType> = Extract<DossierCommand, { type: T }>;
