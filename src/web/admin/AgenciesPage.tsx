import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Checkbox, Input, Select, Tree } from "antd";
import { useEffect, useMemo, useState } from "react";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { AdminField } from "./AdminField.tsx";
import { type AdminAgency, type AdminLevel, adminApi, adminKeys, type WorkingInterval } from "./adminApi.ts";
import { useAdminI18n } from "./adminI18n.ts";
import { PaymentAccountPanel } from "./PaymentAccountPanel.tsx";

const UNIT_KINDS = ["counter", "professional", "leadership", "other"] as const;

/** Agencies and units: the tree in scope; the picked agency's details, working hours (R-CAL-4) and units. */
export function AgenciesPage({ level }: { level: AdminLevel }) {
  const { at, known } = useAdminI18n();
  usePageTitle(at("agencies.title"));
  const query = useQuery({
    queryKey: adminKeys.agencies,
    queryFn: () => adminApi.get<AdminAgency[]>("/api/admin/agencies"),
  });
  const [selected, setSelected] = useState<string | null>(null);
  const agencies = query.data ?? [];
  useEffect(() => {
    if (!selected && agencies.length > 0) setSelected(agencies[0]!.id);
  }, [agencies, selected]);
  const treeData = useMemo(() => {
    const node = (agency: AdminAgency): { key: string; title: string; children: unknown[] } => ({
      key: agency.id,
      title: `${agency.name} (${known("level", agency.level)})`,
      children: [
        ...agencies.filter((a) => a.parentId === agency.id).map(node),
        ...agency.units.map((unit) => ({
          key: `unit:${unit.id}`,
          title: `${unit.name} — ${known("unitKind", unit.kind)}`,
          isLeaf: true,
          selectable: false,
        })),
      ],
    });
    return agencies.filter((a) => a.parentId === null).map(node);
  }, [agencies, known]);

  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const agency = agencies.find((a) => a.id === selected);
  return (
    <>
      <h1>{at("agencies.title")}</h1>
      <div className="admin-split">
        <section className="admin-panel" aria-labelledby="agency-tree-heading">
          <h2 id="agency-tree-heading">{at("agencies.tree")}</h2>
          <Tree
            treeData={treeData as never}
            selectedKeys={selected ? [selected] : []}
            defaultExpandAll
            onSelect={(keys) => keys[0] && setSelected(String(keys[0]))}
          />
          {level === "system" ? <NewAgency agencies={agencies} /> : null}
        </section>
        <div>{agency ? <AgencyEditor key={agency.id} agency={agency} /> : <p>{at("agencies.pick")}</p>}</div>
      </div>
    </>
  );
}

function AgencyEditor({ agency }: { agency: AdminAgency }) {
  const { at, known } = useAdminI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState({
    name: agency.name,
    shortName: agency.shortName ?? "",
    address: agency.address ?? "",
    phone: agency.phone ?? "",
    email: agency.email ?? "",
  });
  const [custom, setCustom] = useState(agency.workingIntervals !== null);
  const [intervals, setIntervals] = useState<WorkingInterval[]>(
    agency.workingIntervals ?? [
      { start: "07:00", end: "11:30" },
      { start: "13:30", end: "17:00" },
    ],
  );
  const save = useMutation({
    mutationFn: () =>
      adminApi.put(`/api/admin/agencies/${agency.id}`, {
        name: draft.name,
        shortName: draft.shortName || null,
        address: draft.address || null,
        phone: draft.phone || null,
        email: draft.email || null,
        workingIntervals: custom ? intervals : null,
      }),
    onSuccess: async () => {
      message.success(at("admin.saved"));
      await queryClient.invalidateQueries({ queryKey: adminKeys.agencies });
    },
  });
  const field = (key: keyof typeof draft, label: string) => (
    <AdminField key={key} label={label}>
      {(id) => (
        <Input id={id} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
      )}
    </AdminField>
  );
  return (
    <section className="admin-panel" aria-labelledby="agency-edit-heading">
      <h2 id="agency-edit-heading">
        {at("agencies.edit")}: {agency.name}
      </h2>
      <p>
        {at("agencies.code")}: <strong>{agency.code}</strong> · {at("agencies.level")}:{" "}
        {known("level", agency.level)}
      </p>
      <form
        className="admin-form"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        {field("name", at("agencies.name"))}
        {field("shortName", at("agencies.shortName"))}
        {field("address", at("agencies.address"))}
        {field("phone", at("agencies.phone"))}
        {field("email", at("agencies.email"))}
        <fieldset>
          <legend>{at("agencies.hours")}</legend>
          <Checkbox checked={!custom} onChange={(e) => setCustom(!e.target.checked)}>
            {at("agencies.hoursDefault")}
          </Checkbox>
          {custom
            ? intervals.map((interval, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: intervals have no identity beyond their position
                <div className="admin-row" key={index}>
                  <Input
                    aria-label={at("agencies.hoursStart", { n: index + 1 })}
                    value={interval.start}
                    style={{ width: 90 }}
                    onChange={(e) =>
                      setIntervals(
                        intervals.map((x, i) => (i === index ? { ...x, start: e.target.value } : x)),
                      )
                    }
                  />
                  –
                  <Input
                    aria-label={at("agencies.hoursEnd", { n: index + 1 })}
                    value={interval.end}
                    style={{ width: 90 }}
                    onChange={(e) =>
                      setIntervals(intervals.map((x, i) => (i === index ? { ...x, end: e.target.value } : x)))
                    }
                  />
                  <Button onClick={() => setIntervals(intervals.filter((_, i) => i !== index))}>
                    {at("admin.remove")}
                  </Button>
                </div>
              ))
            : null}
          {custom ? (
            <Button onClick={() => setIntervals([...intervals, { start: "", end: "" }])}>
              {at("agencies.addInterval")}
            </Button>
          ) : null}
        </fieldset>
        {save.error ? <ErrorAlert error={save.error} /> : null}
        <div className="admin-row">
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {at("admin.save")}
          </Button>
        </div>
      </form>
      <Units agency={agency} />
      <PaymentAccountPanel agency={agency} />
    </section>
  );
}

