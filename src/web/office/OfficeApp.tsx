import { useQueries } from "@tanstack/react-query";
import { Result } from "antd";
import { Link, Navigate, NavLink, Route, Routes } from "react-router";
import { api } from "../api/client.ts";
import type { Session } from "../api/types.ts";
import { RequireSession } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { PaymentsOfficePage } from "../portal/payments/PaymentsOfficePage.tsx";
import { usePaymentsI18n } from "../portal/payments/paymentsI18n.ts";
import { useResultsI18n } from "../results/resultsI18n.ts";
import { DossierPage } from "./DossierPage.tsx";
import { InboxPage } from "./InboxPage.tsx";
import { IntakePage } from "./IntakePage.tsx";
import { OfficerPlace } from "./OfficerPlace.tsx";
import { type Box, boxesFor, type InboxPage as InboxPageData, officeKeys, rolesOf } from "./officeApi.ts";
import { useOfficeI18n } from "./officeI18n.ts";
import { RegisterPage } from "./RegisterPage.tsx";
import { SlipPage } from "./SlipPage.tsx";
import { BOX_SLUG } from "./slugs.ts";
import "./office.css";

/**
 * The office (officers' pages), loaded as its own chunk under /van-phong: a menu by role (the inboxes the officer's
 * roles give, paper intake for counter officers), the inbox, the dossier with the actions the officer may take now,
 * paper intake and the reception slip. Applicants and officers without an office role are refused here, and the
 * server refuses them too (403).
 */
export default function OfficeApp() {
  return <RequireSession>{(session) => <Office session={session} />}</RequireSession>;
}

function Office({ session }: { session: Session }) {
  const boxes = session.actor.kind === "officer" ? boxesFor(session) : [];
  if (boxes.length === 0) return <OfficeDenied session={session} />;
  const counter = rolesOf(session).has("counter_officer");
  return (
    <div className="office">
      <OfficeMenu session={session} boxes={boxes} counter={counter} />
      <div className="office__content">
        <Routes>
          <Route index element={<Navigate to={`hop/${BOX_SLUG[boxes[0]!]}`} replace />} />
          <Route path="hop/:slug" element={<InboxPage session={session} boxes={boxes} />} />
          <Route path="ho-so/:id" element={<DossierPage session={session} />} />
          <Route path="ho-so/:id/giay-tiep-nhan" element={<SlipPage />} />
          {counter ? <Route path="tiep-nhan" element={<IntakePage session={session} />} /> : null}
          {/* Issue #7: the register to print or download, for every officer with a dossier role. */}
          <Route path="so-theo-doi" element={<RegisterPage session={session} />} />
          {/* Issue #15: held payments and reconciliation differences. */}
          <Route path="thanh-toan" element={<PaymentsOfficePage />} />
          <Route path="*" element={<OfficeNotFound />} />
        </Routes>
      </div>
    </div>
  );
}

function OfficeMenu({ session, boxes, counter }: { session: Session; boxes: Box[]; counter: boolean }) {
  const { ot, known } = useOfficeI18n();
  const { rt } = useResultsI18n();
  const { ft } = usePaymentsI18n();
  // The number of dossiers in each box (one small page each), refreshed with the inbox.
  const totals = useQueries({
    queries: boxes.map((box) => ({
      queryKey: officeKeys.inbox(box, "", 1, 1),
      queryFn: () => api.get<InboxPageData>(`/api/office/inbox?box=${box}&page=1&pageSize=1`),
      refetchInterval: 60_000,
    })),
  });
  const roles = [...rolesOf(session)].map((role) => known("role", role)).join(", ");
  return (
    <nav className="office-menu" aria-label={ot("office.nav")}>
      <p className="office-menu__who">
        <strong>{session.actor.fullName}</strong>
        <span>{roles}</span>
        <OfficerPlace session={session} />
      </p>
      <h2 className="office-menu__heading">{ot("office.inboxes")}</h2>
      <ul>
        {boxes.map((box, index) => {
          const total = totals[index]?.data?.total;
          return (
            <li key={box}>
              <NavLink to={`/van-phong/hop/${BOX_SLUG[box]}`}>
                <span>{ot(`box.${box}`)}</span>
                {total !== undefined ? (
                  <span className={box === "overdue" && total > 0 ? "count count--alert" : "count"}>
                    {total}
                  </span>
                ) : null}
              </NavLink>
            </li>
          );
        })}
      </ul>
      <ul className="office-menu__tools">
        {counter ? (
          <li>
            <NavLink to="/van-phong/tiep-nhan">{ot("office.intake")}</NavLink>
          </li>
        ) : null}
        <li>
          <NavLink to="/van-phong/so-theo-doi">{rt("register.menu")}</NavLink>
        </li>
        <li>
          <NavLink to="/van-phong/thanh-toan">{ft("office.menu")}</NavLink>
        </li>
      </ul>
    </nav>
  );
}

function OfficeDenied({ session }: { session: Session }) {
  const { ot } = useOfficeI18n();
  usePageTitle(ot("office.denied.title"));
  const applicant = session.actor.kind !== "officer";
  return (
    <Result
      status="403"
      title={<h1 className="result-title">{ot("office.denied.title")}</h1>}
      subTitle={<p role="alert">{applicant ? ot("office.denied.text") : ot("office.denied.noRole")}</p>}
      extra={
        <div className="actions actions--center">
          {applicant ? <Link to="/ho-so-cua-toi">{ot("office.denied.myDossiers")}</Link> : null}
          <Link to="/">{ot("office.denied.toPortal")}</Link>
        </div>
      }
    />
  );
}

function OfficeNotFound() {
  const { ot, t } = useOfficeI18n();
  usePageTitle(t("app.notFound.title"));
  return (
    <>
      <h1>{t("app.notFound.title")}</h1>
      <p>{ot("office.notFound")}</p>
      <Link to="/van-phong">{ot("office.inboxes")}</Link>
    </>
  );
}
