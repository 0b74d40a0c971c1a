import { type CentralDossierCodeParts, parseCentralDossierCode } from "./centralDossierCode.ts";
import { type DossierCodeParts, parseDossierCode } from "./dossierCode.ts";

/**
 * Recognises a dossier code arriving from elsewhere (DVCQG, ministry systems) so it can be stored unchanged
 * (R-CODE-2). A central code is also shaped like a provincial code whose agency id is in the newer form and whose
 * sequence has 6+ digits; the central reading wins because only central systems prefix the sequence with `AA`.
 */
export type RecognizedDossierCode =
  | { format: "central"; code: string; parts: CentralDossierCodeParts }
  | { format: "provincial"; code: string; parts: DossierCodeParts };

export function recognizeDossierCode(code: string): RecognizedDossierCode | undefined {
  const central = parseCentralDossierCode(code);
  if (central) return { format: "central", code, parts: central };
  const provincial = parseDossierCode(code);
  if (provincial) return { format: "provincial", code, parts: provincial };
  return undefined;
}
