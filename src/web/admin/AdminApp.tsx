import { Result } from "antd";
import { lazy, Suspense } from "react";
import { Link, Navigate, NavLink, Route, Routes } from "react-router";
import type { Session } from "../api/types.ts";
import { Loading, RequireSession } from "../app/ui.tsx";
import { useI18n, usePageTitle } from "../i18n/i18n.tsx";
import { AgenciesPage } from "./AgenciesPage.tsx";
import { AuditPage } from "./AuditPage.tsx";
import { adminLevel } from "./adminApi.ts";
import { useAdminI18n } from "./adminI18n.ts";
import { useArchiveI18n } from "./archiveI18n.ts";
import { CalendarPage } from "./CalendarPage.tsx";
import { EFormEditorPage } from "./EFormEditorPage.tsx";
import { useEventSubscriptionsI18n } from "./eventSubscriptionsI18n.ts";
import { OfferingFeesPage } from "./FeesPage.tsx";
import { OfferingsPage } from "./OfferingsPage.tsx";
import { ProvinceIdentityPage } from "./ProvinceIdentityPage.tsx";
import { OfferingRuleOptionsPage, ProvinceRuleOptionsPage } from "./RuleOptionsPage.tsx";
import { useSectorSystemsI18n } from "./sectorSystemsI18n.ts";
import { UsersPage } from "./UsersPage.tsx";
import "./admin.css";

// The two heaviest pages are chunks of their own: the diagram (ECharts-free SVG, but large tables) and the
// notifications' page owned by another part of the system.
const WorkflowEditorPage = lazy(() => import("./WorkflowEditorPage.tsx"));
const DeadLettersPage = lazy(() => import("./DeadLettersPage.tsx"));
const SyncPage = lazy(() => import("./SyncPage.tsx"));
const CatalogChangesPage = lazy(() => import("./CatalogChangesPage.tsx"));
// Outbound dossier events to partner systems (issue #18).
const EventSubscriptionsPage = lazy(() => import("./EventSubscriptionsPage.tsx"));
// Sector systems reporting their own dossiers (issue #18, R-STATUS-4).
const SectorSystemsPage = lazy(() => import("./SectorSystemsPage.tsx"));
// Electronic archiving (issue #16): its own chunk.
const ArchivePage = lazy(() =>
  import("./ArchivePage.tsx").then((module) => ({ default: module.ArchivePage })),
);

/**
 * The admin console (issue #6), loaded as its own chunk under /quan-tri: agencies and units, accounts and roles,
 * procedures with their e-forms and workflows, the working calendar and the audit log. Agency administrators see
 * their agencies; the system administrator sees all. The server checks the same on every request.
 */
export default function AdminApp() {
  return <RequireSession>{(session) => <Admin session={session} />}</RequireSession>;
}

function Admin({ session }: { session: Session }) {
  const level = adminLevel(session);
  if (!level) return <AdminDenied />;
  return (
    <div className="admin">
      <AdminMenu session={session} level={level} />
      <div className="admin__content">
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route index element={<Navigate to="co-quan" replace />} />
            <Route path="co-quan" element={<AgenciesPage level={level} />} />
            <Route path="tai-khoan" element={<UsersPage level={level} />} />
            <Route path="thu-tuc" element={<OfferingsPage />} />
            <Route path="thu-tuc/:id/bieu-mau" element={<EFormEditorPage />} />
            <Route path="thu-tuc/:id/quy-trinh" element={<WorkflowEditorPage />} />
            <Route path="thu-tuc/:id/tuy-chon" element={<OfferingRuleOptionsPage />} />
            <Route path="thu-tuc/:id/phi-le-phi" element={<OfferingFeesPage />} />
            <Route path="tuy-chon" element={<ProvinceRuleOptionsPage level={level} />} />
            <Route path="lich" element={<CalendarPage level={level} />} />
            <Route path="nhat-ky" element={<AuditPage />} />
            <Route path="thong-bao" element={<DeadLettersPage />} />
            <Route path="dong-bo" element={<SyncPage />} />
            <Route path="su-kien" element={<EventSubscriptionsPage />} />
            <Route path="he-thong-chuyen-nganh" element={<SectorSystemsPage />} />
            <Route path="danh-muc" element={<CatalogChangesPage level={level} />} />
            <Route path="luu-tru" element={<ArchivePage level={level} />} />
            <Route path="nhan-dien" element={<ProvinceIdentityPage />} />
            <Route path="*" element={<AdminNotFound />} />
          </Routes>
        </Suspense>
      </div>
    </div>
  );
}

function AdminMenu({ session, level }: { session: Session; level: "system" | "agency" }) {
  const { at } = useAdminI18n();
  const { rt } = useArchiveI18n();
  const { et } = useEventSubscriptionsI18n();
  const { st } = useSectorSystemsI18n();
  const { lang } = useI18n();
  const links = [
    ["co-quan", at("nav.agencies")],
    ["tai-khoan", at("nav.users")],
    ["thu-tuc", at("nav.offerings")],
    ["lich", at("nav.calendar")],
    ["tuy-chon", at("nav.ruleOptions")],
    ["nhat-ky", at("nav.audit")],
    ["thong-bao", at("nav.deadLetters")],
    ["dong-bo", at("nav.sync")],
    ["danh-muc", at("nav.catalogSync")],
    ["luu-tru", rt("ar.nav")],
    // Issue #18: only the system administrator manages the systems receiving dossier events.
    ...(level === "system" ? [["su-kien", et("ev.nav")]] : []),
    ...(level === "system" ? [["he-thong-chuyen-nganh", st("sec.nav")]] : []),
    // Issue #19: the province's logo and banner, province-wide.
    ...(level === "system"
      ? [["nhan-dien", lang === "en" ? "Province identity" : "Nhận diện của tỉnh"]]
      : []),
  ];
  return (
    <nav className="admin-menu" aria-label={at("admin.nav")}>
      <p className="admin-menu__who">
        <strong>{session.actor.fullName}</strong>
        <span>{level === "system" ? at("admin.scope.system") : at("admin.scope.agency")}</span>
      </p>
      <ul>
        {links.map(([to, label]) => (
          <li key={to}>
            <NavLink to={`/quan-tri/${to}`}>{label}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function AdminDenied() {
  const { at } = useAdminI18n();
  usePageTitle(at("admin.denied.title"));
  return (
    <Result
      status="403"
      title={<h1 className="result-title">{at("admin.denied.title")}</h1>}
      subTitle={<p role="alert">{at("admin.denied.text")}</p>}
      extra={<Link to="/">{at("admin.title")}</Link>}
    />
  );
}

function AdminNotFound() {
  const { at, t } = useAdminI18n();
  usePageTitle(t("app.notFound.title"));
  return (
    <>
      <h1>{t("app.notFound.title")}</h1>
      <p>{at("admin.notFound")}</p>
      <Link to="/quan-tri">{at("admin.title")}</Link>
    </>
  );
}
