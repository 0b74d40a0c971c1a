import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Input, InputNumber, Select, Table } from "antd";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { useI18n, usePageTitle } from "../i18n/i18n.tsx";
import { AdminField } from "./AdminField.tsx";
import { adminApi } from "./adminApi.ts";

/**
 * An offering's fees and charges (issue #15, R-FEE-1): the catalog's items, the province's rules and the agency's
 * local items (the amounts the law leaves to the province), with what applies now; the agency administrator adds and
 * removes local items (/quan-tri/thu-tuc/:id/phi-le-phi). The server checks every rule.
 */
type Rule =
  | { kind: "fixed"; amount: number }
  | { kind: "perUnit"; field: string; tiers: { upTo?: number; amount: number }[]; max?: number }
  | { kind: "lookup"; field: string; table: Record<string, number>; otherwise?: number };
interface Exemption {
  field: string;
  in: (string | number | boolean)[];
  reason: string;
}
interface FeesView {
  offering: { id: string; agency: { name: string }; procedure: { code: string; name: string } };
  items: { id: string; scope: "province" | "agency"; code: string; name: string; rule: Rule; due: string }[];
  effective: {
    code: string;
    name: string;
    rule: Rule;
    exemptions: Exemption[];
    due: string;
    source: string;
  }[];
}

const TEXT = {
  vi: {
    title: "Phí, lệ phí của thủ tục",
    back: "Quay lại danh sách thủ tục",
    inForce: "Các khoản đang áp dụng",
    local: "Khoản phí do tỉnh, cơ quan quy định",
    add: "Thêm khoản phí của cơ quan",
    name: "Tên khoản",
    code: "Mã khoản (chữ không dấu, số)",
    how: "Cách tính",
    fixed: "Số tiền cố định",
    perUnit: "Theo số lượng (một trường của tờ khai)",
    lookup: "Theo giá trị một trường của tờ khai",
    amount: "Số tiền (đồng)",
    unitAmount: "Số tiền mỗi đơn vị (đồng)",
    max: "Tối đa (đồng, để trống: không giới hạn)",
    field: "Tên trường của tờ khai",
    table: "Bảng giá: mỗi dòng “giá trị = số tiền”",
    exemptField: "Miễn cho: tên trường (để trống: không miễn)",
    exemptValues: "Các giá trị được miễn, cách nhau dấu phẩy",
    exemptReason: "Lý do miễn",
    due: "Thời điểm nộp",
    submission: "Khi nộp hồ sơ",
    processing: "Khi cơ quan yêu cầu trong quá trình giải quyết",
    source: "Nguồn",
    catalog: "Danh mục thủ tục quốc gia",
    province: "Tỉnh",
    agency: "Cơ quan",
    save: "Thêm",
    saved: "Đã lưu khoản phí",
    remove: "Bỏ",
    removed: "Đã bỏ khoản phí",
    none: "Chưa có khoản nào",
    perUnitText: "{amount} đ mỗi đơn vị ({field})",
    lookupText: "Theo {field}",
    dong: "{amount} đ",
  },
  en: {
    title: "Fees and charges of the procedure",
    back: "Back to the procedures",
    inForce: "Items in force",
    local: "Items set by the province or the agency",
    add: "Add an item of the agency",
    name: "Item name",
    code: "Item code (plain letters, digits)",
    how: "How it is worked out",
    fixed: "Fixed amount",
    perUnit: "Per unit (a form field)",
    lookup: "By the value of a form field",
    amount: "Amount (VND)",
    unitAmount: "Amount per unit (VND)",
    max: "At most (VND, empty: no limit)",
    field: "Form field name",
    table: "Price table: one line “value = amount” each",
    exemptField: "Exempt: field name (empty: no exemption)",
    exemptValues: "Exempt values, separated by commas",
    exemptReason: "Reason for the exemption",
    due: "When it is owed",
    submission: "With the submission",
    processing: "When the agency asks during processing",
    source: "Source",
    catalog: "National procedure catalog",
    province: "Province",
    agency: "Agency",
    save: "Add",
    saved: "Fee item saved",
    remove: "Remove",
    removed: "Fee item removed",
    none: "No items yet",
    perUnitText: "{amount} VND per unit ({field})",
    lookupText: "By {field}",
    dong: "{amount} VND",
  },
};
type Key = keyof (typeof TEXT)["vi"];

