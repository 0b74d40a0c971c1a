import type { Refusal } from "../refusal.ts";
import { dossierRefusals } from "./dossierRefusals.ts";
import type { DossierRuleOptions } from "./dossierRuleOptions.ts";
import type { DossierState, SupplementRequestRecord } from "./dossierState.ts";

/**
 * A supplement is asked once and completely (R-RECV-6 at reception, R-SUPP-2 after appraisal). By default once in
 * the dossier's whole life; `oncePerStage` allows one at each stage.
 */
export function supplementLimitRefusal(
  state: DossierState,
  stage: SupplementRequestRecord["stage"],
  options: Pick<DossierRuleOptions, "supplementLimit">,
): Refusal | undefined {
  const counted =
    options.supplementLimit === "oncePerDossier"
      ? state.supplementRequests
      : state.supplementRequests.filter((request) => request.stage === stage);
  if (counted.length === 0) return undefined;
  return dossierRefusals.supplementAlreadyRequested(stage === "reception" ? "R-RECV-6" : "R-SUPP-2");
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
