import type { Actor } from "./actor.ts";
import type { ReturnChannel, SubmissionChannel } from "./channel.ts";
import type { InternalStep, PublicStatus } from "./status.ts";

/**
 * What the dossier rules need to know about one dossier. It is rebuilt by applying `decide` results in order; the
 * event log (DESIGN §3) is the history, this is the current picture. Instants are `Date`s in UTC.
 */
export interface DossierState {
  status: PublicStatus;
  /** Where it is inside the agency while public status is 4 (R-STATUS-2). */
  internalStep?: InternalStep;
  channel: SubmissionChannel;
  applicantId: string;
  submittedAt: Date;
  /** Online dossiers: accept/refuse/ask before this (R-RECV-1). */
  receptionDueAt?: Date;
  /** Acceptance: NgayTiepNhan, start of the processing clock (R-CAL-7). */
  receivedAt?: Date;
  /** The appointment in force (NgayHenTra): `extendedDueAt` when extended, else `originalDueAt`. */
  dueAt?: Date;
  /** The appointment set at acceptance or by the last supplement, never moved by an extension (R-LATE-3). */
  originalDueAt?: Date;
  /** The one new appointment of an extension (R-LATE-1). */
  extendedDueAt?: Date;
  /** An extension was granted; a second one is refused, even after a supplement restarted the clock (R-LATE-3). */
  extensionUsed: boolean;
  /** Paper received at the counter must reach the agency on this working day (R-XFER-1). */
  paperTransferDueAt?: Date;
  transferredAt?: Date;
  /** Every supplement request, oldest first (R-SUPP-3 history). */
  supplementRequests: SupplementRequestRecord[];
  /** Financial obligations asked for and not yet confirmed (status 6). */
  pendingPayment?: { requestedAt: Date; obligations: PaymentObligation[] };
  /** A decision or result notice (grant or reasoned refusal) exists: withdrawal is no longer possible (R-STOP-1). */
  decisionIssued: boolean;
  result?: ResultRecord;
  withdrawal?: { requestedAt: Date; statusBefore: PublicStatus; reason?: string };
  stopReason?: "withdrawal" | "missingSupplement" | "refusedAfterAppraisal";
  refusalReasons?: string[];
  returnChannel?: ReturnChannel;
  /** Kết thúc: the counter closed the dossier (R-STATUS-6) or it stopped. */
  closedAt?: Date;
  /** Time of the last change; a later command cannot happen earlier. */
  lastChangedAt: Date;
}

export interface SupplementRequestRecord {
  /** At reception (before acceptance, R-RECV-6) or after appraisal (R-SUPP-1). */
  stage: "reception" | "appraisal";
  requestedAt: Date;
  requestedBy: Actor;
  reason: string;
  /** Every missing item, listed once and completely (R-RECV-2 a, R-SUPP-2). */
  items: string[];
  completedAt?: Date;
  /** NgayHenTraTruoc / NgayHenTraMoi (R-SUPP-3), set when an appraisal-stage supplement completes. */
  previousDueAt?: Date;
  newDueAt?: Date;
}

export interface PaymentObligation {
  name: string;
  /** Amount in đồng. */
  amount: number;
}

export interface ResultRecord {
  /** A grant (certificate, decision) or a reasoned refusal notice entered as the result (R-REJ-2). */
  kind: "granted" | "refused";
  /** References to the signed documents (R-STATUS-3: the output of the step). */
  documentRefs: string[];
  issuedAt: Date;
  issuedBy: Actor;
}