function useText() {
  const { lang } = useI18n();
  return (key: Key, vars: Record<string, string | number> = {}) =>
    TEXT[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ""));
}

function describeRule(tx: ReturnType<typeof useText>, rule: Rule, lang: string): string {
  const money = (n: number) => n.toLocaleString(lang === "vi" ? "vi-VN" : "en-US");
  if (rule.kind === "fixed") return tx("dong", { amount: money(rule.amount) });
  if (rule.kind === "perUnit")
    return tx("perUnitText", { amount: money(rule.tiers[0]?.amount ?? 0), field: rule.field });
  return `${tx("lookupText", { field: rule.field })}: ${Object.entries(rule.table)
    .map(([value, amount]) => `${value} → ${money(amount)}`)
    .join("; ")}`;
}

export function OfferingFeesPage() {
  const { id = "" } = useParams();
  const tx = useText();
  const { lang } = useI18n();
  usePageTitle(tx("title"));
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const path = `/api/admin/offerings/${id}/fees`;
  const queryKey = ["admin", "fees", id];
  const query = useQuery({ queryKey, queryFn: () => adminApi.get<FeesView>(path) });
  const remove = useMutation({
    mutationFn: (itemId: string) => adminApi.delete<unknown>(`${path}/${itemId}`),
    onSuccess: () => {
      message.success(tx("removed"));
      void client.invalidateQueries({ queryKey });
    },
  });
  const sourceText = (source: string) =>
    tx(source === "agency" ? "agency" : source === "province" ? "province" : "catalog");
  return (
    <>
      <p>
        <Link to="/quan-tri/thu-tuc">{tx("back")}</Link>
      </p>
      <h1>{tx("title")}</h1>
      {query.isPending ? <Loading /> : null}
      {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data ? (
        <>
          <p>
            {query.data.offering.procedure.name} — {query.data.offering.agency.name}
          </p>
          <h2>{tx("inForce")}</h2>
          <Table
            rowKey="code"
            pagination={false}
            locale={{ emptyText: tx("none") }}
            dataSource={query.data.effective}
            columns={[
              { title: tx("name"), dataIndex: "name" },
              { title: tx("how"), render: (_, item) => describeRule(tx, item.rule, lang) },
              {
                title: tx("due"),
                render: (_, item) => tx(item.due === "submission" ? "submission" : "processing"),
              },
              { title: tx("source"), render: (_, item) => sourceText(item.source) },
            ]}
          />
          <h2>{tx("local")}</h2>
          <Table
            rowKey="id"
            pagination={false}
            locale={{ emptyText: tx("none") }}
            dataSource={query.data.items}
            columns={[
              { title: tx("name"), dataIndex: "name" },
              { title: tx("how"), render: (_, item) => describeRule(tx, item.rule, lang) },
              { title: tx("source"), render: (_, item) => sourceText(item.scope) },
              {
                title: "",
                render: (_, item) =>
                  item.scope === "agency" ? (
                    <Button
                      size="small"
                      danger
                      loading={remove.isPending}
                      onClick={() => remove.mutate(item.id)}
                    >
                      {tx("remove")}
                      <span className="visually-hidden"> {item.name}</span>
                    </Button>
                  ) : null,
              },
            ]}
          />
          {remove.error ? <ErrorAlert error={remove.error} /> : null}
          <h2>{tx("add")}</h2>
          <AddFeeItem path={path} onSaved={() => void client.invalidateQueries({ queryKey })} />
        </>
      ) : null}
    </>
  );
}

