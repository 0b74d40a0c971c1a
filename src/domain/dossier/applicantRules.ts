import { dossierRefusals } from "./dossierRefusals.ts";
import { changed, hasTexts, type Rule, refused } from "./ruleInput.ts";
import { openSupplement } from "./supplementLimit.ts";

/**
 * Before acceptance the applicant may still change an online dossier (R-SUB-3); after it, changes happen only on the
 * agency's request. The table allows this from status 1 only; the event names what changed.
 */
export const editBeforeAcceptance: Rule<"editBeforeAcceptance"> = ({ command }) => {
  if (!hasTexts(command.changes)) return refused(dossierRefusals.changesRequired());
  return changed({}, { changes: [...command.changes] });
};

/**
 * The applicant sends the documents an appraisal-stage supplement asked for (R-SUPP-1). The dossier stays at 5 until
 * the counter receives the supplement and the clock restarts; a reception-stage supplement is resubmitted instead.
 */
export const provideSupplement: Rule<"provideSupplement"> = ({ state, command }) => {
  if (openSupplement(state)?.stage !== "appraisal")
    return refused(dossierRefusals.wrongSupplementStage("reception"));
  if (!hasTexts(command.documentRefs)) return refused(dossierRefusals.outputRequired("R-SUPP-1"));
  return changed({}, { documentRefs: [...command.documentRefs] });
};
