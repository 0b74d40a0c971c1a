import { isExtensionEarlyEnough } from "../deadlines/extensionLead.ts";
import { dossierRefusals } from "./dossierRefusals.ts";
import { changed, hasText, type Rule, refused } from "./ruleInput.ts";

/**
 * Phiếu xin lỗi và hẹn lại ngày trả kết quả: a new appointment, once only, asked at least 1 working day before the
 * due date (R-LATE-1). The original appointment stays so lateness stays visible (R-LATE-3). Not a status change.
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
  return changed(
    { extensionUsed: true, extendedDueAt: newDueAt, dueAt: newDueAt },
    { previousDueAt, newDueAt, originalDueAt: state.originalDueAt ?? null, reason: command.reason },
  );
};
