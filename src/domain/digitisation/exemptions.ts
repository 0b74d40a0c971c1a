/**
 * Components that need no digitisation at reception (R-RECV-7; TT 03/2025 Điều 5 k2): the dossier was submitted
 * electronically; the paper was only shown, not submitted; appraisal, verification or consultation outputs (unless
 * sector law says otherwise); classified documents. The reason is recorded with the officer and time.
 */
export const EXEMPTION_REASONS = [
  "electronicSubmission",
  "shownOnly",
  "appraisalOutput",
  "classified",
] as const;
export type ExemptionReason = (typeof EXEMPTION_REASONS)[number];

export const isExemptionReason = (value: string): value is ExemptionReason =>
  (EXEMPTION_REASONS as readonly string[]).includes(value);

export type ExemptionRefusal = "ONLINE_ONLY_FOR_ELECTRONIC" | "NOTE_REQUIRED";

/**
 * Whether an exemption may be recorded: "electronic submission" only for a dossier that came in online (a counter
 * scan is not one), and a classified document names the basis in a note (the officer answers for it).
 */
export function exemptionRefusal(
  reason: ExemptionReason,
  dossierChannel: string,
  note: string | null,
): ExemptionRefusal | null {
  if (reason === "electronicSubmission" && dossierChannel !== "online") return "ONLINE_ONLY_FOR_ELECTRONIC";
  if (reason === "classified" && (note === null || note.trim().length === 0)) return "NOTE_REQUIRED";
  return null;
}
