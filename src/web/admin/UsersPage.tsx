import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Input, Modal, Popconfirm, Select, Table, Tag } from "antd";
import { useState } from "react";
import { ErrorAlert } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { AdminField } from "./AdminField.tsx";
import { type AdminAgency, type AdminLevel, type AdminUser, adminApi, adminKeys } from "./adminApi.ts";
import { useAdminI18n } from "./adminI18n.ts";

const AGENCY_ROLES = [
  "counter_officer",
  "specialist",
  "unit_head",
  "agency_leader",
  "agency_admin",
  "service_center_monitor",
  "support_staff",
] as const;

interface GrantDraft {
  role: string;
  agencyId: string;
  unitId: string;
}

/** Officer accounts (R-ACC-2): create, deactivate, reset the password, grant and revoke roles in scope. */
export function UsersPage({ level }: { level: AdminLevel }) {
  const { at, known } = useAdminI18n();
  usePageTitle(at("users.title"));
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [q, setQ] = useState("");
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<AdminUser | null>(null);
  const [granting, setGranting] = useState<AdminUser | null>(null);
  const users = useQuery({
    queryKey: adminKeys.users(q),
    queryFn: () => adminApi.get<AdminUser[]>(`/api/admin/users${q ? `?q=${encodeURIComponent(q)}` : ""}`),
  });
  const agencies = useQuery({
    queryKey: adminKeys.agencies,
    queryFn: () => adminApi.get<AdminAgency[]>("/api/admin/agencies"),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["admin", "users"] });
  const act = useMutation({
    mutationFn: (call: () => Promise<unknown>) => call(),
    onSuccess: async () => {
      message.success(at("admin.saved"));
      await refresh();
    },
  });
  const roles = level === "system" ? [...AGENCY_ROLES, "system_admin"] : [...AGENCY_ROLES];

  return (
    <>
      <h1>{at("users.title")}</h1>
      <form
        className="admin-row"
        onSubmit={(event) => {
          event.preventDefault();
          setQ(search.trim());
        }}
      >
        <Input
          aria-label={at("users.search")}
          placeholder={at("users.search")}
          value={search}
          style={{ width: 320 }}
          onChange={(e) => setSearch(e.target.value)}
        />
        <Button htmlType="submit">{at("admin.search")}</Button>
        <Button type="primary" onClick={() => setCreating(true)}>
          {at("users.new")}
        </Button>
      </form>
      {users.error ? <ErrorAlert error={users.error} onRetry={() => void users.refetch()} /> : null}
      {act.error ? <ErrorAlert error={act.error} /> : null}
      <Table<AdminUser>
        rowKey="id"
        loading={users.isPending}
        dataSource={users.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        caption={<span className="visually-hidden">{at("users.caption")}</span>}
        columns={[
          { title: at("users.username"), dataIndex: "username" },
          { title: at("users.fullName"), dataIndex: "fullName" },
          {
            title: at("users.roles"),
            render: (_, user) =>
              user.grants.map((grant) => (
                <span key={grant.id} className="admin-grant">
                  <Tag>
                    {known("role", grant.role)}
                    {grant.agencyName ? ` · ${grant.unitName ?? grant.agencyName}` : ""}
                  </Tag>
                  <Button
                    size="small"
                    type="text"
                    aria-label={at("users.revoke", { role: known("role", grant.role) })}
                    onClick={() =>
                      act.mutate(() => adminApi.delete(`/api/admin/users/${user.id}/grants/${grant.id}`))
                    }
                  >
                    ×
                  </Button>
                </span>
              )),
          },
          {
            title: at("users.status"),
            render: (_, user) => (
              <>
                {user.isActive ? at("users.active") : at("users.inactive")}
                {user.mustChangePassword ? ` · ${at("users.mustChange")}` : ""}
              </>
            ),
          },
          {
            title: at("admin.actions"),
            render: (_, user) => (
              <div className="admin-row">
                <Button size="small" onClick={() => setGranting(user)}>
                  {at("users.grant")}
                </Button>
                <Button size="small" onClick={() => setResetting(user)}>
                  {at("users.resetPassword")}
                </Button>
                {user.isActive ? (
                  <Popconfirm
                    title={at("users.deactivateConfirm", { username: user.username })}
                    okText={at("users.deactivate")}
                    cancelText={at("admin.cancel")}
                    onConfirm={() =>
                      act.mutate(() => adminApi.post(`/api/admin/users/${user.id}/deactivate`))
                    }
                  >
                    <Button size="small" danger>
                      {at("users.deactivate")}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button
                    size="small"
                    onClick={() => act.mutate(() => adminApi.post(`/api/admin/users/${user.id}/activate`))}
                  >
                    {at("users.activate")}
                  </Button>
                )}
              </div>
            ),
          },
        ]}
      />
      {creating ? (
        <CreateUser
          roles={roles}
          agencies={agencies.data ?? []}
          onClose={() => setCreating(false)}
          onCreated={async (username) => {
            setCreating(false);
            message.success(at("users.created", { username }));
            await refresh();
          }}
        />
      ) : null}
      {resetting ? <ResetPassword user={resetting} onClose={() => setResetting(null)} /> : null}
      {granting ? (
        <GrantRole
          user={granting}
          roles={roles}
          agencies={agencies.data ?? []}
          onClose={() => setGranting(null)}
          onGranted={async () => {
            setGranting(null);
            message.success(at("admin.saved"));
            await refresh();
          }}
        />
      ) : null}
    </>
  );
}

function GrantFields({
  grant,
  roles,
  agencies,
  onChange,
}: {
  grant: GrantDraft;
  roles: string[];
  agencies: AdminAgency[];
  onChange: (grant: GrantDraft) => void;
}) {
  const { at, known } = useAdminI18n();
  const agency = agencies.find((a) => a.id === grant.agencyId);
  return (
    <>
      <AdminField label={at("users.role")}>
        {(id) => (
          <Select
            id={id}
            value={grant.role}
            options={roles.map((r) => ({ value: r, label: known("role", r) }))}
            onChange={(role) => onChange({ ...grant, role })}
          />
        )}
      </AdminField>
      {grant.role !== "system_admin" ? (
        <>
          <AdminField label={at("users.agency")}>
            {(id) => (
              <Select
                id={id}
                value={grant.agencyId}
                options={agencies.map((a) => ({ value: a.id, label: a.name }))}
                onChange={(agencyId) => onChange({ ...grant, agencyId, unitId: "" })}
              />
            )}
          </AdminField>
          <AdminField label={at("users.unit")}>
            {(id) => (
              <Select
                id={id}
                value={grant.unitId}
                options={[
                  { value: "", label: at("users.wholeAgency") },
                  ...(agency?.units ?? []).map((u) => ({ value: u.id, label: u.name })),
                ]}
                onChange={(unitId) => onChange({ ...grant, unitId })}
              />
            )}
          </AdminField>
        </>
      ) : null}
    </>
  );
}

const grantBody = (grant: GrantDraft) =>
  grant.role === "system_admin"
    ? { role: grant.role, agencyId: null }
    : { role: grant.role, agencyId: grant.agencyId || null, unitId: grant.unitId || null };

function CreateUser({
  roles,
  agencies,
  onClose,
  onCreated,
}: {
  roles: string[];
  agencies: AdminAgency[];
  onClose: () => void;
  onCreated: (username: string) => void;
}) {
  const { at } = useAdminI18n();
  const [user, setUser] = useState({ username: "", fullName: "", email: "", phone: "", password: "" });
  const [grant, setGrant] = useState<GrantDraft>({
    role: "specialist",
    agencyId: agencies[0]?.id ?? "",
    unitId: "",
  });
  const create = useMutation({
    mutationFn: () =>
      adminApi.post("/api/admin/users", {
        ...user,
        email: user.email || null,
        phone: user.phone || null,
        grants: [grantBody(grant)],
      }),
    onSuccess: () => onCreated(user.username.trim().toLowerCase()),
  });
  const input = (key: keyof typeof user, label: string, type = "text", help?: string) => (
    <AdminField label={label} help={help}>
      {(id) =>
        type === "password" ? (
          <Input.Password
            id={id}
            value={user[key]}
            autoComplete="new-password"
            onChange={(e) => setUser({ ...user, [key]: e.target.value })}
          />
        ) : (
          <Input
            id={id}
            value={user[key]}
            type={type}
            onChange={(e) => setUser({ ...user, [key]: e.target.value })}
          />
        )
      }
    </AdminField>
  );
  return (
    <Modal
      open
      title={at("users.new")}
      okText={at("admin.save")}
      cancelText={at("admin.cancel")}
      confirmLoading={create.isPending}
      onOk={() => create.mutate()}
      onCancel={onClose}
    >
      <div className="admin-form">
        {input("username", at("users.username"))}
        {input("fullName", at("users.fullName"))}
        {input("email", at("users.email"), "email")}
        {input("phone", at("users.phone"), "tel")}
        {input("password", at("users.tempPassword"), "password", at("users.tempPasswordHelp"))}
        <GrantFields grant={grant} roles={roles} agencies={agencies} onChange={setGrant} />
        {create.error ? <ErrorAlert error={create.error} /> : null}
      </div>
    </Modal>
  );
}

function ResetPassword({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const { at } = useAdminI18n();
  const { message } = AntApp.useApp();
  const [password, setPassword] = useState("");
  const reset = useMutation({
    mutationFn: () => adminApi.post(`/api/admin/users/${user.id}/reset-password`, { password }),
    onSuccess: () => {
      message.success(at("users.resetDone", { username: user.username }));
      onClose();
    },
  });
  return (
    <Modal
      open
      title={`${at("users.resetPassword")}: ${user.username}`}
      okText={at("admin.save")}
      cancelText={at("admin.cancel")}
      confirmLoading={reset.isPending}
      onOk={() => reset.mutate()}
      onCancel={onClose}
    >
      <AdminField label={at("users.tempPassword")} help={at("users.tempPasswordHelp")}>
        {(id) => (
          <Input.Password
            id={id}
            value={password}
            autoComplete="new-password"
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </AdminField>
      {reset.error ? <ErrorAlert error={reset.error} /> : null}
    </Modal>
  );
}

function GrantRole({
  user,
  roles,
  agencies,
  onClose,
  onGranted,
}: {
  user: AdminUser;
  roles: string[];
  agencies: AdminAgency[];
  onClose: () => void;
  onGranted: () => void;
}) {
  const { at } = useAdminI18n();
  const [grant, setGrant] = useState<GrantDraft>({
    role: "specialist",
    agencyId: agencies[0]?.id ?? "",
    unitId: "",
  });
  const save = useMutation({
    mutationFn: () => adminApi.post(`/api/admin/users/${user.id}/grants`, grantBody(grant)),
    onSuccess: onGranted,
  });
  return (
    <Modal
      open
      title={at("users.grantTitle", { username: user.username })}
      okText={at("admin.save")}
      cancelText={at("admin.cancel")}
      confirmLoading={save.isPending}
      onOk={() => save.mutate()}
      onCancel={onClose}
    >
      <div className="admin-form">
        <GrantFields grant={grant} roles={roles} agencies={agencies} onChange={setGrant} />
        {save.error ? <ErrorAlert error={save.error} /> : null}
      </div>
    </Modal>
  );
}
