import { Alert, Button, Spin } from "antd";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { ApiError } from "../api/client.ts";
import { useSession } from "../api/queries.ts";
import type { Session } from "../api/types.ts";
import { useI18n } from "../i18n/i18n.tsx";

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="loading" role="status">
      <Spin />
      <span>{t("app.loading")}</span>
    </div>
  );
}

export function errorMessage(error: unknown, fallback: string): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return fallback;
}

/** An error from the API, in the server's words (Vietnamese or English), with a retry when one makes sense. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={errorMessage(error, t("app.error.title"))}
      description={
        fields.length > 0 ? (
          <ul className="plain-list">
            {fields.map((field) => (
              <li key={`${field.field}:${field.message}`}>{field.message}</li>
            ))}
          </ul>
        ) : undefined
      }
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t("app.retry")}
          </Button>
        ) : undefined
      }
    />
  );
}

/** Children only for a logged-in person (else the login page, then back); a forced password change comes first. */
export function RequireSession({ children }: { children: (session: Session) => ReactNode }) {
  const { data: session, isPending, error, refetch } = useSession();
  const location = useLocation();
  if (isPending) return <Loading />;
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (!session) {
    return (
      <Navigate to={`/dang-nhap?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
    );
  }
  if (session.mustChangePassword && location.pathname !== "/doi-mat-khau") {
    return <Navigate to={`/doi-mat-khau?next=${encodeURIComponent(location.pathname)}`} replace />;
  }
  if (session.mfaEnrolmentRequired && location.pathname !== "/tai-khoan/bao-mat") {
    return <Navigate to={`/tai-khoan/bao-mat?next=${encodeURIComponent(location.pathname)}`} replace />;
  }
  return <>{children(session)}</>;
}

export function formatBytes(bytes: number, lang: "vi" | "en"): string {
  const number = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${number.format(bytes / 1024)} KB`;
  return `${number.format(bytes / 1024 / 1024)} MB`;
}

/** One label and value of a page's description list (`<dl>`), or nothing when there is no value. */
export function detailRow(label: string, value: string | null | undefined, className?: string): ReactNode {
  return value ? (
    <>
      <dt>{label}</dt>
      <dd className={className}>{value}</dd>
    </>
  ) : null;
}
