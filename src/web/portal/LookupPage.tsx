import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Input } from "antd";
import { useEffect, useId, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { ApiError, api } from "../api/client.ts";
import type { LookupResult } from "../api/types.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { useI18n, usePageTitle } from "../i18n/i18n.tsx";
import { QrLink } from "./QrLink.tsx";

/**
 * Public lookup by dossier code (R-LOOK-1, R-LOOK-2 clarified); /tra-cuu/<code> is also the page a dossier's QR code
 * opens (its `?t=` token shows the applicant's full name, issue #20). The answer is the one the API and the SMS reply
 * give: the status, the departments with the one holding the dossier, the steps and the dates.
 */
export default function LookupPage() {
  const { code: routeCode } = useParams();
  const [params] = useSearchParams();
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
      {routeCode ? (
        <LookupResultView key={routeCode} code={routeCode} token={params.get("t") ?? undefined} />
      ) : null}
    </>
  );
}

function lookupPath(code: string, proof: { token?: string | undefined; last4?: string | undefined }): string {
  const query = new URLSearchParams();
  if (proof.token) query.set("t", proof.token);
  if (proof.last4) query.set("last4", proof.last4);
  const suffix = query.toString();
  return `/api/public/lookup/${encodeURIComponent(code)}${suffix ? `?${suffix}` : ""}`;
}

function LookupResultView({ code, token }: { code: string; token: string | undefined }) {
  const { t, dateTime, lang } = useI18n();
  // The second fact stays in the page (never in the address bar or the history); a new code remounts the view.
  const [last4, setLast4] = useState<string | undefined>(undefined);
  const query = useQuery({
    queryKey: ["lookup", code, token ?? "", last4 ?? "", lang],
    queryFn: () => api.get<LookupResult>(lookupPath(code, { token, last4 })),
  });
  if (query.isPending) return <Loading />;
  if (query.error) {
    if (query.error instanceof ApiError && query.error.status === 404)
      return <Alert type="warning" showIcon role="alert" title={t("lookup.notFound", { code })} />;
    return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  }
  const result = query.data;
  const done = result.steps.filter((step) => step.done).length;
  return (
    <section className="section" aria-labelledby="lookup-result">
      <h2 id="lookup-result" className="break">
        {t("lookup.resultTitle", { code: result.code })}
      </h2>
      {result.status.code === 1 ? <Alert type="info" showIcon title={t("lookup.pending")} /> : null}
      <dl className="dl-grid" style={{ marginTop: 12 }}>
        <dt>{t("receipt.code")}</dt>
        <dd className="break">
          <strong>{result.code}</strong>
        </dd>
        <dt>{t("lookup.status")}</dt>
        <dd>
          <strong data-testid="lookup-status">{result.status.name}</strong>
        </dd>
        <dt>{t("lookup.receivingAgency")}</dt>
        <dd>{result.receivingAgency}</dd>
        <dt>{t("lookup.assistedAgency")}</dt>
        <dd>{result.assistedAgency}</dd>
        <dt>{t("lookup.decidingAgency")}</dt>
        <dd>{result.decidingAgency}</dd>
        <dt>{t("lookup.departments")}</dt>
        <dd>
          <ol className="lookup-departments" style={{ margin: 0, paddingInlineStart: 20 }}>
            {result.departments.map((name) => (
              <li key={name}>
                {name === result.currentDepartment ? (
                  <>
                    <strong>{name}</strong> ({t("lookup.currentMark")})
                  </>
                ) : (
                  name
                )}
              </li>
            ))}
          </ol>
        </dd>
        {result.currentDepartment ? (
          <>
            <dt>{t("lookup.currentDepartment")}</dt>
            <dd>{result.currentDepartment}</dd>
          </>
        ) : null}
        {result.steps.length > 0 ? (
          <>
            <dt>{t("lookup.steps")}</dt>
            <dd>
              <p style={{ margin: 0 }}>{t("lookup.stepsDone", { done, total: result.steps.length })}</p>
              <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                {result.steps.map((step, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: steps have no id; their order is their identity
                  <li key={index}>
                    {step.department}: {step.done ? t("lookup.stepDone") : t("lookup.stepOpen")}
                  </li>
                ))}
              </ol>
            </dd>
          </>
        ) : null}
        {"organisationName" in result && result.organisationName ? (
          <>
            <dt>{t("lookup.organisation")}</dt>
            <dd>{result.organisationName}</dd>
          </>
        ) : null}
        <dt>{t("lookup.applicant")}</dt>
        <dd data-testid="lookup-applicant">{result.applicantName}</dd>
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
      {result.applicantNameMasked ? (
        <SecondFactForm tried={last4} onSubmit={(digits) => setLast4(digits)} />
      ) : null}
      <h3>{t("lookup.url")}</h3>
      <QrLink code={result.code} url={result.lookupUrl} />
      <p>
        <Link to="/tra-cuu">{t("lookup.another")}</Link>
      </p>
    </section>
  );
}

/** Issue #20: the last 4 digits of the applicant's phone or ID number show the full name. */
function SecondFactForm({
  tried,
  onSubmit,
}: {
  tried: string | undefined;
  onSubmit: (digits: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [digits, setDigits] = useState("");
  const [invalid, setInvalid] = useState(false);
  return (
    <form
      className="section"
      onSubmit={(event) => {
        event.preventDefault();
        const value = digits.trim();
        if (!/^\d{4}$/.test(value)) {
          setInvalid(true);
          return;
        }
        setInvalid(false);
        onSubmit(value);
      }}
    >
      <p className="muted">{t("lookup.maskedNote")}</p>
      {tried ? <Alert type="warning" showIcon role="status" title={t("lookup.last4Mismatch")} /> : null}
      <div className="search-row" style={{ marginTop: 8 }}>
        <label htmlFor={id}>{t("lookup.last4Label")}</label>
        <Input
          id={id}
          value={digits}
          onChange={(event) => setDigits(event.target.value)}
          inputMode="numeric"
          maxLength={4}
          autoComplete="off"
          aria-invalid={invalid}
          aria-describedby={invalid ? `${id}-error` : undefined}
          style={{ width: 120 }}
        />
        <Button htmlType="submit">{t("lookup.last4Submit")}</Button>
      </div>
      {invalid ? (
        <p id={`${id}-error`} role="alert" className="field-error">
          {t("lookup.last4Invalid")}
        </p>
      ) : null}
    </form>
  );
}
