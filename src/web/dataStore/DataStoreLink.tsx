import { NavLink } from "react-router";
import { isApplicant, useSession } from "../api/queries.ts";
import { useDataStoreI18n } from "./dataStoreI18n.ts";

/** The account menu's link to the applicant's data store (/kho-du-lieu), for citizens and organisations. */
export function DataStoreLink() {
  const { dt } = useDataStoreI18n();
  const session = useSession();
  if (!session.data?.actor || !isApplicant(session.data)) return null;
  return <NavLink to="/kho-du-lieu">{dt("ds.nav")}</NavLink>;
}
