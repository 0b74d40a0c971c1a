import type { WorkingCalendar } from "../calendar/types.ts";
import type { LegalTime } from "../catalog/timeLimit.ts";
import type { DeadlinePolicy } from "../deadlines/deadlinePolicy.ts";
import { processingDueAt } from "../deadlines/processingDeadline.ts";
import { receptionDueAt } from "../deadlines/receptionDeadline.ts";
import type { CommandOf } from "./commands.ts";
import type { DossierState } from "./dossierState.ts";
import type { PublicStatus } from "./status.ts";

export interface CreationInput<C> {
  command: C;
  now: Date;
  calendar: WorkingCalendar;
  /** A duration, or a same-day / immediate kind (R-CAL-6, R-RECV-4). */
  legalTime: LegalTime;
  policy: DeadlinePolicy;
}

export interface Created {
  state: DossierState;
  payload: Record<string, unknown>;
}

function fresh(status: PublicStatus, applicantId: string, now: Date): DossierState {
  return {
    status,
    channel: "online",
    applicantId,
    submittedAt: now,
    supplementRequests: [],
    extensionUsed: false,
    decisionIssued: false,
    lastChangedAt: now,
  };
}

/** An online submission waits for the counter, which has 8 working hours to answer (R-RECV-1). */
export function createOnline({
  command,
  now,
  calendar,
  policy,
}: CreationInput<CommandOf<"submitOnline">>): Created {
  const due = receptionDueAt(calendar, now, policy.receptionWorkingHours);
  return {
    state: { ...fresh(1, command.applicantId, now), receptionDueAt: due },
    payload: { receptionDueAt: due },
  };
}

/**
 * A complete paper dossier entered by the counter is received on the spot (R-RECV-2 c): status 2, the processing
 * clock starts now (R-CAL-7) and the slip shows the appointment.
 */
export function createPaper({
  command,
  now,
  calendar,
  legalTime,
  policy,
}: CreationInput<CommandOf<"intakePaper">>): Created {
  const dueAt = processingDueAt(calendar, now, legalTime, policy.moveCalendarDayDeadlineToWorkingDay);
  return {
    state: {
      ...fresh(2, command.applicantId, now),
      channel: command.channel,
      receivedAt: now,
      dueAt,
      originalDueAt: dueAt,
    },
    payload: { channel: command.channel, receivedAt: now, dueAt },
  };
}

/**
 * A paper dossier the counter found incomplete or refuses is still entered (R-RECV-5): it exists as submitted
 * (status 1) only for the instant before the counter answers it with its slip (R-RECV-2 a, b), so it carries no
 * reception deadline and is never received (no appointment, no reception slip).
 */
export function createPaperEntered({ command, now }: CreationInput<CommandOf<"intakePaper">>): Created {
  return {
    state: { ...fresh(1, command.applicantId, now), channel: command.channel },
    payload: { channel: command.channel },
  };
}
