/**
 * The submitter of a dossier as its pages show it (issue #14; DESIGN §1: the Submitter may differ from the
 * Applicant): a legal representative or an authorised person acting for an organisation online, with the mandate, or
 * the person a counter officer entered as submitting on someone's behalf. Null when the applicant filed it.
 */
export interface SubmitterView {
  kind: "legal_representative" | "authorised_person" | "other";
  name: string;
  idNumber: string | null;
  mandateId: string | null;
}

export function submitterView(stored: unknown): SubmitterView | null {
  if (typeof stored !== "object" || stored === null) return null;
  const value = stored as Record<string, unknown>;
  if (typeof value.name !== "string" || value.name.trim() === "") return null;
  const kind =
    value.kind === "legal_representative" || value.kind === "authorised_person"
      ? value.kind
      : ("other" as const);
  return {
    kind,
    name: value.name,
    idNumber: typeof value.idNumber === "string" ? value.idNumber : null,
    mandateId: typeof value.mandateId === "string" ? value.mandateId : null,
  };
}
