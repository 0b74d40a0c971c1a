/**
 * When a dossier counts as digitised for the 766 index (R-KPI-3 4.2; R-RECV-7, R-DIG-1/2): every component is
 * electronic — submitted online (exempt as an electronic submission), digitised (scan checked, metadata recorded,
 * signed by the receiving officer) or exempted with a recorded reason — and, once there is a result, the result is
 * digitised too (signed by the approving leader).
 */
export interface ComponentFacts {
  digitised: boolean;
  exempt: boolean;
}

export interface DossierDigitisationFacts {
  channel: string;
  components: readonly ComponentFacts[];
  /** Whether the dossier has reached a result (status 9 or 10). */
  hasResultStatus: boolean;
  /** Result files, and how many of them are digitised (signed). */
  results: number;
  digitisedResults: number;
}

export type DigitisationShortfall = "NOT_DIGITIZED" | "NO_ELECTRONIC_RESULT" | "RESULT_NOT_SIGNED";

export function digitisationShortfall(facts: DossierDigitisationFacts): DigitisationShortfall | null {
  if (facts.components.length === 0) return "NOT_DIGITIZED";
  const allElectronic =
    facts.channel === "online" ||
    facts.components.every((component) => component.digitised || component.exempt);
  if (!allElectronic) return "NOT_DIGITIZED";
  if (facts.hasResultStatus && facts.results === 0) return "NO_ELECTRONIC_RESULT";
  if (facts.hasResultStatus && facts.digitisedResults === 0) return "RESULT_NOT_SIGNED";
  return null;
}