function Units({ agency }: { agency: AdminAgency }) {
  const { at, known } = useAdminI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [unit, setUnit] = useState({ code: "", name: "", kind: "professional" });
  const add = useMutation({
    mutationFn: () => adminApi.post(`/api/admin/agencies/${agency.id}/units`, unit),
    onSuccess: async () => {
      message.success(at("admin.saved"));
      setUnit({ code: "", name: "", kind: "professional" });
      await queryClient.invalidateQueries({ queryKey: adminKeys.agencies });
    },
  });
  return (
    <section aria-labelledby="units-heading">
      <h3 id="units-heading">{at("agencies.units")}</h3>
      <ul>
        {agency.units.map((u) => (
          <li key={u.id}>
            {u.code} — {u.name} ({known("unitKind", u.kind)})
          </li>
        ))}
      </ul>
      <form
        className="admin-row"
        onSubmit={(event) => {
          event.preventDefault();
          add.mutate();
        }}
      >
        <Input
          aria-label={at("agencies.unitCode")}
          placeholder={at("agencies.unitCode")}
          value={unit.code}
          style={{ width: 120 }}
          onChange={(e) => setUnit({ ...unit, code: e.target.value })}
        />
        <Input
          aria-label={at("agencies.unitName")}
          placeholder={at("agencies.unitName")}
          value={unit.name}
          style={{ width: 260 }}
          onChange={(e) => setUnit({ ...unit, name: e.target.value })}
        />
        <Select
          aria-label={at("agencies.unitKind")}
          value={unit.kind}
          style={{ width: 180 }}
          options={UNIT_KINDS.map((k) => ({ value: k, label: known("unitKind", k) }))}
          onChange={(kind) => setUnit({ ...unit, kind })}
        />
        <Button htmlType="submit" loading={add.isPending}>
          {at("agencies.addUnit")}
        </Button>
      </form>
      {add.error ? <ErrorAlert error={add.error} /> : null}
    </section>
  );
}

function NewAgency({ agencies }: { agencies: AdminAgency[] }) {
  const { at, known } = useAdminI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const empty = { code: "", name: "", level: "commune", parentId: "" };
  const [agency, setAgency] = useState(empty);
  const add = useMutation({
    mutationFn: () => adminApi.post("/api/admin/agencies", { ...agency, parentId: agency.parentId || null }),
    onSuccess: async () => {
      message.success(at("admin.saved"));
      setAgency(empty);
      await queryClient.invalidateQueries({ queryKey: adminKeys.agencies });
    },
  });
  return (
    <form
      aria-labelledby="new-agency-heading"
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate();
      }}
    >
      <h3 id="new-agency-heading">{at("agencies.new")}</h3>
      <div className="admin-row">
        <Input
          aria-label={at("agencies.code")}
          placeholder={at("agencies.code")}
          value={agency.code}
          onChange={(e) => setAgency({ ...agency, code: e.target.value })}
        />
        <Input
          aria-label={at("agencies.name")}
          placeholder={at("agencies.name")}
          value={agency.name}
          onChange={(e) => setAgency({ ...agency, name: e.target.value })}
        />
        <Select
          aria-label={at("agencies.level")}
          value={agency.level}
          style={{ width: 160 }}
          options={["province", "department", "commune", "other"].map((l) => ({
            value: l,
            label: known("level", l),
          }))}
          onChange={(level) => setAgency({ ...agency, level })}
        />
        <Select
          aria-label={at("agencies.parent")}
          value={agency.parentId}
          style={{ width: 240 }}
          options={[{ value: "", label: "—" }, ...agencies.map((a) => ({ value: a.id, label: a.name }))]}
          onChange={(parentId) => setAgency({ ...agency, parentId })}
        />
        <Button htmlType="submit" loading={add.isPending}>
          {at("admin.add")}
        </Button>
      </div>
      {add.error ? <ErrorAlert error={add.error} /> : null}
    </form>
  );
}
