import { Button, Form, Input, Tabs } from "antd";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { ApiError, api } from "../../api/client.ts";
import { ErrorAlert } from "../../app/ui.tsx";
import { type Translate, useI18n, usePageTitle } from "../../i18n/i18n.tsx";

type Kind = "citizen" | "organisation";

export default function RegisterPage() {
  const { t } = useI18n();
  usePageTitle(t("register.title"));
  const [kind, setKind] = useState<Kind>("citizen");
  return (
    <div className="form-narrow">
      <h1>{t("register.title")}</h1>
      <Tabs
        activeKey={kind}
        onChange={(key) => setKind(key as Kind)}
        items={[
          { key: "citizen", label: t("register.citizen"), children: <RegisterForm kind="citizen" /> },
          {
            key: "organisation",
            label: t("register.organisation"),
            children: <RegisterForm kind="organisation" />,
          },
        ]}
      />
      <p>
        {t("register.haveAccount")} <Link to="/dang-nhap">{t("nav.login")}</Link>
      </p>
    </div>
  );
}

function required(t: Translate, label: string) {
  return { required: true, whitespace: true, message: t("login.required", { field: label.toLowerCase() }) };
}

/** The server's field errors (400 VALIDATION_FAILED) shown on the matching inputs. */
function fieldErrors(error: unknown): { name: string; errors: string[] }[] {
  if (!(error instanceof ApiError)) return [];
  return error.fields.map((field) => ({ name: field.field.replace(/^body\./, ""), errors: [field.message] }));
}

function RegisterForm({ kind }: { kind: Kind }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: Record<string, string>) => {
    setBusy(true);
    setError(null);
    const { confirm: _confirm, ...body } = values;
    for (const key of Object.keys(body)) {
      if (body[key] === undefined || body[key] === "") delete body[key];
      else body[key] = String(body[key]).trim() === "" ? "" : body[key];
    }
    try {
      const created = await api.post<{ username: string }>(`/api/auth/register/${kind}`, body);
      void navigate(`/dang-nhap?registered=${encodeURIComponent(created.username)}`);
    } catch (caught) {
      setError(caught);
      const known = new Set(Object.keys(values));
      form.setFields(fieldErrors(caught).filter((field) => known.has(field.name)));
      setBusy(false);
    }
  };

  const passwordRules = [
    required(t, t("register.password")),
    { min: 12, message: t("register.passwordHelp") },
    { pattern: /(?=.*\p{L})(?=.*\d)/u, message: t("register.passwordHelp") },
  ];
  const confirmRules = [
    required(t, t("register.confirm")),
    ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
      validator: (_: unknown, value: unknown) =>
        !value || getFieldValue("password") === value
          ? Promise.resolve()
          : Promise.reject(new Error(t("register.mismatch"))),
    }),
  ];
  return (
    <section className="section">
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional" name={`register-${kind}`}>
        {kind === "citizen" ? (
          <>
            <Form.Item
              label={t("register.idNumber")}
              name="identificationNumber"
              rules={[
                required(t, t("form.idNumber")),
                { pattern: /^\d{12}$/, message: t("form.idNumberHelp") },
              ]}
              extra={t("form.idNumberHelp")}
            >
              <Input inputMode="numeric" autoComplete="username" maxLength={12} />
            </Form.Item>
            <Form.Item
              label={t("register.fullName")}
              name="fullName"
              rules={[required(t, t("register.fullName"))]}
            >
              <Input autoComplete="name" />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item
              label={t("register.taxCode")}
              name="taxCode"
              rules={[
                required(t, t("form.taxCode")),
                {
                  pattern: /^\d{10}(-\d{3})?$/,
                  message: t("form.error.pattern", { field: t("form.taxCode") }),
                },
              ]}
            >
              <Input autoComplete="username" />
            </Form.Item>
            <Form.Item
              label={t("register.organisationName")}
              name="organisationName"
              rules={[required(t, t("register.organisationName"))]}
            >
              <Input autoComplete="organization" />
            </Form.Item>
            <Form.Item
              label={t("register.representativeName")}
              name="representativeName"
              rules={[required(t, t("register.representativeName"))]}
            >
              <Input autoComplete="name" />
            </Form.Item>
            <Form.Item
              label={t("register.representativeId")}
              name="representativeIdentificationNumber"
              rules={[
                required(t, t("form.idNumber")),
                { pattern: /^\d{12}$/, message: t("form.idNumberHelp") },
              ]}
            >
              <Input inputMode="numeric" maxLength={12} />
            </Form.Item>
          </>
        )}
        <Form.Item label={t("register.phone")} name="phone" extra={t("register.contactHelp")}>
          <Input inputMode="tel" autoComplete="tel" />
        </Form.Item>
        <Form.Item
          label={t("register.email")}
          name="email"
          rules={[{ type: "email", message: t("form.error.format.email") }]}
        >
          <Input type="email" autoComplete="email" />
        </Form.Item>
        <Form.Item
          label={t("register.password")}
          name="password"
          rules={passwordRules}
          extra={t("register.passwordHelp")}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={t("register.confirm")}
          name="confirm"
          dependencies={["password"]}
          rules={confirmRules}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {error ? (
          <div style={{ marginBottom: 16 }}>
            <ErrorAlert error={error} />
          </div>
        ) : null}
        <Button type="primary" htmlType="submit" loading={busy} block>
          {t("register.submit")}
        </Button>
      </Form>
    </section>
  );
}
