import type { IndexPoints } from "./indices.ts";

/**
 * The three agency-level indices of R-EVAL-2 (5, 8, 9), scored from the agency's own figures. Shares are
 * percentages 0–100.
 */

export type AgencyTier = "province" | "district" | "commune";

/** Index 5's threshold for "the counter receives, appraises and approves" by tier (R-EVAL-2 item 5). */
const COUNTER_DECISION_THRESHOLD: Record<AgencyTier, number> = { province: 20, district: 50, commune: 100 };

export interface CounterHandlingFacts {
  tier: AgencyTier;
  /** Share of the agency's procedures the counter receives, appraises and approves/submits itself. */
  decidedAtCounterShare: number;
  /** Share of the eligible procedures both received and returned at the counter. */
  receivedAndReturnedAtCounterShare: number;
}

export function scoreCounterHandling(facts: CounterHandlingFacts): IndexPoints {
  if (facts.decidedAtCounterShare >= COUNTER_DECISION_THRESHOLD[facts.tier]) return 2;
  if (facts.receivedAndReturnedAtCounterShare >= 100) return 1;
  return 0;
}

export interface FeedbackHandlingFacts {
  received: number;
  handledOnTime: number;
  prolonged: number;
}

export function scoreFeedbackHandling(facts: FeedbackHandlingFacts): IndexPoints {
  if (facts.prolonged > 0) return 0;
  if (facts.received === 0 || facts.handledOnTime >= facts.received) return 2;
  return (facts.handledOnTime / facts.received) * 100 >= 90 ? 1 : 0;
}

export interface OnlineServiceFacts {
  /** Share of eligible procedures offered online (old levels 3–4; "full"/"partial" now). */
  onlineProcedureShare: number;
  /** Share of the agency's dossiers submitted online. */
  onlineDossierShare: number;
  /** Online dossiers unresolved past their time or handled late. */
  lateOnlineDossiers: number;
}

export function scoreOnlineServices(facts: OnlineServiceFacts): IndexPoints {
  if (facts.onlineProcedureShare >= 20 && facts.onlineDossierShare >= 30 && facts.lateOnlineDossiers === 0)
    return 2;
  if (facts.onlineProcedureShare > 0 && facts.onlineDossierShare >= 15) return 1;
  return 0;
}
