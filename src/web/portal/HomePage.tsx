import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Input } from "antd";
import { type FormEvent, useId, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../api/client.ts";
import { useAgencies, useSectors, useSettings } from "../api/queries.ts";
import type { AgencyNode, Page, ProcedureSummary } from "../api/types.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { useI18n, usePageTitle } from "../i18n/i18n.tsx";
import { OnlineBadge } from "./OnlineBadge.tsx";

/** Procedures people use most in a province (civil status, residence, household business, land, criminal record). */
const popularCodes = [
  "1.001193",
  "1.000894",
  "1.004873",
  "2.000635",
  "1.001612",
  "3.000333",
  "1.012783",
  "1.002809",
];

export default function HomePage() {
  const { t } = useI18n();
  usePageTitle(undefined);
  const settings = useSettings();
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">{t("home.title")}</h1>
        <p>{t("home.lead")}</p>
        <SearchBox />
      </section>
      {settings.data?.nationalPortalMode ? (
        <Alert
          type="info"
          showIcon
          className="section"
          title={t("home.nationalPortal")}
          action={
            <a href={settings.data.nationalPortalUrl} rel="noopener">
              dichvucong.gov.vn
            </a>
          }
        />
      ) : null}
      <Popular />
      <LookupBox />
      <Sectors />
      <Contacts hotline={settings.data?.hotline ?? null} />
    </>
  );
}

function SearchBox() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [q, setQ] = useState("");
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const query = q.trim();
    void navigate(query ? `/thu-tuc?q=${encodeURIComponent(query)}` : "/thu-tuc");
  };
  return (
    <search>
      <form onSubmit={submit} className="search-row">
        <label htmlFor={id}>{t("home.searchLabel")}</label>
        <Input
          id={id}
          size="large"
          value={q}
          onChange={(event) => setQ(event.target.value)}
          placeholder={t("home.searchPlaceholder")}
          autoComplete="off"
          style={{ flex: "1 1 220px" }}
        />
        <Button size="large" htmlType="submit">
          {t("home.searchButton")}
        </Button>
      </form>
    </search>
  );
}

function Popular() {
  const { t } = useI18n();
  const query = useQuery({
    queryKey: ["procedures", "all"],
    queryFn: () => api.get<Page<ProcedureSummary>>("/api/public/procedures?pageSize=100"),
    staleTime: 10 * 60_000,
  });
  const byCode = new Map((query.data?.items ?? []).map((p) => [p.code, p]));
  const popular = popularCodes.flatMap((code) => byCode.get(code) ?? []);
  const shown = popular.length > 0 ? popular : (query.data?.items ?? []).slice(0, 8);
  return (
    <section aria-labelledby="home-popular">
      <h2 id="home-popular">{t("home.popular")}</h2>
      {query.isPending ? <Loading /> : null}
      {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      <ul className="card-grid">
        {shown.map((procedure) => (
          <li key={procedure.code}>
            <Link to={`/thu-tuc/${procedure.code}`}>{procedure.name}</Link>
            <div className="meta">
              <span>{procedure.field.name}</span>
              <OnlineBadge level={procedure.onlineLevel} />
            </div>
          </li>
        ))}
      </ul>
      <p>
        <Link to="/thu-tuc">{t("home.allProcedures")}</Link>
      </p>
    </section>
  );
}

function LookupBox() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [code, setCode] = useState("");
  const id = useId();
  return (
    <section className="section" aria-labelledby="home-lookup">
      <h2 id="home-lookup">{t("home.lookupTitle")}</h2>
      <p className="muted">{t("home.lookupText")}</p>
      <form
        className="search-row"
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
          style={{ flex: "1 1 220px" }}
        />
        <Button htmlType="submit" type="primary">
          {t("lookup.submit")}
        </Button>
      </form>
    </section>
  );
}

function Sectors() {
  const { t } = useI18n();
  const sectors = useSectors();
  return (
    <section aria-labelledby="home-sectors">
      <h2 id="home-sectors">{t("home.sectors")}</h2>
      {sectors.isPending ? <Loading /> : null}
      {sectors.error ? <ErrorAlert error={sectors.error} onRetry={() => void sectors.refetch()} /> : null}
      <ul className="card-grid">
        {(sectors.data ?? []).map((sector) => (
          <li key={sector.code}>
            <Link to={`/thu-tuc?sector=${encodeURIComponent(sector.code)}`}>{sector.name}</Link>
            <div className="muted">{t("home.procedureCount", { count: sector.procedureCount })}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function flatten(nodes: AgencyNode[]): AgencyNode[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

function Contacts({ hotline }: { hotline: string | null }) {
  const { t } = useI18n();
  const agencies = useAgencies();
  // The agencies people go to: those that receive dossiers themselves (service centers, communes, the province).
  const receiving = flatten(agencies.data ?? []).filter((agency) => agency.receivedAt === null);
  return (
    <section aria-labelledby="home-contacts">
      <h2 id="home-contacts">{t("home.contacts")}</h2>
      <p className="muted">{t("home.contactsLead")}</p>
      {hotline ? (
        <p>
          <strong>{t("app.hotline")}:</strong> <a href={`tel:${hotline.replace(/\s+/g, "")}`}>{hotline}</a>
        </p>
      ) : null}
      {agencies.isPending ? <Loading /> : null}
      {agencies.error ? <ErrorAlert error={agencies.error} onRetry={() => void agencies.refetch()} /> : null}
      <ul className="card-grid">
        {receiving.map((agency) => (
          <li key={agency.code}>
            <h3 style={{ marginTop: 0 }}>{agency.name}</h3>
            <dl className="dl-grid" style={{ gridTemplateColumns: "auto 1fr" }}>
              {agency.address ? (
                <>
                  <dt>{t("agency.address")}</dt>
                  <dd>{agency.address}</dd>
                </>
              ) : null}
              {agency.hotline ? (
                <>
                  <dt>{t("agency.hotline")}</dt>
                  <dd>
                    <a href={`tel:${agency.hotline.replace(/\s+/g, "")}`}>{agency.hotline}</a>
                  </dd>
                </>
              ) : null}
              {agency.phone ? (
                <>
                  <dt>{t("agency.phone")}</dt>
                  <dd>
                    <a href={`tel:${agency.phone.replace(/\s+/g, "")}`}>{agency.phone}</a>
                  </dd>
                </>
              ) : null}
              {agency.email ? (
                <>
                  <dt>{t("agency.email")}</dt>
                  <dd className="break">
                    <a href={`mailto:${agency.email}`}>{agency.email}</a>
                  </dd>
                </>
              ) : null}
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}
