/**
 * Readings of the dossier rules that the sources leave open (REGULATIONS §24). Each default is the safest reading;
 * a province changes them by configuration, never by code.
 */
export interface DossierRuleOptions {
  /**
   * `oncePerDossier` (default): one supplement request in the dossier's whole life, at reception or after appraisal —
   * "ask only once and completely" (R-RECV-6, R-SUPP-2), and the 766 index counts any second request as late.
   * `oncePerStage`: one at reception and one after appraisal.
   */
  supplementLimit: "oncePerDossier" | "oncePerStage";
  /** Public status of a reasoned refusal after appraisal: 8 Dừng xử lý (default, R-STATUS-5 [M]) or 9 (§24.6). */
  refusalAfterAppraisalStatus: 8 | 9;
}

export const DEFAULT_DOSSIER_RULE_OPTIONS: Readonly<DossierRuleOptions> = Object.freeze({
  supplementLimit: "oncePerDossier",
  refusalAfterAppraisalStatus: 8,
});
