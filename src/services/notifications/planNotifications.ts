import type { LocalizedText } from "../validation/messages.ts";
import type { NotificationContent } from "./notificationContent.ts";

/** Who a notification goes to. */
export type Audience =
  | { kind: "applicant" }
  /** R-RECV-1: the counter officers of the receiving agency, who must answer within 8 working hours. */
  | { kind: "counterOfficers" }
  | { kind: "users"; userIds: string[] };

export interface PlannedNotification {
  content: NotificationContent;
  audience: Audience;
}

/** An event of the dossier's log as the dispatcher reads it (outbox row joined to dossier_events). */
export interface LoggedEvent {
  type: string;
  payload: Record<string, unknown>;
}

/** What the plan needs from other tables: a consultation's asker and question, a workflow step's label. */
export interface PlanLookups {
  consultation(id: string): Promise<{ requestedBy: string; question: string } | undefined>;
  stepLabel(step: string): LocalizedText;
  /** An issued e-receipt's number (series-number) and the address where anyone verifies and downloads it (R-FEE-3). */
  receipt?(id: string): Promise<{ number: string; verifyUrl: string } | undefined>;
}

const text = (value: unknown) => (typeof value === "string" ? value : "");
const texts = (value: unknown) =>
  Array.isArray(value) ? value.filter((item) => typeof item === "string") : [];
const instant = (value: unknown) => (typeof value === "string" && value ? value : null);

/**
 * Which notifications an event of the dossier's log gives (R-LOOK-3 for the applicant; the officers' warnings of
 * R-RECV-1, R-PROC-1, R-PROC-3). Events not listed (edits, internal steps without a new assignee…) notify nobody.
 */
export async function planNotifications(
  event: LoggedEvent,
  lookups: PlanLookups,
): Promise<PlannedNotification[]> {
  const payload = event.payload;
  const applicant = (content: NotificationContent): PlannedNotification[] => [
    { content, audience: { kind: "applicant" } },
  ];
  const planned: PlannedNotification[] = [];
  switch (event.type) {
    case "submitted":
      return applicant({ kind: "submitted", receptionDueAt: instant(payload.receptionDueAt) });
    // A paper dossier is received on the spot: the applicant learns the code and the appointment (R-RECV-4).
    case "receivedOnPaper":
    case "accepted":
      return applicant({ kind: "accepted", appointmentAt: instant(payload.dueAt) });
    // R-SUPP-1 / R-RECV-6: the notice lists every missing item, once.
    case "supplementRequested":
      return applicant({
        kind: "supplementRequested",
        reason: text(payload.reason),
        items: texts(payload.items),
        // The applicant's deadline to answer (R-SUPP-4); older events only carry the agency's window.
        windowEndsAt: instant(payload.answerBy) ?? instant(payload.windowEndsAt),
      });
    // R-LATE-2: the apology and the new appointment.
    case "extensionGranted":
      return applicant({
        kind: "extensionGranted",
        previousDueAt: instant(payload.previousDueAt),
        newDueAt: text(payload.newDueAt),
        reason: text(payload.reason),
      });
    case "resultApproved":
    case "decidedAtCounter":
      return applicant({ kind: "resultReady" });
    case "refusedAtReception":
    case "refusedAfterAppraisal":
      return applicant({ kind: "refused", reasons: texts(payload.reasons) });
    case "resultReturned":
      return applicant({ kind: "returned" });
    // R-SUPP-4: the abandonment job stopped the dossier; the stop notice is on the dossier page.
    case "closedForMissingSupplement":
      return applicant({
        kind: "stoppedForMissingSupplement",
        supplementRequestedAt: instant(payload.supplementRequestedAt),
      });
    case "paymentRequested": {
      const obligations = Array.isArray(payload.obligations)
        ? (payload.obligations as { name?: unknown; amount?: unknown }[]).map((item) => ({
            name: text(item.name),
            amount: typeof item.amount === "number" ? item.amount : 0,
          }))
        : [];
      return applicant({ kind: "paymentRequested", obligations });
    }
    // R-FEE-3, R-LOOK-3: the applicant learns the payment was received, with the e-receipt to keep.
    case "paymentConfirmed": {
      const receipt =
        typeof payload.receiptId === "string" ? await lookups.receipt?.(payload.receiptId) : undefined;
      if (!receipt) return [];
      return applicant({
        kind: "paymentReceived",
        receiptNumber: receipt.number,
        amount: typeof payload.amount === "number" ? payload.amount : 0,
        verifyUrl: receipt.verifyUrl,
      });
    }
    case "dueSoon":
    case "overdue": {
      const level = event.type;
      const dueAt = text(payload.dueAt);
      if (payload.deadline === "reception")
        planned.push({
          content: { kind: "receptionDeadline", level, dueAt },
          audience: { kind: "counterOfficers" },
        });
      if (payload.deadline === "consultation" && typeof payload.consultationId === "string") {
        const consultation = await lookups.consultation(payload.consultationId);
        // The officer who asked follows the answer up (R-PROC-3): the question carries its own deadline.
        if (consultation)
          planned.push({
            content: { kind: "consultationDeadline", level, dueAt, question: consultation.question },
            audience: { kind: "users", userIds: [consultation.requestedBy] },
          });
      }
      return planned;
    }
    default: {
      // Any handover that names a person (assignment, reassignment, forwarding to someone) tells that person.
      const handover = payload.handover as
        | { toStep?: unknown; nextDueAt?: unknown; receiver?: { assigneeId?: unknown } | null }
        | undefined;
      const assigneeId = handover?.receiver?.assigneeId;
      if (typeof assigneeId === "string" && assigneeId) {
        planned.push({
          content: {
            kind: "taskAssigned",
            step: lookups.stepLabel(text(handover?.toStep)),
            dueAt: instant(handover?.nextDueAt),
          },
          audience: { kind: "users", userIds: [assigneeId] },
        });
      }
      return planned;
    }
  }
}
