import type { Dossier } from "../../api/types.ts";
import { useOrganisationI18n } from "./organisationI18n.ts";

type WithSubmitter = Pick<Dossier, "submitter" | "applicant">;

/**
 * Who filed the dossier when not the applicant (issue #14): "<person> — nộp thay cho <organisation>" with the
 * capacity (legal representative, or under an authorisation); null when the applicant filed it.
 */
export function useSubmitterLine(dossier: WithSubmitter): { label: string; text: string } | null {
  const { ot } = useOrganisationI18n();
  const submitter = dossier.submitter;
  if (!submitter) return null;
  const organisation = dossier.applicant.organisationName ?? dossier.applicant.name;
  const capacity = ot(
    submitter.kind === "legal_representative" ? "submitter.asRepresentative" : "submitter.asAuthorised",
  );
  const text =
    submitter.kind === "other"
      ? ot("submitter.other", { name: submitter.name })
      : `${ot("submitter.forOrganisation", { name: submitter.name, organisation })} (${capacity})`;
  return { label: ot("submitter.label"), text };
}

/** The same as a `<dt>`/`<dd>` pair for a details list. */
export function SubmitterRow({ dossier }: { dossier: WithSubmitter }) {
  const line = useSubmitterLine(dossier);
  if (!line) return null;
  return (
    <>
      <dt>{line.label}</dt>
      <dd>{line.text}</dd>
    </>
  );
}
