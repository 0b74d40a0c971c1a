/**
 * Readings of the dossier rules that the sources leave open (REGULATIONS §24). Each default is the safest reading;
 * a province changes them by configuration, never by code (src/domain/options/ruleOptions.ts resolves them). The
 * supplement limit is no longer an option: R-SUPP-2 *Clarified* fixes one at reception and one after appraisal.
 */
export interface DossierRuleOptions {
  /** Public status of a reasoned refusal after appraisal: 8 Dừng xử lý (default, R-STATUS-5 [M]) or 9 (§24.6). */
  refusalAfterAppraisalStatus: 8 | 9;
}

export const DEFAULT_DOSSIER_RULE_OPTIONS: Readonly<DossierRuleOptions> = Object.freeze({
  refusalAfterAppraisalStatus: 8,
});
