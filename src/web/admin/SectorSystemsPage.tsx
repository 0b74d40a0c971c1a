import { useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App as AntApp,
  Button,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { ErrorAlert, Loading, RequireSession } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { type AdminAgency, adminApi, adminLevel } from "./adminApi.ts";
import { type SectorSystemsKey, useSectorSystemsI18n } from "./sectorSystemsI18n.ts";

type Kind = "civil_status" | "land" | "business_registration" | "other";

interface SectorCall {
  receivedAt: string;
  reportId: string | null;
  dossierCode: string | null;
  httpStatus: number;
  outcome: string;
}

interface SectorSystem {
  id: string;
  code: string;
  name: string;
  kind: Kind;
  apiKeyHint: string;
  procedureCodes: string[];
  agencies: { id: string; code: string; name: string }[];
  enabled: boolean;
  createdAt: string;
  lastCallAt: string | null;
  dossierCount: number;
  lastCalls: SectorCall[];
}

interface Registered {
  apiKey: string;
  hmacSecret: string;
}

interface FormValues {
  code: string;
  name: string;
  kind: Kind;
  procedureCodes: string;
  agencyCodes: string[];
}

const listKey = ["admin", "sector-systems"] as const;
/** Solid tags with white text: the light preset tags fall under the 4.5:1 contrast (axe, WCAG 1.4.3). */
const ENABLED_TAG = "#237804";
const REFUSED_TAG = "#a8071a";
const KINDS: Kind[] = ["civil_status", "land", "business_registration", "other"];

/**
 * Hệ thống chuyên ngành (issue #18): the system administrator registers the sector systems that report their own
 * dossiers (the API key and HMAC secret shown once), enables or disables each, and sees its last calls.
 */
export default function SectorSystemsPage() {
  const { st } = useSectorSystemsI18n();
  usePageTitle(st("sec.title"));
  return (
    <RequireSession>
      {(session) =>
        adminLevel(session) === "system" ? (
          <SectorSystems />
        ) : (
          <section className="section">
            <h1>{st("sec.title")}</h1>
            <Alert type="info" showIcon message={st("sec.onlySystem")} />
          </section>
        )
      }
    </RequireSession>
  );
}

function SectorSystems() {
  const { st, dateTime } = useSectorSystemsI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: listKey,
    queryFn: () => adminApi.get<{ items: SectorSystem[] }>("/api/admin/sector-systems"),
  });
  const [adding, setAdding] = useState(false);
  const [registered, setRegistered] = useState<Registered | null>(null);
  const [viewing, setViewing] = useState<SectorSystem | null>(null);
  const [error, setError] = useState<unknown>(null);
  const toggle = async (system: SectorSystem) => {
    setError(null);
    try {
      await adminApi.post(`/api/admin/sector-systems/${system.id}/enabled`, { enabled: !system.enabled });
      message.success(st("sec.changed"));
      await queryClient.invalidateQueries({ queryKey: listKey });
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <section className="section">
      <h1>{st("sec.title")}</h1>
      <p>{st("sec.intro")}</p>
      <Button type="primary" onClick={() => setAdding(true)} style={{ marginBottom: 16 }}>
        {st("sec.add")}
      </Button>
      {registered ? (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setRegistered(null)}
          style={{ marginBottom: 16 }}
          message={st("sec.secret.title")}
          description={
            <>
              <p>{st("sec.secret.text")}</p>
              <p>
                {st("sec.secret.apiKey")}:{" "}
                <Typography.Text code copyable data-testid="sector-api-key">
                  {registered.apiKey}
                </Typography.Text>
              </p>
              <p>
                {st("sec.secret.hmac")}:{" "}
                <Typography.Text code copyable data-testid="sector-hmac-secret">
                  {registered.hmacSecret}
                </Typography.Text>
              </p>
            </>
          }
        />
      ) : null}
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<SectorSystem>
          rowKey="id"
          dataSource={query.data.items}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: st("sec.empty") }}
          columns={[
            {
              title: st("sec.col.name"),
              key: "name",
              render: (_, row) => (
                <>
                  <strong>{row.name}</strong>
                  <br />
                  <Typography.Text type="secondary">
                    {row.code} · {st("sec.key", { hint: row.apiKeyHint })}
                  </Typography.Text>
                </>
              ),
            },
            {
              title: st("sec.col.kind"),
              dataIndex: "kind",
              render: (kind: Kind) => st(`sec.kind.${kind}` as SectorSystemsKey),
            },
            {
              title: st("sec.col.scope"),
              key: "scope",
              render: (_, row) => (
                <span title={[...row.procedureCodes, ...row.agencies.map((a) => a.name)].join(", ")}>
                  {st("sec.scope", { procedures: row.procedureCodes.length, agencies: row.agencies.length })}
                </span>
              ),
            },
            {
              title: st("sec.col.state"),
              dataIndex: "enabled",
              render: (enabled: boolean) =>
                enabled ? (
                  <Tag color={ENABLED_TAG}>{st("sec.enabled")}</Tag>
                ) : (
                  <Tag>{st("sec.disabled")}</Tag>
                ),
            },
            { title: st("sec.col.dossiers"), dataIndex: "dossierCount" },
            {
              title: st("sec.col.lastCall"),
              dataIndex: "lastCallAt",
              render: (at: string | null) => (at ? dateTime(at) : st("sec.never")),
            },
            {
              title: st("sec.col.action"),
              key: "action",
              render: (_, row) => (
                <Space wrap>
                  <Button size="small" onClick={() => setViewing(row)}>
                    {st("sec.calls")}
                  </Button>
                  <Button size="small" danger={row.enabled} onClick={() => void toggle(row)}>
                    {row.enabled ? st("sec.disable") : st("sec.enable")}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
      {adding ? (
        <RegisterForm
          onClose={(created) => {
            setAdding(false);
            if (created) setRegistered(created);
          }}
        />
      ) : null}
      {viewing ? <CallsDialog system={viewing} onClose={() => setViewing(null)} /> : null}
    </section>
  );
}

function RegisterForm({ onClose }: { onClose: (created?: Registered) => void }) {
  const { st } = useSectorSystemsI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const agencies = useQuery({
    queryKey: ["admin", "agencies"],
    queryFn: () => adminApi.get<AdminAgency[]>("/api/admin/agencies"),
  });
  const save = async (values: FormValues) => {
    setBusy(true);
    setError(null);
    try {
      const created = await adminApi.post<Registered>("/api/admin/sector-systems", {
        code: values.code.trim(),
        name: values.name.trim(),
        kind: values.kind,
        procedureCodes: values.procedureCodes
          .split(/[,\s]+/)
          .map((code) => code.trim())
          .filter((code) => code !== ""),
        agencyCodes: values.agencyCodes,
      });
      await queryClient.invalidateQueries({ queryKey: listKey });
      onClose(created);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const required = [{ required: true, whitespace: true, message: st("sec.form.required") }];
  return (
    <Modal
      open
      title={st("sec.form.title")}
      onCancel={() => onClose()}
      okText={st("sec.form.save")}
      cancelText={st("sec.form.cancel")}
      confirmLoading={busy}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(values) => void save(values)}
        initialValues={{ kind: "civil_status", agencyCodes: [] }}
      >
        <Form.Item
          name="code"
          label={st("sec.form.code")}
          rules={[
            ...required,
            { pattern: /^[a-z0-9][a-z0-9_-]{1,39}$/, message: st("sec.form.codePattern") },
          ]}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="name" label={st("sec.form.name")} rules={required}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="kind" label={st("sec.form.kind")}>
          <Select
            options={KINDS.map((kind) => ({
              value: kind,
              label: st(`sec.kind.${kind}` as SectorSystemsKey),
            }))}
          />
        </Form.Item>
        <Form.Item name="procedureCodes" label={st("sec.form.procedures")} rules={required}>
          <Input maxLength={2000} placeholder="1.001193" />
        </Form.Item>
        <Form.Item
          name="agencyCodes"
          label={st("sec.form.agencies")}
          rules={[{ required: true, message: st("sec.form.required") }]}
        >
          <Select
            mode="multiple"
            allowClear
            optionFilterProp="label"
            loading={agencies.isPending}
            options={(agencies.data ?? []).map((agency) => ({
              value: agency.code,
              label: `${agency.name} (${agency.code})`,
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CallsDialog({ system, onClose }: { system: SectorSystem; onClose: () => void }) {
  const { st, dateTime } = useSectorSystemsI18n();
  return (
    <Modal
      open
      width={820}
      title={st("sec.calls.title", { name: system.name })}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{st("sec.close")}</Button>}
    >
      <Table<SectorCall>
        rowKey={(row) => `${row.receivedAt}-${row.reportId ?? ""}-${row.httpStatus}`}
        dataSource={system.lastCalls}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: st("sec.calls.empty") }}
        columns={[
          { title: st("sec.calls.col.at"), dataIndex: "receivedAt", render: (at: string) => dateTime(at) },
          {
            title: st("sec.calls.col.report"),
            dataIndex: "reportId",
            render: (id: string | null) => id ?? "—",
          },
          {
            title: st("sec.calls.col.dossier"),
            dataIndex: "dossierCode",
            render: (code: string | null) => code ?? "—",
          },
          {
            title: st("sec.calls.col.status"),
            key: "status",
            render: (_, row) => (
              <Tag color={row.httpStatus < 300 ? ENABLED_TAG : REFUSED_TAG}>
                {row.httpStatus} {row.outcome}
              </Tag>
            ),
          },
        ]}
      />
    </Modal>
  );
}
