import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Input } from "antd";
import { useEffect, useId, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError, api } from "../api/client.ts";
import type { LookupResult } from "../api/types.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { useI18n, usePageTitle } from "../i18n/i18n.tsx";
import { QrLink } from "./QrLink.tsx";

/** Public lookup by dossier code (R-LOOK-2); /tra-cuu/<code> is also the page a dossier's QR code opens. */
export default function LookupPage() {
  const { code: routeCode } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [code, setCode] = useState(routeCode ?? "");
  useEffect(() => setCode(routeCode ?? ""), [routeCode]);
  const id = useId();
  usePageTitle(routeCode ? t("lookup.resultTitle", { code: routeCode }) : t("lookup.title"));
  return (
    <>
      <h1>{t("lookup.title")}</h1>
      <p className="lead">{t("lookup.lead")}</p>
      <form
        className="section search-row"
        onSubmit={(event) => {
          event.preventDefault();
          if (code.trim()) void navigate(`/tra-cuu/${encodeURIComponent(code.trim())}`);
        }}
      >
        <label htmlFor={id}>{t("lookup.codeLabel")}</label>
        <Input
          id={id}
          value={code}
          onChange={(event) => setCode(event.target.value)}
          placeholder={t("lookup.codePlaceholder")}
          autoComplete="off"
          spellCheck={false}
          style={{ flex: "1 1 220px" }}
        />
        <Button type="primary" htmlType="submit">
          {t("lookup.submit")}
        </Button>
      </form>
      {routeCode ? <LookupResultView code={routeCode} /> : null}
    </>
  );
}

function LookupResultView({ code }: { code: string }) {
  const { t, dateTime } = useI18n();
  const query = useQuery({
    queryKey: ["lookup", code],
    queryFn: () => api.get<LookupResult>(`/api/public/lookup/${encodeURIComponent(code)}`),
  });
  if (query.isPending) return <Loading />;
  if (query.error) {
    if (query.error instanceof ApiError && query.error.status === 404)
      return <Alert type="warning" showIcon role="alert" title={t("lookup.notFound", { code })} />;
    return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  }
  const result = query.data;
  return (
    <section className="section" aria-labelledby="lookup-result">
      <h2 id="lookup-result" className="break">
        {t("lookup.resultTitle", { code: result.code })}
      </h2>
      {"submittedAt" in result ? <Alert type="info" showIcon title={t("lookup.pending")} /> : null}
      <dl className="dl-grid" style={{ marginTop: 12 }}>
        <dt>{t("receipt.code")}</dt>
        <dd className="break">
          <strong>{result.code}</strong>
        </dd>
        <dt>{t("lookup.receivingAgency")}</dt>
        <dd>{result.receivingAgency}</dd>
        {"departments" in result ? (
          <>
            <dt>{t("lookup.departments")}</dt>
            <dd>{result.departments.join("; ") || "—"}</dd>
            {result.organisationName ? (
              <>
                <dt>{t("lookup.organisation")}</dt>
                <dd>{result.organisationName}</dd>
              </>
            ) : null}
          </>
        ) : null}
        <dt>{t("lookup.applicant")}</dt>
        <dd>{result.applicantName}</dd>
        {"submittedAt" in result ? (
          <>
            <dt>{t("lookup.submittedAt")}</dt>
            <dd>{dateTime(result.submittedAt)}</dd>
          </>
        ) : (
          <>
            <dt>{t("lookup.receivedAt")}</dt>
            <dd>{dateTime(result.receivedAt)}</dd>
            <dt>{t("lookup.appointmentAt")}</dt>
            <dd>{result.appointmentAt ? dateTime(result.appointmentAt) : "—"}</dd>
          </>
        )}
      </dl>
      <h3>{t("lookup.url")}</h3>
      <QrLink code={result.code} url={result.lookupUrl} />
      <p>
        <Link to="/tra-cuu">{t("lookup.another")}</Link>
      </p>
    </section>
  );
}
