import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api } from "../api/client.ts";
import type { Dossier } from "../api/types.ts";
import { detailRow, ErrorAlert, Loading } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { statusTone } from "../portal/format.ts";
import { PostalPanel } from "./PostalPanel.tsx";
import { type PostalSubmissionDetail, postalKeys } from "./postalApi.ts";
import { type PostalKey, usePostalI18n } from "./postalI18n.ts";

/**
 * One dossier a postal worker filed for a citizen (issue #18, R-SUB-2): where it stands, its appointment and
 * history as the citizen sees them, the consent recorded for the filing, and its postal orders (a pickup or the
 * result by post may still be ordered here). The server answers only for the worker's own filings.
 */
export function PostalDossierPage() {
  const { id = "" } = useParams();
  const { pt, t, pick, dateTime } = usePostalI18n();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: postalKeys.submission(id),
    queryFn: () => api.get<PostalSubmissionDetail<Dossier>>(`/api/postal/dossiers/${encodeURIComponent(id)}`),
  });
  const code = query.data?.dossier.code;
  usePageTitle(code ? pt("detail.title", { code }) : pt("home.title"));
  const back = (
    <p>
      <Link to="/buu-dien">← {pt("home.title")}</Link>
    </p>
  );
  if (query.isPending) return <Loading />;
  if (query.error)
    return (
      <>
        {back}
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  const { dossier, consent } = query.data;
  return (
    <>
      {back}
      <h1 className="break">{pt("detail.title", { code: dossier.code })}</h1>
      <p>
        <span className={statusTone(dossier.status)}>{pick(dossier.statusLabel)}</span>
      </p>
      <section className="section" aria-labelledby="postal-dossier-info">
        <h2 id="postal-dossier-info">{t("dossier.info")}</h2>
        <dl className="dl-grid">
          {detailRow(t("dossier.procedure"), `${dossier.procedure.name} (${dossier.procedure.code})`)}
          {detailRow(t("dossier.decidingAgency"), dossier.decidingAgency.name)}
          {detailRow(pt("col.citizen"), consent.citizenName)}
          {detailRow(
            pt("col.consent"),
            `${pt(`consent.${consent.method}` as PostalKey)} (${consent.reference})`,
          )}
          {detailRow(t("dossier.submittedAt"), dateTime(dossier.submittedAt))}
          {detailRow(t("dossier.receivedAt"), dateTime(dossier.receivedAt))}
          {detailRow(t("dossier.dueAt"), dateTime(dossier.extendedDueAt ?? dossier.dueAt))}
          {detailRow(t("dossier.returnedAt"), dateTime(dossier.returnedAt))}
        </dl>
      </section>
      <section className="section" aria-labelledby="postal-dossier-history">
        <h2 id="postal-dossier-history">{t("dossier.history")}</h2>
        <ol className="timeline">
          {dossier.history.map((event) => (
            <li key={event.sequence}>
              <span className="event-label">{pick(event.label)}</span>
              <time dateTime={event.at}>{dateTime(event.at)}</time>
            </li>
          ))}
        </ol>
      </section>
      <PostalPanel
        dossier={dossier}
        audience="citizen"
        canOrder
        canHandOver={false}
        onDossierChanged={() => queryClient.invalidateQueries({ queryKey: postalKeys.submission(id) })}
      />
    </>
  );
}
