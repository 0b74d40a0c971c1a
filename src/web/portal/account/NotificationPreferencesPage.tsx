import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Checkbox, Form, Input, Radio } from "antd";
import { useState } from "react";
import { request } from "../../api/client.ts";
import { ErrorAlert, Loading, RequireSession } from "../../app/ui.tsx";
import { usePageTitle } from "../../i18n/i18n.tsx";
import { useNotifyI18n } from "./notificationI18n.ts";

/** GET|PUT /api/account/notification-preferences. */
interface Preferences {
  email: boolean;
  sms: boolean;
  social: boolean;
  socialHandle: string | null;
  /** Issue #18: notify the followers of the account's dossiers on the province's messaging channel. */
  zalo: boolean;
  language: "vi" | "en";
  emailAddress: string | null;
  phone: string | null;
}

type Values = Omit<Preferences, "emailAddress" | "phone">;

const key = ["notification-preferences"] as const;

export default function NotificationPreferencesPage() {
  const { nt } = useNotifyI18n();
  usePageTitle(nt("notify.title"));
  return <RequireSession>{() => <NotificationPreferences />}</RequireSession>;
}

/** R-LOOK-3: each person chooses the channels their notifications come by (applicants and officers alike). */
function NotificationPreferences() {
  const { nt } = useNotifyI18n();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const social = Form.useWatch("social", form);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const query = useQuery({
    queryKey: key,
    queryFn: () => request<Preferences>("GET", "/api/account/notification-preferences"),
  });
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const current = query.data;

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const saved = await request<Preferences>("PUT", "/api/account/notification-preferences", {
        body: {
          email: values.email,
          sms: values.sms,
          social: values.social,
          socialHandle: values.social ? (values.socialHandle ?? "") : values.socialHandle || null,
          zalo: values.zalo,
          language: values.language,
        },
      });
      queryClient.setQueryData(key, saved);
      message.success(nt("notify.saved"));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="form-narrow">
      <h1>{nt("notify.title")}</h1>
      <p>{nt("notify.intro")}</p>
      <section className="section">
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={submit}
          initialValues={{
            email: current.email,
            sms: current.sms,
            social: current.social,
            socialHandle: current.socialHandle ?? "",
            zalo: current.zalo,
            language: current.language,
          }}
        >
          <fieldset style={{ border: 0, margin: "0 0 16px", padding: 0 }}>
            <legend style={{ fontSize: "inherit", marginBottom: 8 }}>{nt("notify.channels")}</legend>
            <Form.Item name="email" valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox>
                {nt("notify.email")} (
                {current.emailAddress
                  ? nt("notify.emailTo", { address: current.emailAddress })
                  : nt("notify.noAddress")}
                )
              </Checkbox>
            </Form.Item>
            <Form.Item name="sms" valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox>
                {nt("notify.sms")} (
                {current.phone ? nt("notify.smsTo", { phone: current.phone }) : nt("notify.noAddress")})
              </Checkbox>
            </Form.Item>
            <Form.Item name="social" valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox>{nt("notify.social")}</Checkbox>
            </Form.Item>
            <Form.Item name="zalo" valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox>{nt("notify.zalo")}</Checkbox>
            </Form.Item>
          </fieldset>
          {social ? (
            <Form.Item
              label={nt("notify.socialHandle")}
              name="socialHandle"
              extra={nt("notify.socialHelp")}
              rules={[{ required: true, whitespace: true, message: nt("notify.socialRequired") }]}
            >
              <Input maxLength={100} autoComplete="off" />
            </Form.Item>
          ) : null}
          <Form.Item label={nt("notify.language")} name="language">
            <Radio.Group
              options={[
                { value: "vi", label: nt("notify.vi") },
                { value: "en", label: nt("notify.en") },
              ]}
            />
          </Form.Item>
          {error ? (
            <div style={{ marginBottom: 16 }}>
              <ErrorAlert error={error} />
            </div>
          ) : null}
          <Button type="primary" htmlType="submit" loading={busy}>
            {nt("notify.save")}
          </Button>
        </Form>
      </section>
    </div>
  );
}
