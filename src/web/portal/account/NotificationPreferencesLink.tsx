import { NavLink } from "react-router";
import { useNotifyI18n } from "./notificationI18n.ts";

/** The account menu's link to the notification choices (/tai-khoan/thong-bao). */
export function NotificationPreferencesLink() {
  const { nt } = useNotifyI18n();
  return <NavLink to="/tai-khoan/thong-bao">{nt("notify.nav")}</NavLink>;
}
