import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "antd";
import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { api } from "../../api/client.ts";
import { ErrorAlert } from "../../app/ui.tsx";
import { usePaymentsI18n } from "./paymentsI18n.ts";

interface FeeLine {
  code: string | null;
  name: string;
  amount: number;
  exemptReason?: string;
  basis?: string;
}

interface Receipt {
  id: string;
  series: string;
  number: string;
  amount: number;
  amountInWords: string;
  issuedAt: string;
  verificationCode: string;
  cancelled: boolean;
  pdfUrl: string;
}

interface Fees {
  owed: { purpose: "submission" | "processing"; total: number; lines: FeeLine[] } | null;
  receipts: Receipt[];
}

interface StartedPayment {
  paymentRequestId: string;
  amount: number;
  currency: "VND";
  redirectUrl: string;
  vietQr: string;
}

/**
 * The applicant's fees (R-FEE-1, R-FEE-6, R-FEE-3): the amount owed with its breakdown before paying, the online
 * payment (the platform's page, or a VietQR code for a banking app) and the e-receipts to download. The dossier is
 * marked paid only by the platform's confirmation, so the panel waits for it rather than trusting the return.
 */
export function FeesPanel({ dossierId, version }: { dossierId: string; version: number }) {
  const { ft, money, dateTime } = usePaymentsI18n();
  const queryClient = useQueryClient();
  const [started, setStarted] = useState<StartedPayment | null>(null);
  const [qrSvg, setQrSvg] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const returned = new URLSearchParams(window.location.search).has("paymentRequestId");
  const query = useQuery({
    queryKey: ["dossier-fees", dossierId, version],
    queryFn: () => api.get<Fees>(`/api/citizen/dossiers/${dossierId}/fees`),
    // Back from the platform, or a payment started: wait for the platform's confirmation.
    refetchInterval: (q) => ((started || returned) && q.state.data?.owed ? 2000 : false),
  });
  const receiptsCount = query.data?.receipts.length ?? 0;
  useEffect(() => {
    if (receiptsCount > 0) void queryClient.invalidateQueries({ queryKey: ["dossier", dossierId] });
  }, [receiptsCount, dossierId, queryClient]);
  useEffect(() => {
    if (!started) return;
    void QRCode.toString(started.vietQr, { type: "svg", margin: 2, errorCorrectionLevel: "M" }).then(
      setQrSvg,
    );
  }, [started]);
  if (query.isPending) return null;
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const { owed, receipts } = query.data;
  if (!owed && receipts.length === 0) return null;

  const pay = async () => {
    setBusy(true);
    setError(null);
    try {
      setStarted(await api.post<StartedPayment>(`/api/citizen/dossiers/${dossierId}/payments`, {}));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section" aria-labelledby="dossier-fees">
      <h2 id="dossier-fees">{ft("fees.title")}</h2>
      {owed ? (
        <>
          <p>{ft(owed.purpose === "submission" ? "fees.owedAtSubmission" : "fees.owedInProcessing")}</p>
          <div>
            <table style={{ width: "100%", tableLayout: "fixed", overflowWrap: "anywhere" }}>
              <thead>
                <tr>
                  <th scope="col">{ft("fees.item")}</th>
                  <th scope="col">{ft("fees.basis")}</th>
                  <th scope="col">{ft("fees.amount")}</th>
                </tr>
              </thead>
              <tbody>
                {owed.lines.map((line, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: lines may share a name
                  <tr key={index}>
                    <td>{line.name}</td>
                    <td>
                      {line.exemptReason
                        ? ft("fees.exempt", { reason: line.exemptReason })
                        : (line.basis ?? "")}
                    </td>
                    <td>{money(line.amount)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={2}>
                    {ft("fees.total")}
                  </th>
                  <td>
                    <strong>{money(owed.total)}</strong>
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
          {error ? <ErrorAlert error={error} /> : null}
          {started ? (
            <div>
              <p>
                <a className="ant-btn ant-btn-primary" href={started.redirectUrl}>
                  {ft("fees.pay")}: {money(started.amount)}
                </a>
              </p>
              <p className="muted">{ft("fees.vietQr")}</p>
              {qrSvg ? (
                <img
                  src={`data:image/svg+xml;utf8,${encodeURIComponent(qrSvg)}`}
                  alt={ft("fees.vietQrAlt", { amount: money(started.amount) })}
                  width={180}
                  height={180}
                />
              ) : null}
              <p className="muted" role="status">
                {ft("fees.waiting")}
              </p>
            </div>
          ) : (
            <p>
              <Button type="primary" onClick={() => void pay()} loading={busy}>
                {ft("fees.pay")}: {money(owed.total)}
              </Button>
            </p>
          )}
          {returned && !started ? (
            <p className="muted" role="status">
              {ft("fees.waiting")}
            </p>
          ) : null}
        </>
      ) : null}
      {receipts.length > 0 ? (
        <>
          <h3>{ft("fees.receipts")}</h3>
          <ul className="plain-list">
            {receipts.map((receipt) => (
              <li key={receipt.id}>
                {ft("fees.receipt", {
                  series: receipt.series,
                  number: receipt.number,
                  amount: money(receipt.amount),
                  words: receipt.amountInWords,
                  at: dateTime(receipt.issuedAt),
                })}
                {receipt.cancelled ? ` (${ft("fees.receiptCancelled")})` : ""}{" "}
                <a href={receipt.pdfUrl} download>
                  {ft("fees.download", { series: receipt.series, number: receipt.number })}
                </a>
                <div className="muted">{ft("fees.verifyCode", { code: receipt.verificationCode })}</div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
