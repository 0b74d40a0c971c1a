import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Input } from "antd";
import { useState } from "react";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { useI18n } from "../i18n/i18n.tsx";
import { AdminField } from "./AdminField.tsx";
import { type AdminAgency, adminApi } from "./adminApi.ts";

/**
 * The agency's receiving account for online payments (issue #15, R-FEE-6), on the agencies page: empty fields mean the
 * account derived from the agency's code, shown as what applies now.
 */
interface AccountView {
  configured: { accountNumber: string | null; bankBin: string | null; accountName: string | null };
  effective: { accountNumber: string; bankBin: string; accountName: string };
  derived: boolean;
}

const TEXT = {
  vi: {
    title: "Tài khoản nhận tiền thanh toán trực tuyến",
    help: "Để trống cả ba ô: dùng tài khoản mặc định của cơ quan.",
    accountNumber: "Số tài khoản",
    bankBin: "Mã ngân hàng (BIN, 6 chữ số)",
    accountName: "Tên tài khoản",
    inForce: "Đang áp dụng: {number} tại ngân hàng {bin} ({name}){derived}",
    derived: " — tài khoản mặc định",
    save: "Lưu tài khoản",
    saved: "Đã lưu tài khoản nhận tiền",
  },
  en: {
    title: "Receiving account for online payments",
    help: "Leave all three empty to use the agency's default account.",
    accountNumber: "Account number",
    bankBin: "Bank identifier (BIN, 6 digits)",
    accountName: "Account name",
    inForce: "In force: {number} at bank {bin} ({name}){derived}",
    derived: " — default account",
    save: "Save account",
    saved: "Receiving account saved",
  },
};

export function PaymentAccountPanel({ agency }: { agency: AdminAgency }) {
  const { lang } = useI18n();
  const tx = (key: keyof (typeof TEXT)["vi"], vars: Record<string, string> = {}) =>
    TEXT[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? "");
  const path = `/api/admin/agencies/${agency.id}/payment-account`;
  const queryKey = ["admin", "paymentAccount", agency.id];
  const query = useQuery({ queryKey, queryFn: () => adminApi.get<AccountView>(path) });
  return (
    <section className="admin-panel" aria-labelledby="payment-account-heading">
      <h2 id="payment-account-heading">{tx("title")}</h2>
      {query.isPending ? <Loading /> : null}
      {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data ? (
        <AccountForm
          key={JSON.stringify(query.data.configured)}
          view={query.data}
          path={path}
          queryKey={queryKey}
          tx={tx}
        />
      ) : null}
    </section>
  );
}

function AccountForm({
  view,
  path,
  queryKey,
  tx,
}: {
  view: AccountView;
  path: string;
  queryKey: string[];
  tx: (key: keyof (typeof TEXT)["vi"], vars?: Record<string, string>) => string;
}) {
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const [draft, setDraft] = useState({
    accountNumber: view.configured.accountNumber ?? "",
    bankBin: view.configured.bankBin ?? "",
    accountName: view.configured.accountName ?? "",
  });
  const save = useMutation({
    mutationFn: () =>
      adminApi.put<AccountView>(path, {
        accountNumber: draft.accountNumber.trim() || null,
        bankBin: draft.bankBin.trim() || null,
        accountName: draft.accountName.trim() || null,
      }),
    onSuccess: () => {
      message.success(tx("saved"));
      void client.invalidateQueries({ queryKey });
    },
  });
  const field = (key: keyof typeof draft) => (
    <AdminField label={tx(key)}>
      {(id) => (
        <Input id={id} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
      )}
    </AdminField>
  );
  return (
    <form
      className="admin-form"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <p>
        {tx("inForce", {
          number: view.effective.accountNumber,
          bin: view.effective.bankBin,
          name: view.effective.accountName,
          derived: view.derived ? tx("derived") : "",
        })}
      </p>
      <p>{tx("help")}</p>
      {field("accountNumber")}
      {field("bankBin")}
      {field("accountName")}
      {save.error ? <ErrorAlert error={save.error} /> : null}
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {tx("save")}
      </Button>
    </form>
  );
}
