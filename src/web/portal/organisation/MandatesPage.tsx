import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Form, Input, Radio, Select, Tag } from "antd";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { request } from "../../api/client.ts";
import { ErrorAlert, Loading, RequireSession } from "../../app/ui.tsx";
import { usePageTitle } from "../../i18n/i18n.tsx";
import type { Mandate } from "./organisationApi.ts";
import { civilDate, useOrganisationI18n } from "./organisationI18n.ts";

interface MandateList {
  organisation: { id: string; name: string };
  items: Mandate[];
}

interface Values {
  holderIdNumber: string;
  holderName: string;
  validFrom: string;
  validUntil: string;
  scopeKind: "all" | "procedures";
  procedureCodes?: string[];
}

/** Today in the province (UTC+7), `YYYY-MM-DD`: the earliest start a new authorisation may have. */
const provinceToday = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

/** The legal representative's authorisations (issue #14, R-ACC-1): list, give, revoke. */
export default function MandatesPage() {
  const { ot } = useOrganisationI18n();
  usePageTitle(ot("mandates.list"));
  return <RequireSession>{() => <Mandates />}</RequireSession>;
}

function Mandates() {
  const { ot } = useOrganisationI18n();
  const { id = "" } = useParams();
  const queryClient = useQueryClient();
  const { message, modal } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const scopeKind = Form.useWatch("scopeKind", form);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const key = ["organisation-mandates", id];
  const query = useQuery({
    queryKey: key,
    queryFn: () =>
      request<MandateList>("GET", `/api/citizen/organisations/${encodeURIComponent(id)}/mandates`),
  });
  const procedures = useQuery({
    queryKey: ["procedure-options"],
    queryFn: () =>
      request<{ items: { code: string; name: string }[] }>("GET", "/api/public/procedures?pageSize=100"),
    enabled: scopeKind === "procedures",
    staleTime: 10 * 60_000,
  });
  usePageTitle(
    query.data ? ot("mandates.title", { name: query.data.organisation.name }) : ot("mandates.list"),
  );
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const { organisation, items } = query.data;

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const created = await request<Mandate>(
        "POST",
        `/api/citizen/organisations/${encodeURIComponent(id)}/mandates`,
        {
          body: {
            holderIdNumber: values.holderIdNumber.trim(),
            holderName: values.holderName,
            validFrom: values.validFrom,
            validUntil: values.validUntil,
            scope:
              values.scopeKind === "all"
                ? { kind: "all" }
                : { kind: "procedures", procedureCodes: values.procedureCodes ?? [] },
          },
        },
      );
      message.success(ot("mandates.created", { name: created.holderName }));
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: key });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const revoke = (mandate: Mandate) =>
    modal.confirm({
      title: ot("mandates.revokeConfirm", { name: mandate.holderName }),
      okText: ot("mandates.revokeOk"),
      okButtonProps: { danger: true },
      cancelText: ot("mandates.cancel"),
      onOk: async () => {
        try {
          await request<Mandate>(
            "POST",
            `/api/citizen/organisations/${encodeURIComponent(id)}/mandates/${mandate.id}/revoke`,
            { body: {} },
          );
          message.success(ot("mandates.revoked", { name: mandate.holderName }));
          await queryClient.invalidateQueries({ queryKey: key });
        } catch (failure) {
          setError(failure);
        }
      },
    });

  return (
    <>
      <p>
        <Link to="/to-chuc-cua-toi">← {ot("mandates.back")}</Link>
      </p>
      <h1>{ot("mandates.title", { name: organisation.name })}</h1>
      <p>{ot("mandates.intro")}</p>

      <section className="section" aria-labelledby="mandates-new">
        <h2 id="mandates-new">{ot("mandates.new")}</h2>
        {error ? <ErrorAlert error={error} /> : null}
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{ scopeKind: "all", validFrom: provinceToday() }}
          onFinish={(values) => void submit(values)}
        >
          <Form.Item
            name="holderIdNumber"
            label={ot("mandates.holderIdNumber")}
            rules={[{ required: true, pattern: /^\s*\d{12}\s*$/, message: ot("mandates.holderIdNumber") }]}
          >
            <Input inputMode="numeric" autoComplete="off" maxLength={14} />
          </Form.Item>
          <Form.Item
            name="holderName"
            label={ot("mandates.holderName")}
            rules={[{ required: true, whitespace: true, message: ot("mandates.holderName") }]}
          >
            <Input autoComplete="off" maxLength={200} />
          </Form.Item>
          <div className="org-dates">
            <Form.Item name="validFrom" label={ot("mandates.validFrom")} rules={[{ required: true }]}>
              <Input type="date" min={provinceToday()} />
            </Form.Item>
            <Form.Item name="validUntil" label={ot("mandates.validUntil")} rules={[{ required: true }]}>
              <Input type="date" min={provinceToday()} />
            </Form.Item>
          </div>
          <Form.Item name="scopeKind" label={ot("mandates.scope")}>
            <Radio.Group>
              <Radio value="all">{ot("mandates.scopeAll")}</Radio>
              <Radio value="procedures">{ot("mandates.scopeSome")}</Radio>
            </Radio.Group>
          </Form.Item>
          {scopeKind === "procedures" ? (
            <Form.Item name="procedureCodes" label={ot("mandates.procedures")} rules={[{ required: true }]}>
              <Select
                mode="multiple"
                showSearch
                optionFilterProp="label"
                loading={procedures.isPending}
                options={(procedures.data?.items ?? []).map((p) => ({
                  value: p.code,
                  label: `${p.code} — ${p.name}`,
                }))}
              />
            </Form.Item>
          ) : null}
          <Button type="primary" htmlType="submit" loading={busy}>
            {ot("mandates.submit")}
          </Button>
        </Form>
      </section>

      <section className="section" aria-labelledby="mandates-list">
        <h2 id="mandates-list">{ot("mandates.list")}</h2>
        {items.length === 0 ? <p>{ot("mandates.none")}</p> : null}
        <ul className="plain-list">
          {items.map((mandate) => (
            <li key={mandate.id} className="org-mandate">
              <h3>
                {mandate.holderName} ({mandate.holderIdNumber}) <Tag>{ot(`org.state.${mandate.state}`)}</Tag>
              </h3>
              <p>
                {ot("mandates.period", {
                  from: civilDate(mandate.validFrom),
                  until: civilDate(mandate.validUntil),
                })}
              </p>
              <p>
                {mandate.scope.kind === "all"
                  ? ot("org.scope.all")
                  : ot("org.scope.some", { codes: mandate.scope.procedureCodes.join(", ") })}
              </p>
              <p>{ot("mandates.grantedBy", { name: mandate.grantedBy })}</p>
              {mandate.state === "active" || mandate.state === "not_yet_valid" ? (
                <Button
                  danger
                  onClick={() => revoke(mandate)}
                  aria-label={ot("mandates.revoke", { name: mandate.holderName })}
                >
                  {ot("mandates.revokeOk")}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
