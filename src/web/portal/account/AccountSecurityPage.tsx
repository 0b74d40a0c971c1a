import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Form, Input } from "antd";
import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { request } from "../../api/client.ts";
import { sessionKey } from "../../api/queries.ts";
import { ErrorAlert, Loading, RequireSession } from "../../app/ui.tsx";
import { usePageTitle } from "../../i18n/i18n.tsx";
import { useMfaI18n } from "./mfaI18n.ts";
import { safeNext } from "./safeNext.ts";

interface MfaStatus {
  enrolled: boolean;
  required: boolean;
  confirmedAt: string | null;
  recoveryCodesLeft: number;
}

interface Enrolment {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

/**
 * `/tai-khoan/bao-mat` (issue #14): an officer turns on two-step verification (TOTP): QR code and secret shown once,
 * confirmed by a first code, recovery codes shown once. Administrators are sent here until they have done it.
 */
export default function AccountSecurityPage() {
  const { mt } = useMfaI18n();
  usePageTitle(mt("security.title"));
  return <RequireSession>{() => <AccountSecurity />}</RequireSession>;
}

function AccountSecurity() {
  const { mt, lang } = useMfaI18n();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const status = useQuery({
    queryKey: ["account-mfa"],
    queryFn: () => request<MfaStatus>("GET", "/api/account/mfa"),
  });
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      setEnrolment(await request<Enrolment>("POST", "/api/account/mfa/enrolment"));
    } catch (caught) {
      setError(caught);
    }
    setBusy(false);
  };

  const confirm = async (values: { code: string }) => {
    setBusy(true);
    setError(null);
    try {
      const done = await request<{ recoveryCodes: string[] }>("POST", "/api/account/mfa/confirmation", {
        body: { code: values.code.trim() },
      });
      setEnrolment(null);
      setRecoveryCodes(done.recoveryCodes);
      await queryClient.invalidateQueries({ queryKey: sessionKey });
      await status.refetch();
    } catch (caught) {
      setError(caught);
    }
    setBusy(false);
  };

  if (status.isPending) return <Loading />;
  if (status.isError) return <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />;
  const since = status.data.confirmedAt
    ? new Date(status.data.confirmedAt).toLocaleDateString(lang === "vi" ? "vi-VN" : "en-GB")
    : "";
  return (
    <div className="form-narrow">
      <h1>{mt("security.title")}</h1>
      {status.data.required && !status.data.enrolled ? (
        <Alert type="warning" showIcon title={mt("security.required")} style={{ marginBottom: 16 }} />
      ) : null}
      {recoveryCodes ? (
        <section className="section">
          <Alert type="success" showIcon title={mt("security.recovery")} style={{ marginBottom: 16 }} />
          <ul className="recovery-codes" aria-label={mt("security.recovery")}>
            {recoveryCodes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ul>
          <Button type="primary" onClick={() => void navigate(next === "/" ? "/van-phong" : next)}>
            {mt("security.continue")}
          </Button>
        </section>
      ) : status.data.enrolled ? (
        <p>{mt("security.on", { date: since, left: status.data.recoveryCodesLeft })}</p>
      ) : enrolment ? (
        <section className="section">
          <p>{mt("security.scan")}</p>
          <img
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`}
            alt={mt("security.qr")}
            width={200}
            height={200}
          />
          <p>
            {mt("security.secret")}: <code data-testid="mfa-secret">{enrolment.secret}</code>
          </p>
          <Form<{ code: string }> layout="vertical" onFinish={confirm} requiredMark={false}>
            <Form.Item
              label={mt("security.confirm")}
              name="code"
              rules={[{ required: true, whitespace: true, message: mt("code.required") }]}
            >
              <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {mt("security.confirmSubmit")}
            </Button>
          </Form>
        </section>
      ) : (
        <section className="section">
          <p>{mt("security.off")}</p>
          <Button type="primary" onClick={() => void start()} loading={busy}>
            {mt("security.start")}
          </Button>
        </section>
      )}
      {error ? (
        <div style={{ marginTop: 16 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
    </div>
  );
}
