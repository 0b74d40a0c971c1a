import type { Refusal } from "../refusal.ts";
import { dossierRefusals } from "./dossierRefusals.ts";
import type { DossierState, SupplementRequestRecord } from "./dossierState.ts";

/**
 * A supplement is asked once and completely at each stage: one request at reception (R-RECV-6) and one by the
 * competent agency after appraisal within its window (R-SUPP-1). *Clarified* R-SUPP-2: both are allowed — the second
 * with a warning that the dossier will count as late — and a third is refused.
 */
export function supplementLimitRefusal(
  state: DossierState,
  stage: SupplementRequestRecord["stage"],
): Refusal | undefined {
  if (state.supplementRequests.length >= MAX_SUPPLEMENT_REQUESTS)
    return dossierRefusals.supplementLimitReached();
  if (state.supplementRequests.some((request) => request.stage === stage))
    return dossierRefusals.supplementAlreadyRequested(stage === "reception" ? "R-RECV-6" : "R-SUPP-2");
  return undefined;
}

/** One at reception, one after appraisal (R-SUPP-2 *Clarified*). */
export const MAX_SUPPLEMENT_REQUESTS = 2;

/**
 * A request made while another was already made in the dossier's life: allowed, but the 766 index counts a dossier
 * with more than one supplement request as late (R-SUPP-2, E4), so the officer is warned and the event says so.
 */
export function supplementCountsAsLate(state: DossierState): boolean {
  return state.supplementRequests.length >= 1;
}

/** The supplement the dossier is waiting for (status 5 always has one). */
export function openSupplement(state: DossierState): SupplementRequestRecord | undefined {
  const last = state.supplementRequests.at(-1);
  return last !== undefined && last.completedAt === undefined ? last : undefined;
}

/** The history with the open supplement marked complete. */
export function completeOpenSupplement(
  state: DossierState,
  completion: Pick<SupplementRequestRecord, "completedAt" | "previousDueAt" | "newDueAt">,
): SupplementRequestRecord[] {
  return state.supplementRequests.map((request, index) =>
    index === state.supplementRequests.length - 1 ? { ...request, ...completion } : request,
  );
}
