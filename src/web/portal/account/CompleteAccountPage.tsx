import { useQuery } from "@tanstack/react-query";
import { Alert, App as AntApp, Button, Form, Input, Space } from "antd";
import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { request } from "../../api/client.ts";
import { ErrorAlert, Loading, RequireSession } from "../../app/ui.tsx";
import { usePageTitle } from "../../i18n/i18n.tsx";
import { safeNext } from "./safeNext.ts";
import { useVneidI18n } from "./vneidI18n.ts";

export interface AccountIdentity {
  vneid: { verified: boolean; level: 1 | 2 | null; verifiedAt: string | null };
  missing: "phone"[];
  phone: string | null;
  email: string | null;
}

/**
 * `/tai-khoan/bo-sung` (issue #14): after a first VNeID sign-in the session already exists; what the e-ID did not
 * give (a phone number for notifications) is asked here, and may be skipped.
 */
export default function CompleteAccountPage() {
  const { vt } = useVneidI18n();
  usePageTitle(vt("complete.title"));
  return <RequireSession>{() => <CompleteAccount />}</RequireSession>;
}

function CompleteAccount() {
  const { vt } = useVneidI18n();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const identity = useQuery({
    queryKey: ["account-identity"],
    queryFn: () => request<AccountIdentity>("GET", "/api/account/identity"),
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: { phone: string }) => {
    setBusy(true);
    setError(null);
    try {
      await request<AccountIdentity>("PUT", "/api/account/phone", { body: { phone: values.phone } });
      message.success(vt("complete.saved"));
      void navigate(next, { replace: true });
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  if (identity.isPending) return <Loading />;
  if (identity.isError) return <ErrorAlert error={identity.error} onRetry={() => void identity.refetch()} />;
  const level = identity.data.vneid.level;
  return (
    <div className="form-narrow">
      <h1>{vt("complete.title")}</h1>
      {level ? (
        <Alert
          type="success"
          showIcon
          title={vt("complete.verified", { level })}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <section className="section">
        <p>{vt("complete.intro")}</p>
        <Form<{ phone: string }>
          layout="vertical"
          onFinish={submit}
          requiredMark={false}
          initialValues={{ phone: identity.data.phone ?? "" }}
        >
          <Form.Item
            label={vt("complete.phone")}
            name="phone"
            rules={[{ required: true, whitespace: true, message: vt("complete.phoneRequired") }]}
          >
            <Input autoComplete="tel" inputMode="tel" />
          </Form.Item>
          {error ? (
            <div style={{ marginBottom: 16 }}>
              <ErrorAlert error={error} />
            </div>
          ) : null}
          <Space>
            <Button type="primary" htmlType="submit" loading={busy}>
              {vt("complete.save")}
            </Button>
            <Button onClick={() => void navigate(next, { replace: true })}>{vt("complete.skip")}</Button>
          </Space>
        </Form>
      </section>
    </div>
  );
}
