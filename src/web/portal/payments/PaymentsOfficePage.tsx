import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Input } from "antd";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { ErrorAlert, Loading } from "../../app/ui.tsx";
import { usePageTitle } from "../../i18n/i18n.tsx";
import { usePaymentsI18n } from "./paymentsI18n.ts";

interface HeldPayment {
  id: string;
  transactionId: string;
  dossierCode: string;
  amount: number;
  currency: string;
  requestedAmount: number | null;
  heldReason: string | null;
  resolution: string | null;
}

interface Difference {
  id: string;
  day: string;
  kind: "unknownHere" | "missingThere" | "amountMismatch";
  transactionId: string;
  dossierCode: string | null;
  statementAmount: number | null;
  recordedAmount: number | null;
  resolution: string | null;
  resolvedBy: string | null;
}

const vietnamDay = (at: Date) => new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

/**
 * The office's payments page (R-FEE-6, R-FEE-2): online payments held for an officer (wrong amount, paid twice…) and
 * the reconciliation differences of the officer's agency, each closed with a reason; the Excel reports.
 */
export function PaymentsOfficePage() {
  const { ft, money } = usePaymentsI18n();
  usePageTitle(ft("office.title"));
  const today = vietnamDay(new Date());
  const from = vietnamDay(new Date(Date.now() - 31 * 86_400_000));
  const held = useQuery({
    queryKey: ["payments-held"],
    queryFn: () => api.get<HeldPayment[]>("/api/office/payments/held"),
  });
  const differences = useQuery({
    queryKey: ["reconciliation-differences", from, today],
    queryFn: () => api.get<Difference[]>(`/api/office/reconciliation/differences?from=${from}&to=${today}`),
  });
  const yesterday = vietnamDay(new Date(Date.now() - 86_400_000));
  const month = today.slice(0, 7);
  return (
    <>
      <h1>{ft("office.title")}</h1>
      <section className="section" aria-labelledby="held-payments">
        <h2 id="held-payments">{ft("office.held")}</h2>
        {held.isPending ? <Loading /> : null}
        {held.error ? <ErrorAlert error={held.error} /> : null}
        {held.data && held.data.length === 0 ? <p>{ft("office.heldNone")}</p> : null}
        {held.data && held.data.length > 0 ? (
          <table style={{ width: "100%", tableLayout: "fixed", overflowWrap: "anywhere" }}>
            <thead>
              <tr>
                <th scope="col">{ft("office.transaction")}</th>
                <th scope="col">{ft("office.dossier")}</th>
                <th scope="col">{ft("office.paid")}</th>
                <th scope="col">{ft("office.requested")}</th>
                <th scope="col">{ft("office.reasonHeld")}</th>
                <th scope="col">{ft("office.resolution")}</th>
              </tr>
            </thead>
            <tbody>
              {held.data.map((row) => (
                <tr key={row.id}>
                  <td>{row.transactionId}</td>
                  <td>{row.dossierCode}</td>
                  <td>{row.currency === "VND" ? money(row.amount) : `${row.amount} ${row.currency}`}</td>
                  <td>{row.requestedAmount === null ? "" : money(row.requestedAmount)}</td>
                  <td>{row.heldReason ? ft(`held.${row.heldReason}` as "held.amountMismatch") : ""}</td>
                  <td>
                    {row.resolution ?? (
                      <Resolve
                        id={row.transactionId}
                        url={`/api/office/payments/${row.id}/resolve`}
                        queryKey="payments-held"
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section className="section" aria-labelledby="differences">
        <h2 id="differences">{ft("office.differences")}</h2>
        {differences.isPending ? <Loading /> : null}
        {differences.error ? <ErrorAlert error={differences.error} /> : null}
        {differences.data && differences.data.length === 0 ? <p>{ft("office.differencesNone")}</p> : null}
        {differences.data && differences.data.length > 0 ? (
          <table style={{ width: "100%", tableLayout: "fixed", overflowWrap: "anywhere" }}>
            <thead>
              <tr>
                <th scope="col">{ft("office.day")}</th>
                <th scope="col">{ft("office.kind")}</th>
                <th scope="col">{ft("office.transaction")}</th>
                <th scope="col">{ft("office.statement")}</th>
                <th scope="col">{ft("office.recorded")}</th>
                <th scope="col">{ft("office.resolution")}</th>
              </tr>
            </thead>
            <tbody>
              {differences.data.map((row) => (
                <tr key={row.id}>
                  <td>{row.day}</td>
                  <td>{ft(`kind.${row.kind}`)}</td>
                  <td>
                    {row.transactionId}
                    {row.dossierCode ? ` (${row.dossierCode})` : ""}
                  </td>
                  <td>{row.statementAmount === null ? "" : money(row.statementAmount)}</td>
                  <td>{row.recordedAmount === null ? "" : money(row.recordedAmount)}</td>
                  <td>
                    {row.resolution ? (
                      `${row.resolution}${row.resolvedBy ? ` — ${row.resolvedBy}` : ""}`
                    ) : (
                      <Resolve
                        id={row.transactionId}
                        url={`/api/office/reconciliation/differences/${row.id}/resolve`}
                        queryKey="reconciliation-differences"
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section className="section" aria-labelledby="reports">
        <h2 id="reports">{ft("office.reports")}</h2>
        <ul className="plain-list">
          <li>
            <a href={`/api/office/reconciliation/report.xlsx?day=${yesterday}`} download>
              {ft("office.reportDay", { day: yesterday })}
            </a>
          </li>
          <li>
            <a href={`/api/office/reconciliation/report.xlsx?month=${month}`} download>
              {ft("office.reportMonth", { month })}
            </a>
          </li>
        </ul>
      </section>
    </>
  );
}

function Resolve({ id, url, queryKey }: { id: string; url: string; queryKey: string }) {
  const { ft } = usePaymentsI18n();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post(url, { reason });
      await queryClient.invalidateQueries({ queryKey: [queryKey] });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <Input.TextArea
        aria-label={ft("office.reason", { id })}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        autoSize
      />
      {error ? <ErrorAlert error={error} /> : null}
      <Button onClick={() => void send()} loading={busy} disabled={reason.trim().length < 3}>
        {ft("office.resolve")}
      </Button>
    </div>
  );
}
