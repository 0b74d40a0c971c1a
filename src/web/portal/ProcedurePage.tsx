import { useQuery } from "@tanstack/react-query";
import { Alert, Button } from "antd";
import { Link, useParams } from "react-router";
import { api } from "../api/client.ts";
import { useSettings } from "../api/queries.ts";
import type { Procedure } from "../api/types.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { ProcedureFaq } from "../feedback/ProcedureFaq.tsx";
import { useI18n, usePageTitle } from "../i18n/i18n.tsx";
import { downloadText, printableForm } from "./eform.ts";
import { levelText, timeLimitText } from "./format.ts";
import { OnlineBadge } from "./OnlineBadge.tsx";

/** A procedure with every field R-CAT-1 asks the portal to publish, and the way to submit it. */
export default function ProcedurePage() {
  const { code = "" } = useParams();
  const { t } = useI18n();
  const query = useQuery({
    queryKey: ["procedure", code],
    queryFn: () => api.get<Procedure>(`/api/public/procedures/${encodeURIComponent(code)}`),
  });
  usePageTitle(query.data?.name ?? t("nav.catalog"));
  if (query.isPending) return <Loading />;
  if (query.error)
    return (
      <>
        <h1>{t("nav.catalog")}</h1>
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
        <p>
          <Link to="/thu-tuc">{t("home.allProcedures")}</Link>
        </p>
      </>
    );
  return <ProcedureView procedure={query.data} />;
}

function SubmitEntry({ procedure }: { procedure: Procedure }) {
  const { t } = useI18n();
  const settings = useSettings();
  const online = procedure.offerings.some((o) => o.channels.includes("online") && o.onlineLevel !== "none");
  if (!online) return <Alert type="info" showIcon title={t("procedure.notOnline")} />;
  if (settings.isPending) return null;
  if (settings.data?.nationalPortalMode) {
    return (
      <div className="section">
        <p>{t("procedure.nationalNote")}</p>
        <Button
          type="primary"
          size="large"
          href={settings.data.nationalPortalUrl}
          target="_blank"
          rel="noopener"
        >
          {t("procedure.submitNational")}
        </Button>
      </div>
    );
  }
  return (
    <p>
      <Link className="cta-link" to={`/thu-tuc/${procedure.code}/nop-ho-so`}>
        {t("procedure.submitOnline")}
      </Link>
    </p>
  );
}

