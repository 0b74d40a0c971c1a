import { useQueryClient } from "@tanstack/react-query";
import { Button, Form, Input } from "antd";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, setCsrfToken } from "../../api/client.ts";
import { sessionKey } from "../../api/queries.ts";
import type { Session } from "../../api/types.ts";
import { ErrorAlert } from "../../app/ui.tsx";
import { usePageTitle } from "../../i18n/i18n.tsx";
import { useMfaI18n } from "./mfaI18n.ts";
import { safeNext } from "./safeNext.ts";

/**
 * `/dang-nhap/ma-xac-thuc` (issue #14): the second step of an officer's sign-in, after the password or the province
 * SSO. The session (and its roles) exists only once the code is right.
 */
export default function MfaCodePage() {
  const { mt } = useMfaI18n();
  usePageTitle(mt("code.title"));
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get("next"));

  const submit = async (values: { code: string }) => {
    setBusy(true);
    setError(null);
    try {
      const done = await api.post<{ returnTo: string | null; mustChangePassword: boolean }>(
        "/api/auth/mfa/verify",
        { code: values.code.trim() },
      );
      const session = await api.get<Session>("/api/auth/session");
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(sessionKey, session);
      queryClient.removeQueries({ queryKey: ["dossiers"] });
      const target = safeNext(done.returnTo ?? next);
      const home = session.actor.kind === "officer" && target === "/" ? "/van-phong" : target;
      void navigate(done.mustChangePassword ? `/doi-mat-khau?next=${encodeURIComponent(home)}` : home, {
        replace: true,
      });
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <div className="form-narrow">
      <h1>{mt("code.title")}</h1>
      <p>{mt("code.intro")}</p>
      <Form<{ code: string }> layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          label={mt("code.label")}
          name="code"
          extra={mt("code.help")}
          rules={[{ required: true, whitespace: true, message: mt("code.required") }]}
        >
          <Input autoComplete="one-time-code" inputMode="numeric" maxLength={20} autoFocus />
        </Form.Item>
        {error ? (
          <div style={{ marginBottom: 16 }}>
            <ErrorAlert error={error} />
          </div>
        ) : null}
        <Button type="primary" htmlType="submit" loading={busy} block>
          {mt("code.submit")}
        </Button>
      </Form>
      <p style={{ marginTop: 16 }}>
        <Link to={`/dang-nhap?next=${encodeURIComponent(next)}`}>{mt("code.restart")}</Link>
      </p>
    </div>
  );
}
