import type { Localized } from "../api/types.ts";

/**
 * A step's name as the dossier's own pinned workflow version calls it (R-CAT-4: an administrator may rename a step
 * when publishing a new version); a step the version does not list falls back to the office dictionary.
 */
export function stepName(
  steps: readonly { step: string; label: Localized }[],
  code: string | null | undefined,
  pick: (text: Localized) => string,
  fallback: (code: string) => string,
): string {
  if (!code) return "";
  const step = steps.find((candidate) => candidate.step === code);
  return step ? pick(step.label) : fallback(code);
}
