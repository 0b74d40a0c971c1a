import type { Duration, WorkingCalendar } from "../calendar/types.ts";
import { processingDueAt } from "./processingDeadline.ts";

/**
 * On-time classification of one dossier for indicator 2.1 of the 766 index, exactly as DVCQG computes it
 * (R-KPI-4, E4), so internal dashboards match the national figures:
 * - only accepted dossiers count (a withdrawal or refusal before acceptance is not applicable);
 * - more than one supplement request → late (R-SUPP-2);
 * - end of processing = the first terminal event by priority: processed (9) > returned (10) > stop / refusal /
 *   withdrawal; if the only event is one (pending) supplement request, its time is the end; still open → the end of
 *   the period (and, not being finished, it is at best on time, never early);
 * - supplement waiting time (request → completion) is subtracted;
 * - with an appointment (NgayHenTra): compare the end with it; without one: compare the working time
 *   (end − start − supplement time) with the legal maximum.
 */
export type TerminalEventKind = "processed" | "returned" | "stopped" | "refused" | "withdrawn";

export interface TimelinessInput {
  /** NgayTiepNhan: acceptance; absent for a dossier never accepted. */
  receivedAt?: Date;
  /** NgayHenTra: the appointment in force. */
  appointmentAt?: Date;
  /** The procedure's legal time, used only without an appointment. */
  legalTime?: Duration;
  terminalEvents: ReadonlyArray<{ kind: TerminalEventKind; at: Date }>;
  supplementRequests: ReadonlyArray<{ requestedAt: Date; completedAt?: Date }>;
}

export interface TimelinessOptions {
  calendar: WorkingCalendar;
  /** The end of the reporting period: later events have not happened yet as far as this report knows. */
  periodEnd: Date;
  /**
   * Subtract supplement waiting time also when comparing with the appointment (default true: the rule as E4 states
   * it). Set false when NgayHenTra was already moved by the supplement (R-SUPP-3 NgayHenTraMoi) to avoid counting
   * the wait twice — the stricter reading.
   */
  subtractSupplementTimeFromAppointment?: boolean;
  moveCalendarDayDeadlineToWorkingDay?: boolean;
}

export type TimelinessVerdict = "early" | "onTime" | "late" | "notApplicable";

export type TimelinessReason =
  | "NOT_ACCEPTED"
  | "MORE_THAN_ONE_SUPPLEMENT_REQUEST"
  | "NO_APPOINTMENT_NOR_LEGAL_TIME"
  | "COMPARED_WITH_APPOINTMENT"
  | "COMPARED_WITH_LEGAL_TIME";

export type EndOfProcessingSource = "processed" | "returned" | "stopped" | "supplementRequest" | "periodEnd";

export interface Timeliness {
  verdict: TimelinessVerdict;
  reason: TimelinessReason;
  /** The end of processing used, when one was needed. */
  end?: Date;
  endSource?: EndOfProcessingSource;
  /** Working hours left before the limit at the end (negative when late). */
  spareWorkingHours?: number;
  /** Supplement waiting time subtracted, in working hours. */
  supplementWorkingHours?: number;
}

/** One second, in hours: working-time sums are floating point, equality within it is "exactly on time". */
const ON_TIME_TOLERANCE_HOURS = 1 / 3600;

const PRIORITY: ReadonlyArray<{ source: EndOfProcessingSource; kinds: ReadonlyArray<TerminalEventKind> }> = [
  { source: "processed", kinds: ["processed"] },
  { source: "returned", kinds: ["returned"] },
  { source: "stopped", kinds: ["stopped", "refused", "withdrawn"] },
];

export function classifyTimeliness(input: TimelinessInput, options: TimelinessOptions): Timeliness {
  const { calendar, periodEnd } = options;
  const receivedAt = input.receivedAt;
  if (receivedAt === undefined || receivedAt > periodEnd)
    return { verdict: "notApplicable", reason: "NOT_ACCEPTED" };

  const requests = input.supplementRequests.filter((request) => request.requestedAt <= periodEnd);
  if (requests.length > 1) return { verdict: "late", reason: "MORE_THAN_ONE_SUPPLEMENT_REQUEST" };

  const { end, endSource } = endOfProcessing(input, requests, periodEnd);
  const supplementWorkingHours = requests.reduce((sum, request) => {
    const completedAt =
      request.completedAt !== undefined && request.completedAt <= end ? request.completedAt : end;
    return sum + Math.max(0, calendar.workingHoursBetween(request.requestedAt, completedAt));
  }, 0);

  if (input.appointmentAt !== undefined) {
    const subtracted = options.subtractSupplementTimeFromAppointment === false ? 0 : supplementWorkingHours;
    const spare = calendar.workingHoursBetween(end, input.appointmentAt) + subtracted;
    return verdictOf(spare, "COMPARED_WITH_APPOINTMENT", end, endSource, subtracted);
  }
  if (input.legalTime !== undefined) {
    const legalDue = processingDueAt(
      calendar,
      receivedAt,
      input.legalTime,
      options.moveCalendarDayDeadlineToWorkingDay,
    );
    const allowed = calendar.workingHoursBetween(receivedAt, legalDue);
    const used = calendar.workingHoursBetween(receivedAt, end) - supplementWorkingHours;
    return verdictOf(allowed - used, "COMPARED_WITH_LEGAL_TIME", end, endSource, supplementWorkingHours);
  }
  return { verdict: "notApplicable", reason: "NO_APPOINTMENT_NOR_LEGAL_TIME", end, endSource };
}

function endOfProcessing(
  input: TimelinessInput,
  requests: TimelinessInput["supplementRequests"],
  periodEnd: Date,
): { end: Date; endSource: EndOfProcessingSource } {
  const happened = input.terminalEvents.filter((event) => event.at <= periodEnd);
  for (const { source, kinds } of PRIORITY) {
    const times = happened.filter((event) => kinds.includes(event.kind)).map((event) => event.at.getTime());
    if (times.length > 0) return { end: new Date(Math.min(...times)), endSource: source };
  }
  const only = requests[0];
  if (only !== undefined && (only.completedAt === undefined || only.completedAt > periodEnd)) {
    return { end: only.requestedAt, endSource: "supplementRequest" };
  }
  return { end: periodEnd, endSource: "periodEnd" };
}

function verdictOf(
  spareWorkingHours: number,
  reason: TimelinessReason,
  end: Date,
  endSource: EndOfProcessingSource,
  supplementWorkingHours: number,
): Timeliness {
  // A dossier still open at the period's end is not finished, so it cannot be early: within time it is on time.
  const verdict: TimelinessVerdict =
    spareWorkingHours < -ON_TIME_TOLERANCE_HOURS
      ? "late"
      : spareWorkingHours > ON_TIME_TOLERANCE_HOURS && endSource !== "periodEnd"
        ? "early"
        : "onTime";
  return { verdict, reason, end, endSource, spareWorkingHours, supplementWorkingHours };
}
