import type { LocalizedText } from "../validation/messages.ts";

/**
 * What a notification says, by kind, with the data each kind needs (R-LOOK-3: reception, supplement requests,
 * extensions, results; and the officers' own warnings). Instants are ISO strings, as they come out of the event log.
 */
export type NotificationContent =
  | { kind: "submitted"; receptionDueAt: string | null }
  | { kind: "accepted"; appointmentAt: string | null }
  | { kind: "supplementRequested"; reason: string; items: string[]; windowEndsAt: string | null }
  | { kind: "extensionGranted"; previousDueAt: string | null; newDueAt: string; reason: string }
  | { kind: "resultReady" }
  | { kind: "refused"; reasons: string[] }
  | { kind: "returned" }
  /** The dossier stopped because the requested supplement never came (R-SUPP-4), with the Thông báo dừng. */
  | { kind: "stoppedForMissingSupplement"; supplementRequestedAt: string | null }
  | { kind: "paymentRequested"; obligations: { name: string; amount: number }[] }
  /** A payment was received and its e-receipt issued (R-FEE-3, R-LOOK-3): number, amount, where to verify it. */
  | { kind: "paymentReceived"; receiptNumber: string; amount: number; verifyUrl: string }
  | { kind: "receptionDeadline"; level: "dueSoon" | "overdue"; dueAt: string }
  | { kind: "taskAssigned"; step: LocalizedText; dueAt: string | null }
  | { kind: "consultationDeadline"; level: "dueSoon" | "overdue"; dueAt: string; question: string };

export type NotificationKind = NotificationContent["kind"];

/** The dossier facts every template may use. */
export interface DossierFacts {
  code: string;
  procedureName: string;
  agencyName: string;
  applicantName: string;
}
