import { Button, Result } from "antd";
import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { useI18n } from "../i18n/i18n.tsx";

/** A page that failed to load or render (for example a chunk missing after a new release). */
export function ErrorView() {
  const error = useRouteError();
  const { t } = useI18n();
  const detail = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error);
  return (
    <main id="main" className="site-main">
      <Result
        status="error"
        title={<h1 className="result-title">{t("app.error.title")}</h1>}
        subTitle={detail}
        extra={[
          <Button key="reload" type="primary" onClick={() => window.location.reload()}>
            {t("app.retry")}
          </Button>,
          <Link key="home" to="/">
            {t("app.notFound.home")}
          </Link>,
        ]}
      />
    </main>
  );
}
