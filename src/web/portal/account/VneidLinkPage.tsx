import { useQuery } from "@tanstack/react-query";
import { Button, Form, Input } from "antd";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { api } from "../../api/client.ts";
import { ErrorAlert, Loading } from "../../app/ui.tsx";
import { usePageTitle } from "../../i18n/i18n.tsx";
import { safeNext } from "./safeNext.ts";
import { useVneidI18n } from "./vneidI18n.ts";

interface PendingLink {
  fullName: string;
  username: string;
  vneidName: string;
}

/**
 * `/dang-nhap/lien-ket` (issue #14): VNeID vouched for a person whose ID number already has a local account; that
 * account opens only with its own password, given here once, after which VNeID alone signs in.
 */
export default function VneidLinkPage() {
  const { vt } = useVneidI18n();
  usePageTitle(vt("link.title"));
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const pending = useQuery({
    queryKey: ["vneid-link"],
    queryFn: () => api.get<PendingLink>("/api/auth/oidc/link"),
    retry: false,
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: { password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const linked = await api.post<{ redirectTo: string | null }>("/api/auth/oidc/link", values);
      // A full load: the new session's cookie and CSRF token are read afresh.
      window.location.assign(safeNext(linked.redirectTo ?? next));
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <div className="form-narrow">
      <h1>{vt("link.title")}</h1>
      {pending.isPending ? <Loading /> : null}
      {pending.isError ? (
        <>
          <ErrorAlert error={pending.error} />
          <p style={{ marginTop: 16 }}>
            <Button href={`/api/auth/oidc/login?returnTo=${encodeURIComponent(next)}`}>
              {vt("link.restart")}
            </Button>
          </p>
        </>
      ) : null}
      {pending.data ? (
        <section className="section">
          <p>{vt("link.intro", { ...pending.data })}</p>
          <Form<{ password: string }> layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item
              label={vt("link.password")}
              name="password"
              rules={[{ required: true, message: vt("link.required") }]}
            >
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            {error ? (
              <div style={{ marginBottom: 16 }}>
                <ErrorAlert error={error} />
              </div>
            ) : null}
            <Button type="primary" htmlType="submit" loading={busy} block>
              {vt("link.submit")}
            </Button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
