import { abandonmentAt } from "../deadlines/abandonment.ts";
import { processingDueAt } from "../deadlines/processingDeadline.ts";
import { receptionDueAt } from "../deadlines/receptionDeadline.ts";
import { dossierRefusals } from "./dossierRefusals.ts";
import { changed, hasText, hasTexts, type Rule, refused } from "./ruleInput.ts";
import { completeOpenSupplement, openSupplement, supplementLimitRefusal } from "./supplementLimit.ts";

/** Acceptance starts the processing clock and sets the appointment (R-CAL-7, R-RECV-4). */
export const accept: Rule<"accept"> = ({ state, now, calendar, legalTime, policy }) => {
  const dueAt = processingDueAt(calendar, now, legalTime, policy.moveCalendarDayDeadlineToWorkingDay);
  // Late acceptance is still acceptance; the flag feeds the "received late" count (R-RECV-1, Công văn 7260/2025).
  const receivedLate = state.receptionDueAt !== undefined && now > state.receptionDueAt;
  return changed({ receivedAt: now, dueAt, originalDueAt: dueAt }, { receivedAt: now, dueAt, receivedLate });
};

/** Phiếu từ chối tiếp nhận: refusing needs its reasons (R-REJ-1, R-RECV-2 b). */
export const refuseAtReception: Rule<"refuse"> = ({ command, now }) => {
  if (!hasTexts(command.reasons)) return refused(dossierRefusals.reasonRequired("R-REJ-1"));
  return changed({ refusalReasons: command.reasons, closedAt: now }, { reasons: command.reasons });
};

/** Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ at reception: once, listing every missing item (R-RECV-2 a, R-RECV-6). */
export const requestSupplementAtReception: Rule<"requestSupplementAtReception"> = ({
  state,
  command,
  actor,
  now,
  calendar,
  policy,
}) => {
  if (!hasText(command.reason)) return refused(dossierRefusals.reasonRequired("R-RECV-3"));
  if (!hasTexts(command.items)) return refused(dossierRefusals.itemsRequired("R-RECV-6"));
  const limit = supplementLimitRefusal(state, "reception");
  if (limit) return refused(limit);
  const request = {
    stage: "reception" as const,
    requestedAt: now,
    requestedBy: actor,
    ...reasonAndItems(command),
  };
  return changed(
    { supplementRequests: [...state.supplementRequests, request] },
    {
      stage: "reception",
      ...reasonAndItems(command),
      // The applicant's own deadline: after it the dossier may be stopped (R-SUPP-4).
      answerBy: abandonmentAt(calendar, now, policy.abandonmentWorkingDays),
    },
  );
};

/** The applicant resubmits a completed dossier before acceptance (5 → 1); the 8-hour reception clock starts again. */
export const resubmitSupplement: Rule<"resubmitSupplement"> = ({ state, now, calendar, policy }) => {
  if (openSupplement(state)?.stage !== "reception") {
    return refused(dossierRefusals.wrongSupplementStage("reception"));
  }
  const due = receptionDueAt(calendar, now, policy.receptionWorkingHours);
  return changed(
    { supplementRequests: completeOpenSupplement(state, { completedAt: now }), receptionDueAt: due },
    { receptionDueAt: due },
  );
};

function reasonAndItems(command: { reason: string; items: string[] }): { reason: string; items: string[] } {
  return { reason: command.reason, items: [...command.items] };
}
