import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Link, useSearchParams } from "react-router";
import { api } from "../api/client.ts";
import type { DossierSummary, Page } from "../api/types.ts";
import { ErrorAlert, Loading, RequireSession } from "../app/ui.tsx";
import { useI18n, usePageTitle } from "../i18n/i18n.tsx";
import { statusTone } from "./format.ts";

const statusLabels: Record<number, { vi: string; en: string }> = {
  1: { vi: "Mới đăng ký", en: "Newly registered" },
  2: { vi: "Được tiếp nhận", en: "Received" },
  3: { vi: "Không được tiếp nhận", en: "Not received" },
  4: { vi: "Đang xử lý", en: "Processing" },
  5: { vi: "Yêu cầu bổ sung giấy tờ", en: "Supplement requested" },
  6: { vi: "Yêu cầu thực hiện nghĩa vụ tài chính", en: "Payment requested" },
  7: { vi: "Công dân yêu cầu rút hồ sơ", en: "Withdrawal requested" },
  8: { vi: "Dừng xử lý", en: "Stopped" },
  9: { vi: "Đã xử lý xong", en: "Processed" },
  10: { vi: "Đã trả kết quả", en: "Result returned" },
};
const pageSize = 20;

export default function MyDossiersPage() {
  const { t } = useI18n();
  usePageTitle(t("dossiers.title"));
  return <RequireSession>{() => <MyDossiers />}</RequireSession>;
}

function MyDossiers() {
  const { t, pick, dateTime } = useI18n();
  const [params, setParams] = useSearchParams();
  const statusId = useId();
  const status = params.get("status") ?? "";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const search = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  if (status) search.set("status", status);
  const query = useQuery({
    queryKey: ["dossiers", search.toString()],
    queryFn: () => api.get<Page<DossierSummary>>(`/api/citizen/dossiers?${search}`),
    placeholderData: keepPreviousData,
  });
  const pages = query.data ? Math.max(1, Math.ceil(query.data.total / pageSize)) : 1;
  const pageLink = (target: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(target));
    return `?${next}`;
  };
  return (
    <>
      <h1>{t("dossiers.title")}</h1>
      <div className="filters">
        <div>
          <label htmlFor={statusId}>{t("dossiers.status")}</label>
          <select
            id={statusId}
            className="native-select"
            value={status}
            onChange={(event) => {
              const next = new URLSearchParams();
              if (event.target.value) next.set("status", event.target.value);
              setParams(next);
            }}
          >
            <option value="">{t("dossiers.allStatuses")}</option>
            {Object.entries(statusLabels).map(([code, label]) => (
              <option key={code} value={code}>
                {pick(label)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {query.isPending ? <Loading /> : null}
      {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data ? (
        <section aria-labelledby="dossiers-total">
          <h2 id="dossiers-total" aria-live="polite">
            {t("dossiers.total", { total: query.data.total })}
          </h2>
          {query.data.items.length === 0 ? (
            <p>
              {t("dossiers.empty")} <Link to="/thu-tuc">{t("dossiers.find")}</Link>
            </p>
          ) : null}
          <ul className="procedure-list">
            {query.data.items.map((dossier) => (
              <li key={dossier.id}>
                <Link to={`/ho-so-cua-toi/${dossier.id}`} className="break">
                  {dossier.code}
                </Link>
                <div>{dossier.procedure.name}</div>
                <div className="meta">
                  <span className={statusTone(dossier.status)}>{pick(dossier.statusLabel)}</span>
                  <span>
                    {t("dossiers.submittedAt")}: {dateTime(dossier.submittedAt)}
                  </span>
                  {dossier.dueAt ? (
                    <span>
                      {t("dossiers.dueAt")}: {dateTime(dossier.dueAt)}
                    </span>
                  ) : null}
                  <span>{dossier.receivingAgency}</span>
                </div>
              </li>
            ))}
          </ul>
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
