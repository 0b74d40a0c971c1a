import { abandonmentAt } from "../deadlines/abandonment.ts";
import { dossierRefusals } from "./dossierRefusals.ts";
import { changed, hasText, type Rule, refused } from "./ruleInput.ts";
import { openSupplement } from "./supplementLimit.ts";

/**
 * The applicant asks to withdraw (→ 7). Possible only while no decision or result notice exists (R-STOP-1,
 * TT 03/2025 Điều 7); otherwise the request is answered and the dossier goes on to its result (R-STATUS-5 [M]).
 */
export const requestWithdrawal: Rule<"requestWithdrawal"> = ({ state, command, now }) => {
  if (state.decisionIssued) return refused(dossierRefusals.withdrawalAfterDecision());
  const reason = hasText(command.reason) ? command.reason : undefined;
  return changed(
    { withdrawal: { requestedAt: now, statusBefore: state.status, ...(reason ? { reason } : {}) } },
    { statusBefore: state.status, reason: reason ?? null },
  );
};

/** The counter issues Thông báo dừng giải quyết hồ sơ (7 → 8, R-STOP-1), checking again that nothing was decided. */
export const confirmStop: Rule<"confirmStop"> = ({ state, command, now }) => {
  if (state.decisionIssued) return refused(dossierRefusals.withdrawalAfterDecision());
  if (!hasText(command.noticeRef)) return refused(dossierRefusals.outputRequired("R-STOP-1"));
  return changed({ stopReason: "withdrawal", closedAt: now }, { noticeRef: command.noticeRef });
};

/** The supplement never came: closable once the abandonment period after the notice is over (5 → 8, R-SUPP-4). */
export const closeForMissingSupplement: Rule<"closeForMissingSupplement"> = ({
  state,
  now,
  calendar,
  policy,
}) => {
  const requestedAt = openSupplement(state)!.requestedAt;
  const closableAt = abandonmentAt(calendar, requestedAt, policy.abandonmentWorkingDays);
  if (now < closableAt) return refused(dossierRefusals.abandonmentPeriodNotOver(closableAt));
  return changed(
    { stopReason: "missingSupplement", closedAt: now },
    { supplementRequestedAt: requestedAt, closableAt },
  );
};
