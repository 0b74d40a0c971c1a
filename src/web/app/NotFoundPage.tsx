import { Result } from "antd";
import { Link } from "react-router";
import { useI18n, usePageTitle } from "../i18n/i18n.tsx";

export default function NotFoundPage() {
  const { t } = useI18n();
  usePageTitle(t("app.notFound.title"));
  return (
    <Result
      status="404"
      title={<h1 className="result-title">{t("app.notFound.title")}</h1>}
      subTitle={t("app.notFound.text")}
      extra={<Link to="/">{t("app.notFound.home")}</Link>}
    />
  );
}
