import { abandonmentAt } from "../deadlines/abandonment.ts";
import { appointmentAfterSupplement, shiftByWaitingTime } from "../deadlines/supplementDeadline.ts";
import { supplementWindowEndsAt } from "../deadlines/supplementWindow.ts";
import { dossierRefusals } from "./dossierRefusals.ts";
import { changed, hasText, hasTexts, type Rule, refused } from "./ruleInput.ts";
import {
  completeOpenSupplement,
  openSupplement,
  supplementCountsAsLate,
  supplementLimitRefusal,
} from "./supplementLimit.ts";

/**
 * The competent agency asks for a supplement after appraisal: with reasons and the complete list of items
 * (R-SUPP-1), once at this stage (R-SUPP-2), no later than the configured window after reception (3 working days
 * unless sector law says otherwise). A second request in the dossier's life (one was made at reception) is allowed
 * and marked `countsAsLate`: the 766 index counts it late (R-SUPP-2 *Clarified*), and the officer is warned.
 */
export const requestSupplementAfterAppraisal: Rule<"requestSupplementAfterAppraisal"> = ({
  state,
  command,
  actor,
  now,
  calendar,
  policy,
}) => {
  if (!hasText(command.reason)) return refused(dossierRefusals.reasonRequired("R-SUPP-1"));
  if (!hasTexts(command.items)) return refused(dossierRefusals.itemsRequired("R-SUPP-1"));
  const limit = supplementLimitRefusal(state, "appraisal");
  if (limit) return refused(limit);
  const windowEndsAt = supplementWindowEndsAt(calendar, state.receivedAt!, policy.supplementWindow);
  if (now > windowEndsAt)
    return refused(dossierRefusals.supplementWindowPassed(windowEndsAt, policy.supplementWindow.amount));
  const request = {
    stage: "appraisal" as const,
    requestedAt: now,
    requestedBy: actor,
    reason: command.reason,
    items: [...command.items],
  };
  return changed(
    { supplementRequests: [...state.supplementRequests, request] },
    {
      stage: "appraisal",
      reason: command.reason,
      items: [...command.items],
      windowEndsAt,
      // The applicant's own deadline: after it the dossier may be stopped (R-SUPP-4).
      answerBy: abandonmentAt(calendar, now, policy.abandonmentWorkingDays),
      countsAsLate: supplementCountsAsLate(state),
    },
  );
};

/**
 * The counter receives the complete supplement (5 → 4). The appointment restarts from zero (R-SUPP-1) or, as the
 * configured variant, moves by the waiting time (R-SUPP-3); both old and new appointments are recorded.
 */
export const receiveSupplement: Rule<"receiveSupplement"> = ({ state, now, calendar, legalTime, policy }) => {
  const open = openSupplement(state);
  if (open?.stage !== "appraisal") return refused(dossierRefusals.wrongSupplementStage("appraisal"));
  const { previousDueAt, newDueAt } = appointmentAfterSupplement(calendar, {
    policy,
    legalTime,
    previousDueAt: state.dueAt!,
    requestedAt: open.requestedAt,
    completedAt: now,
  });
  const waiting = { requestedAt: open.requestedAt, completedAt: now };
  // Restart sets a new appointment that no extension has touched yet; a pause moves every appointment alike.
  const appointments =
    policy.supplementClock === "restart"
      ? { dueAt: newDueAt, originalDueAt: newDueAt, extendedDueAt: undefined }
      : {
          dueAt: newDueAt,
          originalDueAt: shiftByWaitingTime(calendar, state.originalDueAt!, waiting),
          extendedDueAt: state.extendedDueAt && shiftByWaitingTime(calendar, state.extendedDueAt, waiting),
        };
  return changed(
    {
      ...appointments,
      internalStep: "appraisal",
      supplementRequests: completeOpenSupplement(state, { completedAt: now, previousDueAt, newDueAt }),
    },
    { previousDueAt, newDueAt, supplementClock: policy.supplementClock },
  );
};
