import { useQuery } from "@tanstack/react-query";
import { Alert } from "antd";
import { useParams } from "react-router";
import { api } from "../../api/client.ts";
import { ErrorAlert, Loading } from "../../app/ui.tsx";
import { usePageTitle } from "../../i18n/i18n.tsx";
import { usePaymentsI18n } from "./paymentsI18n.ts";

interface PublicReceipt {
  valid: boolean;
  agencyName: string;
  series: string;
  number: string;
  dossierCode: string;
  amount: number;
  amountInWords: string;
  issuedAt: string;
}

/** What an e-receipt's QR code opens (R-FEE-3): the receipt's public facts, and whether it still stands. */
export default function ReceiptCheckPage() {
  const { code = "" } = useParams();
  const { ft, money, dateTime } = usePaymentsI18n();
  usePageTitle(ft("check.title"));
  const query = useQuery({
    queryKey: ["receipt-check", code],
    queryFn: () => api.get<PublicReceipt>(`/api/public/receipts/${encodeURIComponent(code)}`),
    retry: false,
  });
  return (
    <>
      <h1>{ft("check.title")}</h1>
      {query.isPending ? <Loading /> : null}
      {query.error ? <ErrorAlert error={query.error} /> : null}
      {query.data ? (
        <>
          <Alert
            type={query.data.valid ? "success" : "warning"}
            showIcon
            message={ft(query.data.valid ? "check.valid" : "check.cancelled")}
          />
          <dl className="dl-grid">
            <dt>{ft("check.agency")}</dt>
            <dd>{query.data.agencyName}</dd>
            <dt>{ft("check.number")}</dt>
            <dd>
              {query.data.series}-{query.data.number}
            </dd>
            <dt>{ft("check.dossier")}</dt>
            <dd>{query.data.dossierCode}</dd>
            <dt>{ft("check.amount")}</dt>
            <dd>
              {money(query.data.amount)} ({query.data.amountInWords})
            </dd>
            <dt>{ft("check.issuedAt")}</dt>
            <dd>{dateTime(query.data.issuedAt)}</dd>
          </dl>
        </>
      ) : null}
    </>
  );
}