function AddFeeItem({ path, onSaved }: { path: string; onSaved: () => void }) {
  const tx = useText();
  const { message } = AntApp.useApp();
  const [name, setName] = useState("");
  const [code, setCode] = useState("");
  const [kind, setKind] = useState<Rule["kind"]>("fixed");
  const [amount, setAmount] = useState<number | null>(null);
  const [max, setMax] = useState<number | null>(null);
  const [field, setField] = useState("");
  const [table, setTable] = useState("");
  const [due, setDue] = useState<"submission" | "processing">("submission");
  const [exemptField, setExemptField] = useState("");
  const [exemptValues, setExemptValues] = useState("");
  const [exemptReason, setExemptReason] = useState("");
  const rule = (): unknown => {
    if (kind === "fixed") return { kind, amount };
    if (kind === "perUnit") return { kind, field, tiers: [{ amount }], ...(max === null ? {} : { max }) };
    const entries = table
      .split("\n")
      .map((line) => line.split("="))
      .filter((parts) => parts.length === 2)
      .map(([value, price]) => [value!.trim(), Number(price!.trim())]);
    return { kind, field, table: Object.fromEntries(entries) };
  };
  const save = useMutation({
    mutationFn: () =>
      adminApi.post<unknown>(path, {
        code,
        name,
        rule: rule(),
        due,
        exemptions: exemptField.trim()
          ? [
              {
                field: exemptField.trim(),
                in: exemptValues
                  .split(",")
                  .map((v) => v.trim())
                  .filter(Boolean)
                  .map((v) => (v === "true" ? true : v === "false" ? false : v)),
                reason: exemptReason,
              },
            ]
          : [],
      }),
    onSuccess: () => {
      message.success(tx("saved"));
      setName("");
      setCode("");
      onSaved();
    },
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <AdminField label={tx("name")}>
        {(id) => <Input id={id} value={name} onChange={(e) => setName(e.target.value)} />}
      </AdminField>
      <AdminField label={tx("code")}>
        {(id) => <Input id={id} value={code} onChange={(e) => setCode(e.target.value)} />}
      </AdminField>
      <AdminField label={tx("how")}>
        {(id) => (
          <Select
            id={id}
            value={kind}
            onChange={(value) => setKind(value)}
            options={(["fixed", "perUnit", "lookup"] as const).map((k) => ({ value: k, label: tx(k) }))}
          />
        )}
      </AdminField>
      {kind !== "fixed" ? (
        <AdminField label={tx("field")}>
          {(id) => <Input id={id} value={field} onChange={(e) => setField(e.target.value)} />}
        </AdminField>
      ) : null}
      {kind === "lookup" ? (
        <AdminField label={tx("table")}>
          {(id) => (
            <Input.TextArea id={id} rows={3} value={table} onChange={(e) => setTable(e.target.value)} />
          )}
        </AdminField>
      ) : (
        <AdminField label={tx(kind === "fixed" ? "amount" : "unitAmount")}>
          {(id) => (
            <InputNumber
              id={id}
              min={0}
              precision={0}
              value={amount}
              onChange={(v) => setAmount(v ?? null)}
            />
          )}
        </AdminField>
      )}
      {kind === "perUnit" ? (
        <AdminField label={tx("max")}>
          {(id) => (
            <InputNumber id={id} min={0} precision={0} value={max} onChange={(v) => setMax(v ?? null)} />
          )}
        </AdminField>
      ) : null}
      <AdminField label={tx("due")}>
        {(id) => (
          <Select
            id={id}
            value={due}
            onChange={(value) => setDue(value)}
            options={(["submission", "processing"] as const).map((k) => ({ value: k, label: tx(k) }))}
          />
        )}
      </AdminField>
      <AdminField label={tx("exemptField")}>
        {(id) => <Input id={id} value={exemptField} onChange={(e) => setExemptField(e.target.value)} />}
      </AdminField>
      {exemptField.trim() ? (
        <>
          <AdminField label={tx("exemptValues")}>
            {(id) => <Input id={id} value={exemptValues} onChange={(e) => setExemptValues(e.target.value)} />}
          </AdminField>
          <AdminField label={tx("exemptReason")}>
            {(id) => <Input id={id} value={exemptReason} onChange={(e) => setExemptReason(e.target.value)} />}
          </AdminField>
        </>
      ) : null}
      {save.error ? <ErrorAlert error={save.error} /> : null}
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {tx("save")}
      </Button>
    </form>
  );
}
