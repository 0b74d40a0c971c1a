import { NavLink } from "react-router";
import { useSession } from "../api/queries.ts";
import { useI18n } from "../i18n/i18n.tsx";

/** The menu entry of the 766 page, for the roles its API serves (the service center, agency leaders). */
export function Kpi766NavItem() {
  const { lang } = useI18n();
  const session = useSession();
  const allowed = session.data?.actor.grants.some((grant) =>
    ["service_center_monitor", "agency_leader", "system_admin"].includes(grant.role),
  );
  if (!allowed) return null;
  return (
    <li>
      <NavLink to="/giam-sat/chi-so-766">{lang === "vi" ? "Chỉ số 766" : "766 index"}</NavLink>
    </li>
  );
}
