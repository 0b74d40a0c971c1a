import { useQuery } from "@tanstack/react-query";
import { Result, Table } from "antd";
import { Link, Route, Routes } from "react-router";
import { STATUS_LABELS } from "../../domain/dossier/status.ts";
import { api } from "../api/client.ts";
import type { Session } from "../api/types.ts";
import { ErrorAlert, Loading, RequireSession } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { PostalDossierPage } from "./PostalDossierPage.tsx";
import { type PostalSubmission, postalKeys } from "./postalApi.ts";
import { type PostalKey, usePostalI18n } from "./postalI18n.ts";
import { isPostalStaff } from "./postalNav.ts";
import { SubmitForCitizenPage } from "./SubmitForCitizenPage.tsx";
import "./postal.css";

/**
 * The public postal staff's pages under /buu-dien (issue #18, R-SUB-2): the dossiers they filed online for citizens
 * (their home after login), and filing a new one with the citizen's consent recorded. Others are refused here, and
 * the server refuses them too (403).
 */
export default function PostalApp() {
  return <RequireSession>{(session) => <Postal session={session} />}</RequireSession>;
}

function Postal({ session }: { session: Session }) {
  const { pt } = usePostalI18n();
  if (!isPostalStaff(session))
    return (
      <Result
        status="403"
        title={<h1 className="result-title">{pt("panel.title")}</h1>}
        subTitle={<p role="alert">{pt("home.denied")}</p>}
        extra={<Link to="/">{pt("nav.postal")}</Link>}
      />
    );
  return (
    <Routes>
      <Route index element={<SubmissionsPage />} />
      <Route path="nop-thay" element={<SubmitForCitizenPage />} />
      <Route path="ho-so/:id" element={<PostalDossierPage />} />
      <Route path="*" element={<SubmissionsPage />} />
    </Routes>
  );
}

function SubmissionsPage() {
  const { pt, pick, dateTime } = usePostalI18n();
  usePageTitle(pt("home.title"));
  const query = useQuery({
    queryKey: postalKeys.submissions,
    queryFn: () => api.get<{ items: PostalSubmission[] }>("/api/postal/dossiers"),
  });
  return (
    <>
      <h1>{pt("home.title")}</h1>
      <p className="lead">{pt("home.lead")}</p>
      <p>
        <Link className="cta-link" to="/buu-dien/nop-thay">
          {pt("home.new")}
        </Link>
      </p>
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <p>{pt("home.empty")}</p>
      ) : (
        // A keyboard-focusable scrolling region on narrow screens (axe scrollable-region-focusable).
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
        <section className="postal__table-scroll" tabIndex={0} aria-label={pt("home.title")}>
          <Table<PostalSubmission>
            rowKey="dossierId"
            size="small"
            pagination={false}
            dataSource={query.data.items}
            data-testid="postal-submissions"
            columns={[
              {
                title: pt("col.code"),
                dataIndex: "code",
                render: (code: string, row) => (
                  <Link to={`/buu-dien/ho-so/${row.dossierId}`} aria-label={pt("col.open", { code })}>
                    <strong>{code}</strong>
                  </Link>
                ),
              },
              { title: pt("col.citizen"), dataIndex: "citizenName" },
              { title: pt("col.procedure"), dataIndex: "procedureName" },
              { title: pt("col.agency"), dataIndex: "agencyName" },
              {
                title: pt("col.status"),
                dataIndex: "status",
                render: (status: number) => {
                  const label = STATUS_LABELS[status as keyof typeof STATUS_LABELS];
                  return label ? pick(label) : "—";
                },
              },
              { title: pt("col.submitted"), dataIndex: "submittedAt", render: (at: string) => dateTime(at) },
              {
                title: pt("col.consent"),
                render: (_, row) =>
                  `${pt(`consent.${row.consentMethod}` as PostalKey)} (${row.consentReference})`,
              },
            ]}
          />
        </section>
      )}
    </>
  );
}
