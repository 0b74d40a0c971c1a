import { NavLink } from "react-router";
import { useSession } from "../api/queries.ts";
import { usePopulationI18n } from "./populationI18n.ts";

/** The monitoring menu's entry for the population data use, for the roles its API serves. */
export function PopulationUsageNavItem() {
  const { pt } = usePopulationI18n();
  const session = useSession();
  const allowed = session.data?.actor?.grants.some((grant) =>
    ["service_center_monitor", "agency_leader", "unit_head", "system_admin"].includes(grant.role),
  );
  if (!allowed) return null;
  return (
    <li>
      <NavLink to="/giam-sat/khai-thac-dan-cu">{pt("pop.usage.nav")}</NavLink>
    </li>
  );
}
