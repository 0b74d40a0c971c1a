import { useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App as AntApp,
  Button,
  Checkbox,
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
import { useEventSubscriptionsI18n } from "./eventSubscriptionsI18n.ts";

/** GET /api/admin/event-subscriptions (items). */
interface Subscription {
  id: string;
  name: string;
  targetUrl: string;
  agencyIds: string[];
  eventTypes: string[];
  includeApplicant: boolean;
  active: boolean;
  deliveries: {
    pending: number;
    sent: number;
    dead: number;
    oldestPendingAt: string | null;
    lastError: string | null;
  };
}

/** GET /api/admin/event-subscriptions/:id/deliveries. */
interface Delivery {
  id: number;
  eventId: string;
  type: string;
  subject: string;
  sequence: number;
  status: "pending" | "sent" | "dead";
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

interface FormValues {
  name: string;
  targetUrl: string;
  secret?: string;
  agencyIds: string[];
  eventTypes: string[];
  includeApplicant: boolean;
  active: boolean;
}

const listKey = ["admin", "event-subscriptions"] as const;

/**
 * Hệ thống nhận sự kiện hồ sơ (issue #18): the system administrator's list of subscribed partner systems, a form to add
 * or change one (the signing key is shown once, after adding), each one's deliveries and failures, and a replay.
 */
export default function EventSubscriptionsPage() {
  const { et } = useEventSubscriptionsI18n();
  usePageTitle(et("ev.title"));
  return (
    <RequireSession>
      {(session) =>
        adminLevel(session) === "system" ? (
          <Subscriptions />
        ) : (
          <section className="section">
            <h1>{et("ev.title")}</h1>
            <Alert type="info" showIcon message={et("ev.onlySystem")} />
          </section>
        )
      }
    </RequireSession>
  );
}

function Subscriptions() {
  const { et } = useEventSubscriptionsI18n();
  const query = useQuery({
    queryKey: listKey,
    queryFn: () =>
      adminApi.get<{ items: Subscription[]; eventTypes: string[] }>("/api/admin/event-subscriptions"),
  });
  const agencies = useQuery({
    queryKey: ["admin", "agencies"],
    queryFn: () => adminApi.get<AdminAgency[]>("/api/admin/agencies"),
  });
  const [editing, setEditing] = useState<Subscription | "new" | null>(null);
  const [replaying, setReplaying] = useState<Subscription | null>(null);
  const [viewing, setViewing] = useState<Subscription | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <section className="section">
      <h1>{et("ev.title")}</h1>
      <p>{et("ev.intro")}</p>
      <Button type="primary" onClick={() => setEditing("new")} style={{ marginBottom: 16 }}>
        {et("ev.add")}
      </Button>
      {secret ? (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setSecret(null)}
          style={{ marginBottom: 16 }}
          message={et("ev.secret.title")}
          description={
            <>
              <p>{et("ev.secret.text")}</p>
              <Typography.Text code copyable>
                {secret}
              </Typography.Text>
            </>
          }
        />
      ) : null}
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<Subscription>
          rowKey="id"
          dataSource={query.data.items}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: et("ev.empty") }}
          columns={[
            { title: et("ev.col.name"), dataIndex: "name" },
            { title: et("ev.col.target"), dataIndex: "targetUrl" },
            {
              title: et("ev.col.scope"),
              key: "scope",
              render: (_, row) =>
                [
                  row.agencyIds.length === 0
                    ? et("ev.allAgencies")
                    : et("ev.agencies", { count: row.agencyIds.length }),
                  row.eventTypes.length === 0
                    ? et("ev.allTypes")
                    : et("ev.types", { count: row.eventTypes.length }),
                  ...(row.includeApplicant ? [et("ev.withApplicant")] : []),
                ].join(", "),
            },
            {
              title: et("ev.col.state"),
              dataIndex: "active",
              render: (active: boolean) =>
                active ? <Tag color="green">{et("ev.active")}</Tag> : <Tag>{et("ev.paused")}</Tag>,
            },
            {
              title: et("ev.col.deliveries"),
              key: "deliveries",
              render: (_, row) =>
                `${row.deliveries.pending} / ${row.deliveries.sent} / ${row.deliveries.dead}`,
            },
            {
              title: et("ev.col.error"),
              key: "error",
              render: (_, row) => row.deliveries.lastError ?? et("ev.none"),
            },
            {
              title: et("ev.col.action"),
              key: "action",
              render: (_, row) => (
                <Space wrap>
                  <Button size="small" onClick={() => setEditing(row)}>
                    {et("ev.edit")}
                  </Button>
                  <Button size="small" onClick={() => setViewing(row)}>
                    {et("ev.deliveries")}
                  </Button>
                  <Button size="small" onClick={() => setReplaying(row)}>
                    {et("ev.replay")}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
      {editing ? (
        <SubscriptionForm
          subscription={editing === "new" ? null : editing}
          eventTypes={query.data?.eventTypes ?? []}
          agencies={agencies.data ?? []}
          onClose={(createdSecret) => {
            setEditing(null);
            if (createdSecret) setSecret(createdSecret);
          }}
        />
      ) : null}
      {replaying ? <ReplayDialog subscription={replaying} onClose={() => setReplaying(null)} /> : null}
      {viewing ? <DeliveriesDialog subscription={viewing} onClose={() => setViewing(null)} /> : null}
    </section>
  );
}

function SubscriptionForm({
  subscription,
  eventTypes,
  agencies,
  onClose,
}: {
  subscription: Subscription | null;
  eventTypes: string[];
  agencies: AdminAgency[];
  onClose: (createdSecret?: string) => void;
}) {
  const { et } = useEventSubscriptionsI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = async (values: FormValues) => {
    setBusy(true);
    setError(null);
    const body = { ...values, secret: values.secret ? values.secret : undefined };
    try {
      if (subscription) {
        await adminApi.put(`/api/admin/event-subscriptions/${subscription.id}`, body);
        message.success(et("ev.saved"));
        onClose();
      } else {
        const created = await adminApi.post<{ secret: string }>("/api/admin/event-subscriptions", body);
        message.success(et("ev.saved"));
        onClose(created.secret);
      }
      await queryClient.invalidateQueries({ queryKey: listKey });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const required = [{ required: true, whitespace: true, message: et("ev.form.required") }];
  return (
    <Modal
      open
      title={subscription ? et("ev.form.editTitle") : et("ev.form.addTitle")}
      onCancel={() => onClose()}
      okText={et("ev.form.save")}
      cancelText={et("ev.form.cancel")}
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
        initialValues={
          subscription
            ? {
                name: subscription.name,
                targetUrl: subscription.targetUrl,
                agencyIds: subscription.agencyIds,
                eventTypes: subscription.eventTypes,
                includeApplicant: subscription.includeApplicant,
                active: subscription.active,
              }
            : { agencyIds: [], eventTypes: [], includeApplicant: false, active: true }
        }
      >
        <Form.Item name="name" label={et("ev.form.name")} rules={required}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="targetUrl"
          label={et("ev.form.target")}
          extra={et("ev.form.targetHelp")}
          rules={required}
        >
          <Input maxLength={2000} inputMode="url" />
        </Form.Item>
        <Form.Item name="secret" label={et("ev.form.secret")}>
          <Input.Password autoComplete="new-password" maxLength={200} />
        </Form.Item>
        <Form.Item name="agencyIds" label={et("ev.form.agencies")}>
          <Select
            mode="multiple"
            allowClear
            optionFilterProp="label"
            options={agencies.map((agency) => ({
              value: agency.id,
              label: `${agency.name} (${agency.code})`,
            }))}
          />
        </Form.Item>
        <Form.Item name="eventTypes" label={et("ev.form.types")}>
          <Select
            mode="multiple"
            allowClear
            options={eventTypes.map((type) => ({ value: type, label: type }))}
          />
        </Form.Item>
        <Form.Item name="includeApplicant" valuePropName="checked">
          <Checkbox>{et("ev.form.applicant")}</Checkbox>
        </Form.Item>
        <Form.Item name="active" valuePropName="checked">
          <Checkbox>{et("ev.form.active")}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ReplayDialog({ subscription, onClose }: { subscription: Subscription; onClose: () => void }) {
  const { et } = useEventSubscriptionsI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [from, setFrom] = useState("");
  const [eventId, setEventId] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const replay = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = eventId.trim()
        ? { fromEventId: eventId.trim() }
        : from
          ? { from: new Date(from).toISOString() }
          : {};
      const result = await adminApi.post<{ requeued: number }>(
        `/api/admin/event-subscriptions/${subscription.id}/replay`,
        body,
      );
      message.success(et("ev.replay.done", { count: result.requeued }));
      await queryClient.invalidateQueries({ queryKey: listKey });
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={et("ev.replay.title", { name: subscription.name })}
      onCancel={onClose}
      okText={et("ev.replay.submit")}
      cancelText={et("ev.form.cancel")}
      confirmLoading={busy}
      onOk={() => void replay()}
    >
      <p>{et("ev.replay.intro")}</p>
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
      <Form layout="vertical">
        <Form.Item label={et("ev.replay.from")} htmlFor="replay-from">
          <Input
            id="replay-from"
            type="datetime-local"
            value={from}
            onChange={(event) => setFrom(event.target.value)}
          />
        </Form.Item>
        <Form.Item label={et("ev.replay.eventId")} htmlFor="replay-event">
          <Input id="replay-event" value={eventId} onChange={(event) => setEventId(event.target.value)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DeliveriesDialog({ subscription, onClose }: { subscription: Subscription; onClose: () => void }) {
  const { et, dateTime } = useEventSubscriptionsI18n();
  const [status, setStatus] = useState<"" | "pending" | "sent" | "dead">(
    subscription.deliveries.dead > 0 ? "dead" : "",
  );
  const query = useQuery({
    queryKey: ["admin", "event-deliveries", subscription.id, status],
    queryFn: () =>
      adminApi.get<Delivery[]>(
        `/api/admin/event-subscriptions/${subscription.id}/deliveries${status ? `?status=${status}` : ""}`,
      ),
  });
  const label = { pending: et("ev.del.pending"), sent: et("ev.del.sent"), dead: et("ev.del.dead") };
  return (
    <Modal
      open
      width={960}
      title={et("ev.del.title", { name: subscription.name })}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{et("ev.close")}</Button>}
    >
      <Form layout="inline" style={{ marginBottom: 16 }}>
        <Form.Item label={et("ev.del.filter")} htmlFor="delivery-status">
          <Select
            id="delivery-status"
            style={{ minWidth: 160 }}
            value={status}
            onChange={setStatus}
            options={[
              { value: "", label: et("ev.del.all") },
              { value: "pending", label: label.pending },
              { value: "sent", label: label.sent },
              { value: "dead", label: label.dead },
            ]}
          />
        </Form.Item>
      </Form>
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<Delivery>
          rowKey="id"
          size="small"
          dataSource={query.data}
          pagination={{ pageSize: 20 }}
          scroll={{ x: true }}
          locale={{ emptyText: et("ev.del.empty") }}
          columns={[
            { title: et("ev.del.col.event"), dataIndex: "eventId" },
            { title: et("ev.del.col.type"), dataIndex: "type" },
            { title: et("ev.del.col.dossier"), dataIndex: "subject" },
            {
              title: et("ev.del.col.status"),
              dataIndex: "status",
              render: (value: Delivery["status"]) => label[value],
            },
            { title: et("ev.del.col.attempts"), dataIndex: "attempts" },
            {
              title: et("ev.del.col.error"),
              dataIndex: "lastError",
              render: (text) => text ?? et("ev.none"),
            },
            { title: et("ev.del.col.created"), dataIndex: "createdAt", render: (at: string) => dateTime(at) },
          ]}
        />
      )}
    </Modal>
  );
}
