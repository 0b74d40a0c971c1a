import { Alert, Button } from "antd";
import { Link, useParams } from "react-router";
import { ErrorAlert, Loading, RequireSession } from "../app/ui.tsx";
import { useI18n, usePageTitle } from "../i18n/i18n.tsx";
import { useDossier } from "./dossierQuery.ts";
import { SubmitterRow } from "./organisation/SubmitterRow.tsx";
import { QrLink } from "./QrLink.tsx";

/** The receipt after an online submission: the dossier code, its lookup QR address and the appointment. */
export default function ReceiptPage() {
  const { t } = useI18n();
  usePageTitle(t("receipt.title"));
  return <RequireSession>{() => <Receipt />}</RequireSession>;
}

function Receipt() {
  const { id = "" } = useParams();
  const { t, dateTime } = useI18n();
  const query = useDossier(id);
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const dossier = query.data;
  const lookupUrl = `${window.location.origin}/tra-cuu/${encodeURIComponent(dossier.code)}`;
  return (
    <>
      <h1>{t("receipt.title")}</h1>
      <Alert type="success" showIcon title={t("receipt.lead", { agency: dossier.receivingAgency.name })} />
      <section className="section" aria-labelledby="receipt-code" style={{ marginTop: 16 }}>
        <h2 id="receipt-code">{t("receipt.code")}</h2>
        <p className="receipt-code" data-testid="dossier-code">
          {dossier.code}
        </p>
        <dl className="dl-grid">
          <dt>{t("receipt.procedure")}</dt>
          <dd>{dossier.procedure.name}</dd>
          <SubmitterRow dossier={dossier} />
          <dt>{t("receipt.submittedAt")}</dt>
          <dd>{dateTime(dossier.submittedAt)}</dd>
          {dossier.receptionDueAt ? (
            <>
              <dt>{t("receipt.receptionDue")}</dt>
              <dd>{dateTime(dossier.receptionDueAt)}</dd>
            </>
          ) : null}
          <dt>{t("receipt.appointment")}</dt>
          <dd>{dossier.dueAt ? dateTime(dossier.dueAt) : t("receipt.appointmentLater")}</dd>
        </dl>
        <h3>{t("receipt.qr")}</h3>
        <QrLink code={dossier.code} url={lookupUrl} token={dossier.lookupToken} />
      </section>
      <p>{t("receipt.next")}</p>
      <div className="actions">
        <Link className="cta-link" to={`/ho-so-cua-toi/${dossier.id}`}>
          {t("receipt.toDossier")}
        </Link>
        <Button size="large" onClick={() => window.print()}>
          {t("receipt.print")}
        </Button>
      </div>
    </>
  );
}
