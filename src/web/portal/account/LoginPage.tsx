import { useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Form, Input } from "antd";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, setCsrfToken } from "../../api/client.ts";
import { sessionKey } from "../../api/queries.ts";
import type { Session } from "../../api/types.ts";
import { homeOf } from "../../app/homeOf.ts";
import { ErrorAlert } from "../../app/ui.tsx";
import { useI18n, usePageTitle } from "../../i18n/i18n.tsx";
import { OfficerSsoSignIn } from "./OfficerSsoSignIn.tsx";
import { safeNext } from "./safeNext.ts";
import { VneidSignIn } from "./VneidSignIn.tsx";

interface Values {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { t } = useI18n();
  usePageTitle(t("login.title"));
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get("next"));
  const registered = params.get("registered");

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api.post<Session | { mfaRequired: true }>("/api/auth/login", {
        username: values.username.trim(),
        password: values.password,
      });
      // Issue #14: with two-step verification the password opens only the code step.
      if ("mfaRequired" in answer) {
        void navigate(`/dang-nhap/ma-xac-thuc?next=${encodeURIComponent(next)}`, { replace: true });
        return;
      }
      const session = answer;
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(sessionKey, session);
      queryClient.removeQueries({ queryKey: ["dossiers"] });
      const officerHome = next === "/" ? homeOf(session) : next;
      void navigate(
        session.mustChangePassword
          ? `/doi-mat-khau?next=${encodeURIComponent(officerHome)}`
          : session.mfaEnrolmentRequired
            ? `/tai-khoan/bao-mat?next=${encodeURIComponent(officerHome)}`
            : officerHome,
        { replace: true },
      );
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <div className="form-narrow">
      <h1>{t("login.title")}</h1>
      {params.get("reason") === "session" ? (
        <Alert type="warning" showIcon title={t("login.sessionEnded")} style={{ marginBottom: 16 }} />
      ) : null}
      {registered ? (
        <Alert
          type="success"
          showIcon
          title={t("register.done", { username: registered })}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {/* Issue #14: the national e-ID first; the password form below stays for officers and local accounts. */}
      <VneidSignIn next={next} />
      <section className="section">
        <Form<Values>
          layout="vertical"
          onFinish={submit}
          requiredMark={false}
          initialValues={{ username: registered ?? "" }}
        >
          <Form.Item
            label={t("login.username")}
            name="username"
            extra={t("login.usernameHelp")}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t("login.required", { field: t("login.username") }),
              },
            ]}
          >
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item
            label={t("login.password")}
            name="password"
            rules={[{ required: true, message: t("login.required", { field: t("login.password") }) }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {error ? (
            <div style={{ marginBottom: 16 }}>
              <ErrorAlert error={error} />
            </div>
          ) : null}
          <Button type="primary" htmlType="submit" loading={busy} block>
            {t("login.submit")}
          </Button>
        </Form>
      </section>
      <p>
        {t("login.noAccount")} <Link to="/dang-ky">{t("login.register")}</Link>
      </p>
      <OfficerSsoSignIn next={next} />
    </div>
  );
}
