import type { Actor } from "./actor.ts";
import type { DossierCommandType } from "./commands.ts";
import type { PublicStatus } from "./status.ts";

export const DOSSIER_EVENT_TYPES = [
  "submitted",
  "receivedOnPaper",
  "enteredOnPaper",
  "accepted",
  "refusedAtReception",
  "supplementRequested",
  "supplementResubmitted",
  "edited",
  "supplementProvided",
  "transferred",
  "forwardedToAuthority",
  "stepAdvanced",
  "decidedAtCounter",
  "supplementReceived",
  "paymentRequested",
  "paymentConfirmed",
  "withdrawalRequested",
  "stopped",
  "closedForMissingSupplement",
  "refusedAfterAppraisal",
  "resultApproved",
  "resultReturned",
  "extensionGranted",
] as const;

export type DossierEventType = (typeof DOSSIER_EVENT_TYPES)[number];

/** One row of the dossier's event log (DESIGN §3, R-STATUS-3): who did what, when, from which status to which. */
export interface DomainEvent {
  type: DossierEventType;
  command: DossierCommandType;
  /** `null` when the event creates the dossier. */
  from: PublicStatus | null;
  to: PublicStatus;
  actor: Actor;
  at: Date;
  payload: Readonly<Record<string, unknown>>;
}
