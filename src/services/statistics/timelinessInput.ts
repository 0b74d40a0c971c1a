import type { Duration } from "../../domain/calendar/types.ts";
import type { TerminalEventKind, TimelinessInput } from "../../domain/deadlines/timeliness.ts";
import type { DossierState } from "../../domain/dossier/dossierState.ts";
import { judgedAppointment } from "../../domain/kpi/judgedAppointment.ts";

/** The first time a dossier reached each status that ends processing (from its event log). */
export interface TerminalTimes {
  /** 9 Đã xử lý xong */
  processedAt?: Date | undefined;
  /** 10 Đã trả kết quả */
  returnedAt?: Date | undefined;
  /** 8 Dừng xử lý: a stop, a withdrawal or a refusal after appraisal (R-STOP-1, R-REJ-2) */
  stoppedAt?: Date | undefined;
}

/**
 * What R-KPI-4 needs about one dossier, read from its state and the first times of its terminal statuses. Only the
 * supplement requests made after acceptance count (appraisal stage, R-SUPP-1): a request at reception happens before
 * NgayTiepNhan, when the processing clock has not started, and 766 counts accepted dossiers only.
 */
export function timelinessInputOf(
  state: DossierState,
  legalTime: Duration,
  terminal: TerminalTimes,
): TimelinessInput {
  const appointment = judgedAppointment(state);
  const terminalEvents: { kind: TerminalEventKind; at: Date }[] = [];
  if (terminal.processedAt) terminalEvents.push({ kind: "processed", at: terminal.processedAt });
  if (terminal.returnedAt) terminalEvents.push({ kind: "returned", at: terminal.returnedAt });
  if (terminal.stoppedAt) {
    const kind: TerminalEventKind =
      state.stopReason === "withdrawal"
        ? "withdrawn"
        : state.stopReason === "refusedAfterAppraisal"
          ? "refused"
          : "stopped";
    terminalEvents.push({ kind, at: terminal.stoppedAt });
  }
  return {
    ...(state.receivedAt ? { receivedAt: state.receivedAt } : {}),
    // R-LATE-3 clarified: judged against the appointment before any extension (the restarted one after a supplement).
    ...(appointment ? { appointmentAt: appointment } : {}),
    legalTime,
    terminalEvents,
    supplementRequests: state.supplementRequests
      .filter((request) => request.stage === "appraisal")
      .map((request) => ({
        requestedAt: request.requestedAt,
        ...(request.completedAt ? { completedAt: request.completedAt } : {}),
      })),
  };
}

/**
 * The appointment in force was already moved by a completed supplement (R-SUPP-3 NgayHenTraMoi): the waiting time
 * must not be subtracted a second time (TimelinessOptions.subtractSupplementTimeFromAppointment).
 */
export function appointmentMovedBySupplement(state: DossierState): boolean {
  return state.supplementRequests.some(
    (request) => request.stage === "appraisal" && request.newDueAt !== undefined,
  );
}
