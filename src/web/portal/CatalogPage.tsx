import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Button, Input } from "antd";
import { type FormEvent, useEffect, useId, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api } from "../api/client.ts";
import { useSectors } from "../api/queries.ts";
import type { Page, ProcedureSummary } from "../api/types.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { useI18n, usePageTitle } from "../i18n/i18n.tsx";
import { levelText } from "./format.ts";
import { OnlineBadge } from "./OnlineBadge.tsx";

const pageSize = 20;
const filterNames = ["q", "sector", "level", "onlineLevel"] as const;

/** Catalog browse and search; the server's search ignores diacritics and case (đăng ký = dang ky). */
export default function CatalogPage() {
  const { t } = useI18n();
  usePageTitle(t("catalog.title"));
  const [params, setParams] = useSearchParams();
  const sectors = useSectors();
  const page = Math.max(1, Number(params.get("page")) || 1);
  const [q, setQ] = useState(params.get("q") ?? "");
  useEffect(() => setQ(params.get("q") ?? ""), [params]);
  const ids = { q: useId(), sector: useId(), level: useId(), online: useId() };

  const search = new URLSearchParams();
  for (const name of filterNames) {
    const value = params.get(name);
    if (value) search.set(name, value);
  }
  search.set("page", String(page));
  search.set("pageSize", String(pageSize));
  const result = useQuery({
    queryKey: ["procedures", search.toString()],
    queryFn: () => api.get<Page<ProcedureSummary>>(`/api/public/procedures?${search}`),
    placeholderData: keepPreviousData,
  });

  const update = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete("page");
    setParams(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update("q", q.trim());
  };
  const pageLink = (target: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(target));
    return `?${next}`;
  };
  const pages = result.data ? Math.max(1, Math.ceil(result.data.total / pageSize)) : 1;

  return (
    <>
      <h1>{t("catalog.title")}</h1>
      <search>
        <form onSubmit={submit} className="section">
          <div className="search-row" style={{ marginBottom: 12 }}>
            <label htmlFor={ids.q}>{t("catalog.searchLabel")}</label>
            <Input
              id={ids.q}
              type="search"
              value={q}
              onChange={(event) => setQ(event.target.value)}
              placeholder={t("catalog.searchPlaceholder")}
              autoComplete="off"
              style={{ flex: "1 1 220px" }}
            />
            <Button type="primary" htmlType="submit">
              {t("catalog.search")}
            </Button>
          </div>
          <div className="filters">
            <div>
              <label htmlFor={ids.sector}>{t("catalog.sector")}</label>
              <select
                id={ids.sector}
                className="native-select"
                value={params.get("sector") ?? ""}
                onChange={(event) => update("sector", event.target.value)}
              >
                <option value="">{t("catalog.allSectors")}</option>
                {(sectors.data ?? []).map((sector) => (
                  <option key={sector.code} value={sector.code}>
                    {sector.name}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor={ids.level}>{t("catalog.level")}</label>
              <select
                id={ids.level}
                className="native-select"
                value={params.get("level") ?? ""}
                onChange={(event) => update("level", event.target.value)}
              >
                <option value="">{t("catalog.allLevels")}</option>
                {(["province", "commune"] as const).map((level) => (
                  <option key={level} value={level}>
                    {levelText(t, level)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor={ids.online}>{t("catalog.onlineLevel")}</label>
              <select
                id={ids.online}
                className="native-select"
                value={params.get("onlineLevel") ?? ""}
                onChange={(event) => update("onlineLevel", event.target.value)}
              >
                <option value="">{t("catalog.allOnlineLevels")}</option>
                {(["full", "partial", "none"] as const).map((level) => (
                  <option key={level} value={level}>
                    {t(`online.${level}`)}
                  </option>
                ))}
              </select>
            </div>
            {filterNames.some((name) => params.get(name)) ? (
              <div>
                <Button onClick={() => setParams(new URLSearchParams())}>{t("catalog.clear")}</Button>
              </div>
            ) : null}
          </div>
        </form>
      </search>

      {result.isPending ? <Loading /> : null}
      {result.error ? <ErrorAlert error={result.error} onRetry={() => void result.refetch()} /> : null}
      {result.data ? (
        <section aria-labelledby="catalog-results">
          <h2 id="catalog-results" aria-live="polite">
            {t("catalog.results", { total: result.data.total })}
          </h2>
          {result.data.items.length === 0 ? <p>{t("catalog.noResults")}</p> : null}
          <ol className="procedure-list">
            {result.data.items.map((procedure) => (
              <li key={procedure.code}>
                <Link to={`/thu-tuc/${procedure.code}`}>{procedure.name}</Link>
                <div className="meta">
                  <span>
                    {t("procedure.code")}: {procedure.code}
                  </span>
                  <span>
                    {procedure.sector.name} · {procedure.field.name}
                  </span>
                  <span>{procedure.levels.map((level) => levelText(t, level)).join(", ")}</span>
                  <OnlineBadge level={procedure.onlineLevel} />
                </div>
                <div className="meta">
                  <span>
                    {t("procedure.timeLimit")}: {procedure.timeLimitText}
                  </span>
                </div>
              </li>
            ))}
          </ol>
          {pages > 1 ? (
            <nav aria-label={t("catalog.pagination")} className="actions">
              {page > 1 ? <Link to={pageLink(page - 1)}>← {t("wizard.previous")}</Link> : null}
              <span>
                {page} / {pages}
              </span>
              {page < pages ? <Link to={pageLink(page + 1)}>{t("wizard.next")} →</Link> : null}
            </nav>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
