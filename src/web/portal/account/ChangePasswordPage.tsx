import { useQueryClient } from "@tanstack/react-query";
import { Alert, App as AntApp, Button, Form, Input } from "antd";
import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { api, setCsrfToken } from "../../api/client.ts";
import { sessionKey } from "../../api/queries.ts";
import type { Session } from "../../api/types.ts";
import { homeOf } from "../../app/homeOf.ts";
import { ErrorAlert, RequireSession } from "../../app/ui.tsx";
import { useI18n, usePageTitle } from "../../i18n/i18n.tsx";
import { safeNext } from "./safeNext.ts";

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export default function ChangePasswordPage() {
  const { t } = useI18n();
  usePageTitle(t("password.title"));
  return <RequireSession>{(session) => <ChangePassword session={session} />}</RequireSession>;
}

function ChangePassword({ session }: { session: Session }) {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const updated = await api.post<Session>("/api/auth/change-password", {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      setCsrfToken(updated.csrfToken);
      queryClient.setQueryData(sessionKey, updated);
      message.success(t("password.done"));
      void navigate(safeNext(params.get("next"), homeOf(updated)), {
        replace: true,
      });
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  const required = (label: string) => ({
    required: true,
    message: t("login.required", { field: label.toLowerCase() }),
  });
  return (
    <div className="form-narrow">
      <h1>{t("password.title")}</h1>
      {session.mustChangePassword ? (
        <Alert type="warning" showIcon title={t("password.mustChange")} style={{ marginBottom: 16 }} />
      ) : null}
      <section className="section">
        <Form<Values> layout="vertical" onFinish={submit} requiredMark={false}>
          {/* A hidden username helps password managers pair the new password with the account. */}
          <input
            type="hidden"
            name="username"
            autoComplete="username"
            value={session.actor.username}
            readOnly
          />
          <Form.Item
            label={t("password.current")}
            name="currentPassword"
            rules={[required(t("password.current"))]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label={t("password.new")}
            name="newPassword"
            extra={t("register.passwordHelp")}
            rules={[
              required(t("password.new")),
              { min: 12, message: t("register.passwordHelp") },
              { pattern: /(?=.*\p{L})(?=.*\d)/u, message: t("register.passwordHelp") },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label={t("password.confirm")}
            name="confirm"
            dependencies={["newPassword"]}
            rules={[
              required(t("password.confirm")),
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  !value || getFieldValue("newPassword") === value
                    ? Promise.resolve()
                    : Promise.reject(new Error(t("register.mismatch"))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {error ? (
            <div style={{ marginBottom: 16 }}>
              <ErrorAlert error={error} />
            </div>
          ) : null}
          <Button type="primary" htmlType="submit" loading={busy} block>
            {t("password.submit")}
          </Button>
        </Form>
      </section>
    </div>
  );
}
