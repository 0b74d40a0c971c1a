import { useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button } from "antd";
import { useEffect, useRef, useState } from "react";
import { Link, NavLink, Outlet, useLocation, useNavigate, useNavigation } from "react-router";
import { ADMIN_LINK_LABEL, isAdministrator } from "../admin/adminLink.ts";
import { api, setCsrfToken } from "../api/client.ts";
import { isApplicant, sessionKey, useSession, useSettings } from "../api/queries.ts";
import { DataStoreLink } from "../dataStore/DataStoreLink.tsx";
import { feedbackNavItems } from "../feedback/feedbackNav.ts";
import { useI18n } from "../i18n/i18n.tsx";
import { ProvinceBanner, ProvinceLogo } from "../identity/provinceIdentity.tsx";
import { canMonitor, MONITORING_NAV_LABEL, STATISTICS_NAV_LABEL } from "../monitoring/navLink.ts";
import { AccessLogLink } from "../population/AccessLogLink.tsx";
import { NotificationPreferencesLink } from "../portal/account/NotificationPreferencesLink.tsx";
import { ActingForSwitcher } from "../portal/organisation/ActingForSwitcher.tsx";
import { isPostalOnly, isPostalStaff, POSTAL_HOME, POSTAL_NAV_LABEL } from "../postal/postalNav.ts";
import { ServiceBanner } from "../support/ServiceBanner.tsx";
import { SupportFooter } from "../support/SupportFooter.tsx";
import { isSupportDesk, SUPPORT_NAV_LABEL } from "../support/supportApi.ts";

/** The shell of every page: skip link, header (navigation, language switch, login state), main, footer. */
export function Layout() {
  const { t, lang, setLang } = useI18n();
  const { data: session } = useSession();
  const { data: settings } = useSettings();
  const location = useLocation();
  const navigation = useNavigation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [menuOpen, setMenuOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After a client-side navigation, move focus to the new page's content (screen readers read it from there).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every change of page
  useEffect(() => {
    setMenuOpen(false);
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (!location.hash) mainRef.current?.focus({ preventScroll: false });
  }, [location.pathname]);

  const logout = async () => {
    let providerLogout: string | null = null;
    try {
      // Issue #14: a VNeID session's logout also reaches the provider (RP-initiated logout).
      providerLogout = (await api.post<{ redirectTo: string | null }>("/api/auth/oidc/logout")).redirectTo;
    } finally {
      setCsrfToken(null);
      // Leave the page first: a page that needs a session, seeing it gone, would send the person to the sign-in page
      // (and that redirect raced this one). `flushSync`: the home page is rendered before the session is cleared
      // below; as a transition it could still be pending, the old page mounted, when the session goes.
      if (providerLogout) window.location.assign(providerLogout);
      else await navigate("/", { flushSync: true });
      queryClient.setQueryData(sessionKey, null);
      queryClient.removeQueries({ queryKey: ["dossiers"] });
      message.success(t("login.loggedOut"));
    }
  };

  const officer = session?.actor.kind === "officer";
  // Administrators get the admin console's link, named from its own dictionary.
  const adminLink = isAdministrator(session) ? ADMIN_LINK_LABEL[lang] : null;
  const navItems = [
    { to: "/", label: t("nav.home"), end: true },
    { to: "/thu-tuc", label: t("nav.catalog"), end: false },
    { to: "/tra-cuu", label: t("nav.lookup"), end: false },
    { to: "/thong-ke", label: STATISTICS_NAV_LABEL[lang], end: false },
    // Public evaluation results and the 766 index (issue #8, R-EVAL-1).
    { to: "/danh-gia", label: lang === "vi" ? "Đánh giá" : "Evaluation", end: true },
    ...(isApplicant(session) ? [{ to: "/ho-so-cua-toi", label: t("nav.myDossiers"), end: false }] : []),
    // Feedback and questions (issue #17).
    ...feedbackNavItems(session, lang),
    // Public postal staff (issue #18): their own pages, not the office's inboxes.
    ...(isPostalStaff(session) ? [{ to: POSTAL_HOME, label: POSTAL_NAV_LABEL[lang], end: false }] : []),
    ...(officer && !isPostalOnly(session?.roles)
      ? [{ to: "/van-phong", label: t("nav.office"), end: false }]
      : []),
    ...(adminLink ? [{ to: "/quan-tri", label: adminLink, end: false }] : []),
    ...(canMonitor(session) ? [{ to: "/giam-sat", label: MONITORING_NAV_LABEL[lang], end: false }] : []),
    ...(isSupportDesk(session?.roles)
      ? [{ to: "/van-phong/ho-tro", label: SUPPORT_NAV_LABEL[lang], end: false }]
      : []),
  ];

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <header className="site-header">
        {/* Issue #19: the province's banner and logo, as its administrator set them. */}
        <ProvinceBanner />
        <div className="site-header__bar">
          <Link to="/" className="site-title">
            <ProvinceLogo />
            <span>{t("app.portalName")}</span>
          </Link>
          <div className="site-header__tools">
            <button
              type="button"
              className="lang-switch"
              lang={lang === "vi" ? "en" : "vi"}
              aria-label={t("app.languageSwitchLabel")}
              onClick={() => setLang(lang === "vi" ? "en" : "vi")}
            >
              {t("app.languageSwitch")}
            </button>
            <button
              type="button"
              className="menu-toggle"
              aria-expanded={menuOpen}
              aria-controls="site-nav"
              onClick={() => setMenuOpen((open) => !open)}
            >
              {t("app.menu")}
            </button>
          </div>
        </div>
        <nav
          id="site-nav"
          aria-label={t("app.mainNav")}
          className={menuOpen ? "site-nav site-nav--open" : "site-nav"}
        >
          <ul className="site-nav__links">
            {navItems.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
          <div className="site-nav__account">
            {session ? (
              <>
                <span className="account-name">{t("nav.account", { name: session.actor.fullName })}</span>
                <NavLink to="/doi-mat-khau">{t("nav.changePassword")}</NavLink>
                <NotificationPreferencesLink />
                <AccessLogLink />
                <DataStoreLink />
                {session.actor.kind === "citizen" ? (
                  <ActingForSwitcher fullName={session.actor.fullName} />
                ) : null}
                <Button onClick={logout} size="small">
                  {t("nav.logout")}
                </Button>
              </>
            ) : (
              <>
                <NavLink to={`/dang-nhap?next=${encodeURIComponent(location.pathname + location.search)}`}>
                  {t("nav.login")}
                </NavLink>
                <NavLink to="/dang-ky">{t("nav.register")}</NavLink>
              </>
            )}
          </div>
        </nav>
      </header>
      <div className="route-progress" aria-hidden="true" data-active={navigation.state !== "idle"} />
      <ServiceBanner />
      <main id="main" ref={mainRef} tabIndex={-1} className="site-main">
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t("app.footer")}</p>
        <SupportFooter />
        {settings?.hotline ? (
          <p>
            {t("app.hotline")}: <a href={`tel:${settings.hotline.replace(/\s+/g, "")}`}>{settings.hotline}</a>
          </p>
        ) : null}
        <p>
          <a href="/docs">{t("app.apiDocs")}</a>
        </p>
      </footer>
    </div>
  );
}
