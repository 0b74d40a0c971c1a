import { Link, Route, Routes } from "react-router";
import type { Session } from "../api/types.ts";
import { RequireSession } from "../app/ui.tsx";
import { useI18n, usePageTitle } from "../i18n/i18n.tsx";

/**
 * The office (officers' pages), loaded as its own chunk under /van-phong. Its routes live here: the landing lists
 * the officer's roles and scopes from the session; the work pages (inbox, reception, processing) are added below.
 */
export default function OfficeApp() {
  return (
    <RequireSession>
      {(session) => (
        <Routes>
          <Route index element={<OfficeHome session={session} />} />
          <Route path="*" element={<OfficeHome session={session} />} />
        </Routes>
      )}
    </RequireSession>
  );
}

function OfficeHome({ session }: { session: Session }) {
  const { t } = useI18n();
  usePageTitle(t("office.title"));
  if (session.actor.kind !== "officer") {
    return (
      <>
        <h1>{t("office.title")}</h1>
        <p>{t("office.notOfficer")}</p>
        <Link to="/">{t("office.toPortal")}</Link>
      </>
    );
  }
  return (
    <>
      <h1>{t("office.title")}</h1>
      <p className="lead">{t("office.lead")}</p>
      <section className="section" aria-labelledby="office-roles">
        <p>{t("office.greeting", { name: session.actor.fullName })}</p>
        <h2 id="office-roles">{t("office.roles")}</h2>
        <ul className="card-grid">
          {session.actor.grants.map((grant) => (
            <li key={`${grant.role}:${grant.agencyCode ?? ""}:${grant.unitCode ?? ""}`}>
              <strong>{t(`role.${grant.role}`)}</strong>
              <div className="muted">{t(`roleHelp.${grant.role}`)}</div>
              <div>
                {t("office.scope")}:{" "}
                {grant.agencyCode
                  ? [
                      t("office.agency", { code: grant.agencyCode }),
                      grant.unitCode ? t("office.unit", { code: grant.unitCode }) : null,
                    ]
                      .filter(Boolean)
                      .join(", ")
                  : t("office.everywhere")}
              </div>
            </li>
          ))}
        </ul>
      </section>
      <p className="muted">
        {t("office.apiNote")} <a href="/docs">/docs</a>.
      </p>
    </>
  );
}
