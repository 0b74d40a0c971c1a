import { isPaperTransferOnTime, paperTransferDueAt } from "../deadlines/paperTransfer.ts";
import { dossierRefusals } from "./dossierRefusals.ts";
import { changed, hasText, hasTexts, type Rule, refused } from "./ruleInput.ts";

/**
 * The counter transfers the accepted dossier to the competent agency (R-XFER-1): electronic data at once; paper
 * the same working day, or the next one when received at or after 15:00. A late paper transfer is recorded, not
 * refused: the paper has to move anyway.
 */
export const transfer: Rule<"transfer"> = ({ state, now, calendar, policy }) => {
  if (state.channel === "online") {
    return changed({ transferredAt: now, internalStep: "awaitingAssignment" }, { paper: false });
  }
  const dueAt = paperTransferDueAt(calendar, state.receivedAt!, policy.transferCutoff);
  const onTime = isPaperTransferOnTime(dueAt, now, state.receivedAt!);
  return changed(
    { transferredAt: now, paperTransferDueAt: dueAt, internalStep: "awaitingAssignment" },
    { paper: true, paperTransferDueAt: dueAt, paperTransferOnTime: onTime },
  );
};

/**
 * A dossier that belongs to another authority goes to that authority's counter (R-XFER-2): the e-dossier at once,
 * paper under the same rule as a transfer — the day of reception, or by the start of the next working day when
 * received at or after 15:00 (R-XFER-1). A late forward is recorded, not refused. The status stays 2: the competent
 * authority's counter carries on with the dossier.
 */
export const forwardToAuthority: Rule<"forwardToAuthority"> = ({ state, command, now, calendar, policy }) => {
  if (!hasText(command.reason)) return refused(dossierRefusals.reasonRequired("R-XFER-2"));
  const reason = command.reason.trim();
  if (state.channel === "online") return changed({}, { reason, paper: false });
  const dueAt = paperTransferDueAt(calendar, state.receivedAt!, policy.transferCutoff);
  return changed(
    { paperTransferDueAt: dueAt },
    {
      reason,
      paper: true,
      paperTransferDueAt: dueAt,
      paperTransferOnTime: isPaperTransferOnTime(dueAt, now, state.receivedAt!),
    },
  );
};

/** Internal steps under public status 4, each closed by its output (R-STATUS-2, R-STATUS-3, R-PROC-5). */
export const advanceStep: Rule<"advanceStep"> = ({ state, command }) => {
  if (!hasText(command.output)) return refused(dossierRefusals.outputRequired("R-STATUS-3"));
  return changed(
    { internalStep: command.step },
    { previousStep: state.internalStep ?? null, step: command.step, output: command.output },
  );
};

/** A counter empowered to decide (or a same-day procedure) issues the result directly (2 → 9, R-STATUS-5 [M]). */
export const decideAtCounter: Rule<"decideAtCounter"> = ({ command, actor, now }) => {
  if (!hasTexts(command.documentRefs)) return refused(dossierRefusals.outputRequired("R-STATUS-3"));
  return changed(
    {
      decisionIssued: true,
      result: { kind: "granted", documentRefs: [...command.documentRefs], issuedAt: now, issuedBy: actor },
    },
    { documentRefs: [...command.documentRefs] },
  );
};

/** The signer approves; the signed result goes to the counter (4 → 9). No status change without the output (R-STATUS-3). */
export const approveResult: Rule<"approveResult"> = ({ command, actor, now }) => {
  if (!hasTexts(command.documentRefs)) return refused(dossierRefusals.outputRequired("R-STATUS-3"));
  return changed(
    {
      decisionIssued: true,
      internalStep: undefined,
      result: { kind: "granted", documentRefs: [...command.documentRefs], issuedAt: now, issuedBy: actor },
    },
    { documentRefs: [...command.documentRefs] },
  );
};

/**
 * Ineligible after appraisal: a reasoned refusal notice (Phiếu từ chối giải quyết hồ sơ) entered as the dossier's
 * result (R-REJ-2). The public status is 8 by default, 9 as an option (R-STATUS-5 [M], REGULATIONS §24.6).
 */
export const refuseAfterAppraisal: Rule<"refuseAfterAppraisal"> = ({ command, actor, now, target }) => {
  if (!hasTexts(command.reasons)) return refused(dossierRefusals.reasonRequired("R-REJ-2"));
  if (!hasText(command.noticeRef)) return refused(dossierRefusals.outputRequired("R-REJ-2"));
  const result = {
    kind: "refused" as const,
    documentRefs: [command.noticeRef],
    issuedAt: now,
    issuedBy: actor,
  };
  const stops = target === 8 ? { stopReason: "refusedAfterAppraisal" as const, closedAt: now } : {};
  return changed(
    { decisionIssued: true, internalStep: undefined, result, refusalReasons: [...command.reasons], ...stops },
    { reasons: [...command.reasons], noticeRef: command.noticeRef },
  );
};

/** Fees and other financial obligations (4 → 6), each named with a positive amount in đồng (R-FEE-1). */
export const requestPayment: Rule<"requestPayment"> = ({ command, now }) => {
  const obligations = command.obligations;
  const valid =
    Array.isArray(obligations) &&
    obligations.length > 0 &&
    obligations.every((item) => hasText(item.name) && Number.isFinite(item.amount) && item.amount > 0);
  if (!valid) return refused(dossierRefusals.paymentItemsRequired());
  const copy = obligations.map((item) => ({ ...item }));
  return changed({ pendingPayment: { requestedAt: now, obligations: copy } }, { obligations: copy });
};

/** The gateway or the counter confirms payment with its receipt (6 → 4). */
export const confirmPayment: Rule<"confirmPayment"> = ({ state, command }) => {
  if (!hasText(command.receiptRef)) return refused(dossierRefusals.receiptRequired());
  return changed(
    { pendingPayment: undefined },
    { receiptRef: command.receiptRef, obligations: state.pendingPayment?.obligations ?? [] },
  );
};
