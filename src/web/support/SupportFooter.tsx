import { Link } from "react-router";
import { SupportButton } from "./SupportButton.tsx";
import { useSupportI18n } from "./supportI18n.ts";

/** In every page's footer: the help dialog's button and the public status page's link. */
export function SupportFooter() {
  const { st } = useSupportI18n();
  return (
    <p className="support-footer">
      <SupportButton /> <Link to="/trang-thai-he-thong">{st("status.title")}</Link>
    </p>
  );
}
