/**
 * Faults the DVCQG simulator injects on demand (issue #13): the sender must survive each of them.
 * - `timeout`: the request is never answered (the sender's DVCQG_SYNC_TIMEOUT_MS runs out);
 * - `error`: 500 without doing anything;
 * - `duplicate`: the packet is applied but its acknowledgement is lost (503), so the sender sends it again and the
 *   second copy is acknowledged as a duplicate, not applied twice;
 * - `slow`: answered normally after `delayMs`.
 */
export type FaultMode = "timeout" | "error" | "duplicate" | "slow";

export const FAULT_MODES: readonly FaultMode[] = ["timeout", "error", "duplicate", "slow"];

export interface FaultPlan {
  mode: FaultMode;
  /** How many requests it affects; null = every request until cleared. */
  remaining: number | null;
  delayMs: number;
}

export interface FaultInjector {
  set(plan: FaultPlan): void;
  clear(): void;
  current(): FaultPlan | null;
  /** Takes the fault for the next request (counting it down), or null when none applies. */
  take(): FaultPlan | null;
}

export function createFaultInjector(): FaultInjector {
  let plan: FaultPlan | null = null;
  return {
    set(next) {
      plan = next.remaining === 0 ? null : { ...next };
    },
    clear() {
      plan = null;
    },
    current: () => (plan ? { ...plan } : null),
    take() {
      if (!plan) return null;
      const taken = { ...plan };
      if (plan.remaining !== null) {
        plan.remaining -= 1;
        if (plan.remaining <= 0) plan = null;
      }
      return taken;
    },
  };
}
