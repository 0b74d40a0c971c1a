import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client.ts";
import { useResultsI18n } from "./resultsI18n.ts";

interface OfferedForm {
  form: string;
  title: string;
  fileName: string;
}

/**
 * The dossier's forms that have data (issue #7: "a form is only offered when its data exist"), each a link to its PDF
 * to print or download: officers from the office (`office`), the applicant from the portal (`citizen`, which never
 * lists the internal control sheet, R-FORM-8). `version` refetches after the dossier changes.
 */
export function DossierForms({
  audience,
  dossierId,
  version,
}: {
  audience: "office" | "citizen";
  dossierId: string;
  version: number;
}) {
  const { rt } = useResultsI18n();
  const base = `/api/${audience}/dossiers/${dossierId}/forms`;
  const query = useQuery({
    queryKey: ["dossier-forms", audience, dossierId, version],
    queryFn: () => api.get<OfferedForm[]>(base),
  });
  if (query.isPending || query.error) return null;
  return (
    <section className="section" aria-labelledby="dossier-forms">
      <h2 id="dossier-forms">{rt("forms.title")}</h2>
      {query.data.length === 0 ? (
        <p className="muted">{rt("forms.none")}</p>
      ) : (
        <>
          <p className="muted">{rt("forms.lead")}</p>
          <ul className="plain-list">
            {query.data.map((form) => (
              <li key={form.form}>
                <a href={`${base}/${form.form}.pdf`} target="_blank" rel="noopener">
                  {rt("forms.open", { title: form.title })}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
