import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Checkbox, Input, InputNumber, Modal, Select, Switch, Table } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { ErrorAlert } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { AdminField } from "./AdminField.tsx";
import {
  type AdminOffering,
  type AdminOfferingSummary,
  adminApi,
  adminKeys,
  type TimeLimit,
} from "./adminApi.ts";
import { useAdminI18n } from "./adminI18n.ts";
import { OfferingAssuranceField } from "./OfferingAssuranceField.tsx";

const CHANNELS = ["counter", "online", "postal"] as const;

/** Procedures the agencies in scope offer: level, channels, time limit; links to the e-form and workflow editors. */
export function OfferingsPage() {
  const { at, known } = useAdminI18n();
  usePageTitle(at("offerings.title"));
  const [search, setSearch] = useState("");
  const [q, setQ] = useState("");
  const [editing, setEditing] = useState<AdminOfferingSummary | null>(null);
  const offerings = useQuery({
    queryKey: adminKeys.offerings(q),
    queryFn: () =>
      adminApi.get<AdminOfferingSummary[]>(`/api/admin/offerings${q ? `?q=${encodeURIComponent(q)}` : ""}`),
  });
  const limitText = (limit: TimeLimit | null) =>
    limit ? `${limit.amount} ${known("timeUnit", limit.unit)}` : at("offerings.noLimit");
  return (
    <>
      <h1>{at("offerings.title")}</h1>
      <form
        className="admin-row"
        onSubmit={(event) => {
          event.preventDefault();
          setQ(search.trim());
        }}
      >
        <Input
          aria-label={at("offerings.search")}
          placeholder={at("offerings.search")}
          value={search}
          style={{ width: 320 }}
          onChange={(e) => setSearch(e.target.value)}
        />
        <Button htmlType="submit">{at("admin.search")}</Button>
      </form>
      {offerings.error ? (
        <ErrorAlert error={offerings.error} onRetry={() => void offerings.refetch()} />
      ) : null}
      <Table<AdminOfferingSummary>
        rowKey="id"
        loading={offerings.isPending}
        dataSource={offerings.data ?? []}
        pagination={{ pageSize: 25, hideOnSinglePage: true }}
        caption={<span className="visually-hidden">{at("offerings.caption")}</span>}
        columns={[
          {
            title: at("offerings.procedure"),
            render: (_, o) => (
              <>
                <strong>{o.procedure.code}</strong> {o.procedure.name}
              </>
            ),
          },
          { title: at("offerings.agency"), render: (_, o) => o.agency.name },
          {
            title: at("offerings.enabled"),
            render: (_, o) => (o.enabled ? at("admin.yes") : at("admin.no")),
          },
          { title: at("offerings.onlineLevel"), render: (_, o) => known("online", o.onlineLevel) },
          {
            title: at("offerings.channels"),
            render: (_, o) => o.channels.map((c) => known("channel", c)).join(", "),
          },
          { title: at("offerings.timeLimit"), render: (_, o) => limitText(o.timeLimit) },
          {
            title: at("offerings.form"),
            render: (_, o) => (o.hasForm ? at("offerings.formCustom") : at("offerings.formDefault")),
          },
          {
            title: at("admin.actions"),
            render: (_, o) => (
              <div className="admin-row">
                <Button size="small" onClick={() => setEditing(o)}>
                  {at("admin.edit")}
                  <span className="visually-hidden"> {o.procedure.code}</span>
                </Button>
                <Link to={`/quan-tri/thu-tuc/${o.id}/bieu-mau`}>
                  {at("offerings.editForm")}
                  <span className="visually-hidden"> {o.procedure.code}</span>
                </Link>
                <Link to={`/quan-tri/thu-tuc/${o.id}/quy-trinh`}>
                  {at("offerings.workflow")}
                  <span className="visually-hidden"> {o.procedure.code}</span>
                </Link>
                <Link to={`/quan-tri/thu-tuc/${o.id}/tuy-chon`}>
                  {at("offerings.ruleOptions")}
                  <span className="visually-hidden"> {o.procedure.code}</span>
                </Link>
                <Link to={`/quan-tri/thu-tuc/${o.id}/phi-le-phi`}>
                  {at("offerings.feeSettings")}
                  <span className="visually-hidden"> {o.procedure.code}</span>
                </Link>
              </div>
            ),
          },
        ]}
      />
      {editing ? <EditOffering offering={editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}

function EditOffering({ offering, onClose }: { offering: AdminOfferingSummary; onClose: () => void }) {
  const { at, known } = useAdminI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState({
    enabled: offering.enabled,
    onlineLevel: offering.onlineLevel,
    channels: offering.channels as string[],
    useLimit: offering.timeLimit !== null,
    amount: offering.timeLimit?.amount ?? offering.procedure.legalTime?.amount ?? 1,
    unit: offering.timeLimit?.unit ?? offering.procedure.legalTime?.unit ?? "wd",
  });
  const save = useMutation({
    mutationFn: () =>
      adminApi.put(`/api/admin/offerings/${offering.id}`, {
        enabled: draft.enabled,
        onlineLevel: draft.onlineLevel,
        channels: CHANNELS.filter((c) => draft.channels.includes(c)),
        timeLimit: draft.useLimit ? { amount: draft.amount, unit: draft.unit } : null,
      }),
    onSuccess: async () => {
      message.success(at("admin.saved"));
      await queryClient.invalidateQueries({ queryKey: ["admin", "offerings"] });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={at("offerings.editTitle", { code: offering.procedure.code })}
      okText={at("admin.save")}
      cancelText={at("admin.cancel")}
      confirmLoading={save.isPending}
      onOk={() => save.mutate()}
      onCancel={onClose}
    >
      <div className="admin-form">
        <p>{offering.procedure.name}</p>
        <AdminField label={at("offerings.enabled")} inline>
          {(id) => (
            <Switch id={id} checked={draft.enabled} onChange={(enabled) => setDraft({ ...draft, enabled })} />
          )}
        </AdminField>
        <AdminField label={at("offerings.onlineLevel")}>
          {(id) => (
            <Select
              id={id}
              value={draft.onlineLevel}
              options={["full", "partial", "none"].map((l) => ({ value: l, label: known("online", l) }))}
              onChange={(onlineLevel) => setDraft({ ...draft, onlineLevel })}
            />
          )}
        </AdminField>
        <fieldset>
          <legend>{at("offerings.channels")}</legend>
          <Checkbox.Group
            value={draft.channels}
            options={CHANNELS.map((c) => ({ value: c, label: known("channel", c) }))}
            onChange={(channels) => setDraft({ ...draft, channels: channels as string[] })}
          />
        </fieldset>
        <fieldset>
          <legend>{at("offerings.timeLimit")}</legend>
          <p>{at("offerings.legalTime", { text: offering.procedure.legalTimeText || "—" })}</p>
          <Checkbox
            checked={draft.useLimit}
            onChange={(e) => setDraft({ ...draft, useLimit: e.target.checked })}
          >
            {at("offerings.useLimit")}
          </Checkbox>
          {draft.useLimit ? (
            <div className="admin-row">
              <InputNumber
                aria-label={at("offerings.amount")}
                min={0.5}
                step={0.5}
                value={draft.amount}
                onChange={(amount) => setDraft({ ...draft, amount: amount ?? 1 })}
              />
              <Select
                aria-label={at("offerings.unit")}
                value={draft.unit}
                style={{ width: 160 }}
                options={["wh", "wd", "d"].map((u) => ({ value: u, label: known("timeUnit", u) }))}
                onChange={(unit) => setDraft({ ...draft, unit })}
              />
            </div>
          ) : null}
        </fieldset>
        <OfferingAssuranceField offeringId={offering.id} />
        <CatalogFacts id={offering.id} />
        {save.error ? <ErrorAlert error={save.error} /> : null}
      </div>
    </Modal>
  );
}

/** The procedure's fees and dossier components, as the national catalog publishes them (R-CAT-1), for reference. */
function CatalogFacts({ id }: { id: string }) {
  const { at, lang } = useAdminI18n();
  const detail = useQuery({
    queryKey: adminKeys.offering(id),
    queryFn: () => adminApi.get<AdminOffering>(`/api/admin/offerings/${id}`),
  });
  if (!detail.data) return null;
  const money = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", {
    style: "currency",
    currency: "VND",
  });
  return (
    <>
      <h3>{at("offerings.fees")}</h3>
      <ul>
        {detail.data.fees.map((fee) => (
          <li key={fee.name}>
            {fee.name}: {money.format(fee.amountVnd)}
          </li>
        ))}
      </ul>
      <h3>{at("offerings.components")}</h3>
      <ul>
        {detail.data.components.map((component) => (
          <li key={component.name}>{component.name}</li>
        ))}
      </ul>
    </>
  );
}
