import { useQuery } from "@tanstack/react-query";
import { Table } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../api/client.ts";
import { isApplicant } from "../api/queries.ts";
import type { Session } from "../api/types.ts";
import { ErrorAlert, Loading, RequireSession } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import type { AccessLogPage as AccessLog } from "./populationApi.ts";
import { usePopulationI18n } from "./populationI18n.ts";
import "./population.css";

const PAGE_SIZE = 20;

/** "Ai đã tra cứu dữ liệu của tôi" (issue #14; 004_… Đ20): the citizen's own access log, newest first. */
export default function AccessLogPage() {
  const { pt } = usePopulationI18n();
  usePageTitle(pt("pop.log.title"));
  return <RequireSession>{(session) => <AccessLogView session={session} />}</RequireSession>;
}

function AccessLogView({ session }: { session: Session }) {
  const { pt, dateTime } = usePopulationI18n();
  const [page, setPage] = useState(1);
  const applicant = isApplicant(session);
  const query = useQuery({
    queryKey: ["population-access-log", page],
    queryFn: () =>
      api.get<AccessLog>(`/api/citizen/population/access-log?page=${page}&pageSize=${PAGE_SIZE}`),
    enabled: applicant,
  });
  return (
    <>
      <h1>{pt("pop.log.title")}</h1>
      <p className="lead">{pt("pop.log.lead")}</p>
      {!applicant ? (
        <p>{pt("pop.log.applicantsOnly")}</p>
      ) : query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.total === 0 ? (
        <p className="muted">{pt("pop.log.empty")}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: at 360 px the table scrolls sideways, so its region must be reachable by keyboard
        <section className="population-table" tabIndex={0} aria-label={pt("pop.log.title")}>
          <Table
            rowKey={(item) => `${item.at}-${item.purpose}-${item.askedBy}-${item.dossierCode ?? ""}`}
            dataSource={query.data.items}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: query.data.total,
              onChange: setPage,
              showSizeChanger: false,
            }}
            columns={[
              { key: "at", title: pt("pop.log.at"), render: (_, item) => dateTime(item.at) },
              {
                key: "who",
                title: pt("pop.log.who"),
                render: (_, item) => (item.self ? pt("pop.log.self") : item.askedBy),
              },
              {
                key: "agency",
                title: pt("pop.log.agency"),
                render: (_, item) => item.agency ?? pt("pop.log.portal"),
              },
              {
                key: "dossier",
                title: pt("pop.log.dossier"),
                render: (_, item) =>
                  item.dossierCode ? (
                    <Link to={`/tra-cuu/${encodeURIComponent(item.dossierCode)}`}>{item.dossierCode}</Link>
                  ) : (
                    "—"
                  ),
              },
              {
                key: "purpose",
                title: pt("pop.log.purpose"),
                render: (_, item) => (
                  <>
                    {pt(`pop.purpose.${item.purpose}`)}
                    {item.purposeNote ? <div className="muted">{item.purposeNote}</div> : null}
                  </>
                ),
              },
              {
                key: "outcome",
                title: pt("pop.log.outcome"),
                render: (_, item) => pt(`pop.outcome.${item.outcome}`),
              },
            ]}
          />
        </section>
      )}
    </>
  );
}
