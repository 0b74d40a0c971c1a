import { formatInstant } from "../calendar/workingCalendar.ts";
import { isExtensionEarlyEnough } from "../deadlines/extensionLead.ts";
import { dossierRefusals } from "./dossierRefusals.ts";
import { changed, hasText, type Rule, refused } from "./ruleInput.ts";

/**
 * Phiếu xin lỗi và hẹn lại ngày trả kết quả: a new appointment, once only, asked at least 1 working day before the
 * due date (R-LATE-1), at a working instant of the agency's calendar. The original appointment stays so lateness
 * stays visible (R-LATE-3: timeliness is judged against it, see domain/kpi/judgedAppointment.ts); the new one is what
 * the applicant is shown and the officers work to. Not a status change.
 */
export const requestExtension: Rule<"requestExtension"> = ({ state, command, now, calendar, policy }) => {
  if (state.extensionUsed) return refused(dossierRefusals.extensionAlreadyUsed());
  if (!hasText(command.reason)) return refused(dossierRefusals.reasonRequired("R-LATE-1"));
  const previousDueAt = state.dueAt!;
  if (!isExtensionEarlyEnough(calendar, now, previousDueAt, policy.extensionMinimumLeadWorkingHours)) {
    return refused(dossierRefusals.extensionTooLate());
  }
  const newDueAt = command.newDueAt;
  if (!(newDueAt instanceof Date) || !(newDueAt > previousDueAt))
    return refused(dossierRefusals.extensionNotLater());
  // The applicant comes back at this instant: it must be one when the counter is open (R-CAL-4, issue #12 §2). The
  // end of a working interval counts (17:00 is where computed appointments end), as a closed interval.
  const working =
    calendar.isWorkingInstant(newDueAt) || calendar.isWorkingInstant(new Date(newDueAt.getTime() - 1));
  if (!working) {
    const local = formatInstant(calendar.normalizeStart(newDueAt));
    const [year, month, day] = local.slice(0, 10).split("-");
    return refused(
      dossierRefusals.extensionNotWorkingTime({ time: local.slice(11, 16), date: `${day}/${month}/${year}` }),
    );
  }
  return changed(
    { extensionUsed: true, extendedDueAt: newDueAt, dueAt: newDueAt },
    { previousDueAt, newDueAt, originalDueAt: state.originalDueAt ?? null, reason: command.reason },
  );
};