function ProcedureView({ procedure }: { procedure: Procedure }) {
  const { t, date, money, lang } = useI18n();
  const forms = procedure.components.filter((component) => component.formTemplate);
  const legalTime = timeLimitText(t, procedure.timeLimit);
  return (
    <article>
      <p>
        <Link to="/thu-tuc">← {t("nav.catalog")}</Link>
      </p>
      <h1>{procedure.name}</h1>
      <div className="meta" style={{ marginBottom: 12 }}>
        <span>
          {t("procedure.code")}: {procedure.code}
        </span>
        <OnlineBadge level={procedure.onlineLevel} />
      </div>
      <SubmitEntry procedure={procedure} />

      <section className="section" aria-labelledby="p-general">
        <h2 id="p-general">{t("dossier.info")}</h2>
        <dl className="dl-grid">
          <dt>{t("procedure.field")}</dt>
          <dd>
            {procedure.sector.name} · {procedure.field.name}
          </dd>
          <dt>{t("procedure.levels")}</dt>
          <dd>{procedure.levels.map((level) => levelText(t, level)).join(", ")}</dd>
          <dt>{t("procedure.decidingAgency")}</dt>
          <dd>{procedure.decidingAgency}</dd>
          <dt>{t("procedure.timeLimit")}</dt>
          <dd>
            {procedure.timeLimitText}
            {legalTime ? <div className="muted">({legalTime})</div> : null}
          </dd>
          <dt>{t("procedure.subjects")}</dt>
          <dd>{procedure.subjects.join("; ")}</dd>
          <dt>{t("procedure.result")}</dt>
          <dd>{procedure.result}</dd>
          <dt>{t("procedure.onlineLevel")}</dt>
          <dd>
            <OnlineBadge level={procedure.onlineLevel} />
          </dd>
        </dl>
      </section>

      <section className="section" aria-labelledby="p-steps">
        <h2 id="p-steps">{t("procedure.steps")}</h2>
        <ol className="plain-list">
          {procedure.steps.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
      </section>

      <section className="section" aria-labelledby="p-methods">
        <h2 id="p-methods">{t("procedure.methods")}</h2>
        <ul className="plain-list">
          {procedure.methods.map((method) => (
            <li key={`${method.channel}:${method.description}`}>
              <strong>{t(`channel.${method.channel}`)}:</strong> {method.description}
            </li>
          ))}
        </ul>
      </section>

      <section className="section" aria-labelledby="p-components">
        <h2 id="p-components">{t("procedure.components")}</h2>
        <div className="table-wrap">
          <table className="simple">
            <thead>
              <tr>
                <th scope="col">{t("procedure.componentName")}</th>
                <th scope="col">{t("procedure.originals")}</th>
                <th scope="col">{t("procedure.copies")}</th>
                <th scope="col">{t("procedure.required")}</th>
              </tr>
            </thead>
            <tbody>
              {procedure.components.map((component) => (
                <tr key={component.position}>
                  <td>
                    {component.name}
                    {component.formTemplate ? (
                      <div className="muted">
                        {t("procedure.form")}: {component.formTemplate}
                      </div>
                    ) : null}
                  </td>
                  <td>{component.originalCount}</td>
                  <td>{component.copyCount}</td>
                  <td>{component.required ? t("procedure.required") : t("procedure.optional")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="section" aria-labelledby="p-forms">
        <h2 id="p-forms">{t("procedure.forms")}</h2>
        {forms.length === 0 ? (
          <p>{t("procedure.noForms")}</p>
        ) : (
          <p className="muted">{t("procedure.downloadHint")}</p>
        )}
        <ul className="plain-list">
          {forms.map((component) => (
            <li key={component.position}>
              <Button
                type="link"
                style={{ whiteSpace: "normal", height: "auto", textAlign: "left", padding: 0 }}
                onClick={() =>
                  downloadText(
                    `${procedure.code}-mau-${component.code ?? component.position}.html`,
                    printableForm(t, procedure, component.formTemplate ?? component.name, lang),
                    "text/html;charset=utf-8",
                  )
                }
              >
                {t("procedure.download", { name: component.formTemplate ?? component.name })}
              </Button>
            </li>
          ))}
        </ul>
      </section>

      <section className="section" aria-labelledby="p-fees">
        <h2 id="p-fees">{t("procedure.fees")}</h2>
        {procedure.fees.length === 0 ? (
          <p>{t("procedure.noFees")}</p>
        ) : (
          <div className="table-wrap">
            <table className="simple">
              <thead>
                <tr>
                  <th scope="col">{t("procedure.feeName")}</th>
                  <th scope="col">{t("procedure.feeAmount")}</th>
                </tr>
              </thead>
              <tbody>
                {procedure.fees.map((fee) => (
                  <tr key={`${fee.code}:${fee.name}`}>
                    <td>
                      {fee.name}
                      {fee.description ? <div className="muted">{fee.description}</div> : null}
                    </td>
                    <td>{fee.amountVnd === 0 ? t("procedure.free") : money(fee.amountVnd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="section" aria-labelledby="p-conditions">
        <h2 id="p-conditions">{t("procedure.conditions")}</h2>
        <p style={{ whiteSpace: "pre-line" }}>{procedure.conditions || t("procedure.noConditions")}</p>
      </section>

      <section className="section" aria-labelledby="p-legal">
        <h2 id="p-legal">{t("procedure.legalBasis")}</h2>
        <ul className="plain-list">
          {procedure.legalBasis.map((law) => (
            <li key={law.number}>
              <strong>{law.number}</strong>: {law.title}
              {law.issuedOn ? `, ${t("procedure.issuedOn", { date: date(law.issuedOn) })}` : ""}
            </li>
          ))}
        </ul>
      </section>

      <section className="section" aria-labelledby="p-where">
        <h2 id="p-where">{t("procedure.where")}</h2>
        <div className="table-wrap">
          <table className="simple">
            <thead>
              <tr>
                <th scope="col">{t("procedure.agency")}</th>
                <th scope="col">{t("procedure.channels")}</th>
              </tr>
            </thead>
            <tbody>
              {procedure.offerings.map((offering) => (
                <tr key={offering.agency.code}>
                  <td>{offering.agency.name}</td>
                  <td>{offering.channels.map((channel) => t(`channel.${channel}`)).join("; ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <p className="muted">{t("procedure.updatedAt", { date: date(procedure.updatedAt) })}</p>
      <ProcedureFaq code={procedure.code} />
    </article>
  );
}
