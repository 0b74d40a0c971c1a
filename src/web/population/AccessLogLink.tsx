import { NavLink } from "react-router";
import { isApplicant, useSession } from "../api/queries.ts";
import { usePopulationI18n } from "./populationI18n.ts";

/** The account menu's link to "who looked at my data" (/tai-khoan/tra-cuu-du-lieu), for citizens and organisations. */
export function AccessLogLink() {
  const { pt } = usePopulationI18n();
  const session = useSession();
  // A half-open session (a second factor still owed) has no actor yet: no link then.
  if (!session.data?.actor || !isApplicant(session.data)) return null;
  return <NavLink to="/tai-khoan/tra-cuu-du-lieu">{pt("pop.log.nav")}</NavLink>;
}
