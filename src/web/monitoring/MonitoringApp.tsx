import { Result } from "antd";
import { lazy, Suspense } from "react";
import { Link, Navigate, NavLink, Route, Routes } from "react-router";
import type { Session } from "../api/types.ts";
import { Loading, RequireSession } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { PopulationUsageNavItem } from "../population/UsageNavItem.tsx";
import { Kpi766NavItem } from "./kpi766Nav.tsx";
import { useMonitoringI18n } from "./monitoringI18n.ts";
import { canMonitor } from "./navLink.ts";
import "./monitoring.css";

// Each page is its own chunk (the charts library is heavy): loaded when first visited.
const DashboardPage = lazy(() => import("./DashboardPage.tsx"));
const DrillDownPage = lazy(() => import("./DrillDownPage.tsx"));
const ReportsPage = lazy(() => import("./ReportsPage.tsx"));
const Kpi766Page = lazy(() => import("./Kpi766Page.tsx"));
const PopulationUsagePage = lazy(() => import("../population/PopulationUsagePage.tsx"));

/**
 * The monitoring pages under /giam-sat: the service center sees the province, a leader or unit head their own agency
 * (the server decides the scope and refuses others with 403). Other helpers add their pages here by a route and a
 * menu entry.
 */
export default function MonitoringApp() {
  return <RequireSession>{(session) => <Monitoring session={session} />}</RequireSession>;
}

function Monitoring({ session }: { session: Session }) {
  const { mt } = useMonitoringI18n();
  if (!canMonitor(session)) return <MonitoringDenied />;
  return (
    <div className="monitoring">
      <nav className="monitoring-menu" aria-label={mt("mon.nav")}>
        <ul>
          <li>
            <NavLink to="/giam-sat/tong-quan">{mt("mon.menu.dashboard")}</NavLink>
          </li>
          <li>
            <NavLink to="/giam-sat/bao-cao">{mt("mon.menu.reports")}</NavLink>
          </li>
          <Kpi766NavItem />
          <PopulationUsageNavItem />
        </ul>
      </nav>
      <div className="monitoring__content">
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route index element={<Navigate to="tong-quan" replace />} />
            <Route path="tong-quan" element={<DashboardPage />} />
            <Route path="ho-so" element={<DrillDownPage />} />
            <Route path="bao-cao" element={<ReportsPage />} />
            <Route path="chi-so-766" element={<Kpi766Page />} />
            <Route path="khai-thac-dan-cu" element={<PopulationUsagePage />} />
            <Route path="*" element={<MonitoringNotFound />} />
          </Routes>
        </Suspense>
      </div>
    </div>
  );
}

function MonitoringDenied() {
  const { mt } = useMonitoringI18n();
  usePageTitle(mt("mon.denied.title"));
  return (
    <Result
      status="403"
      title={<h1 className="result-title">{mt("mon.denied.title")}</h1>}
      subTitle={<p role="alert">{mt("mon.denied.text")}</p>}
      extra={<Link to="/">{mt("mon.denied.toPortal")}</Link>}
    />
  );
}

function MonitoringNotFound() {
  const { mt, t } = useMonitoringI18n();
  usePageTitle(t("app.notFound.title"));
  return (
    <>
      <h1>{t("app.notFound.title")}</h1>
      <p>{mt("mon.notFound")}</p>
      <Link to="/giam-sat">{mt("mon.menu.dashboard")}</Link>
    </>
  );
}
