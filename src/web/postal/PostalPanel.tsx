import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App as AntApp, Button, Input } from "antd";
import { useEffect, useId, useRef, useState } from "react";
import { detailRow, ErrorAlert, Loading } from "../app/ui.tsx";
import {
  durationText,
  isSettled,
  orderableKinds,
  type PostalKind,
  type PostalOrder,
  postalKeys,
  type Recipient,
  watchState,
} from "./postalApi.ts";
import { recipientProblems, statusKey } from "./postalChecks.ts";
import { type PostalKey, usePostalI18n } from "./postalI18n.ts";
import { fetchPostalOrders, handOverToPost, orderPostal, quotePostal } from "./postalRequests.ts";
import "./postal.css";

/**
 * A dossier's postal services (issue #18, R-SUB-2, R-RES-3): its orders with their states (as the postal service's
 * webhooks report them) and fees; ordering a pickup at an address or the result by post, with the fee quoted first;
 * and, for the counter, handing the result to the post, which starts the 24-hour delivery watch. The orders are read
 * again every few seconds while one is still moving.
 */
export function PostalPanel({
  dossier,
  audience,
  canOrder,
  canHandOver,
  onDossierChanged,
}: {
  dossier: {
    id: string;
    status: number;
    version: number;
    applicant: { name: string | null; phone: string | null; address: string | null };
  };
  audience: "citizen" | "office";
  canOrder: boolean;
  canHandOver: boolean;
  onDossierChanged: () => Promise<void>;
}) {
  const { pt } = usePostalI18n();
  const query = useQuery({
    queryKey: postalKeys.orders(dossier.id),
    queryFn: () => fetchPostalOrders(dossier.id),
    refetchInterval: (current) =>
      current.state.data?.items.some((order) => !isSettled(order)) ? 5_000 : false,
  });
  const orders = query.data?.items ?? [];
  // Each state the post office reports is also an event of the dossier: its history is read again when one arrives.
  const states = orders.map((order) => `${order.id}:${order.status}:${order.watchLevel ?? ""}`).join(",");
  const seen = useRef<string | null>(null);
  const refreshDossier = useRef(onDossierChanged);
  refreshDossier.current = onDossierChanged;
  useEffect(() => {
    if (!query.isSuccess) return;
    if (seen.current !== null && seen.current !== states) void refreshDossier.current();
    seen.current = states;
  }, [states, query.isSuccess]);
  const kinds = canOrder ? orderableKinds(dossier.status, orders) : [];
  const handOver = canHandOver && dossier.status === 9;
  if (query.isSuccess && orders.length === 0 && kinds.length === 0 && !handOver) return null;
  return (
    <section className="section postal" aria-labelledby="dossier-postal">
      <h2 id="dossier-postal">{pt("panel.title")}</h2>
      <p className="muted">{pt(audience === "citizen" ? "panel.intro" : "panel.introOffice")}</p>
      {query.isPending ? (
        <Loading />
      ) : query.error ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : orders.length === 0 ? (
        <p>{pt("panel.none")}</p>
      ) : (
        <ul className="plain-list postal__orders" data-testid="postal-orders">
          {orders.map((order) => (
            <OrderItem key={order.id} order={order} showWatch={audience === "office"} />
          ))}
        </ul>
      )}
      {handOver ? (
        <HandOver
          dossier={dossier}
          asked={orders.find((o) => o.kind === "result_delivery" && o.status === "requested")}
          onDone={onDossierChanged}
        />
      ) : null}
      {kinds.length > 0 ? (
        <OrderForm dossier={dossier} kinds={kinds} collapsed={audience === "office"} />
      ) : null}
    </section>
  );
}

const TONES: Record<PostalOrder["status"], string> = {
  requested: "status",
  sending: "status",
  accepted: "status",
  collected: "status",
  delivered: "status status--done",
  failed: "status status--attention",
};

function OrderItem({ order, showWatch }: { order: PostalOrder; showWatch: boolean }) {
  const { pt, dateTime, money } = usePostalI18n();
  return (
    <li className="postal__order" data-testid={`postal-order-${order.kind}`}>
      <h3>{pt(`kind.${order.kind}`)}</h3>
      <dl className="dl-grid">
        <dt>{pt("order.state")}</dt>
        <dd>
          <span className={TONES[order.status]} data-testid="postal-order-state">
            {pt(statusKey(order))}
          </span>
        </dd>
        <dt>{pt("order.fee")}</dt>
        <dd data-testid="postal-order-fee">
          {order.fee === null ? pt("order.feePending") : money(order.fee)}
        </dd>
        {detailRow(pt("order.recipient"), `${order.recipientName}, ${order.recipientPhone}`, "break")}
        {detailRow(pt("order.address"), order.address, "break")}
        {detailRow(pt("order.code"), order.orderCode, "break")}
        {detailRow(pt("order.requested"), dateTime(order.createdAt), "break")}
        {detailRow(pt("order.updated"), order.lastStateAt ? dateTime(order.lastStateAt) : null, "break")}
        {detailRow(pt("order.reason"), order.status === "failed" ? order.failureReason : null, "break")}
      </dl>
      {showWatch ? <WatchNotice order={order} /> : null}
    </li>
  );
}

/** R-RES-3: where the result's delivery stands against its 24 hours, with a warning when it is nearly or over. */
function WatchNotice({ order }: { order: PostalOrder }) {
  const { pt, dateTime, lang } = usePostalI18n();
  const state = watchState(order, new Date());
  if (state.kind === "none") return null;
  const text =
    state.kind === "running" || state.kind === "dueSoon"
      ? pt(`watch.${state.kind}`, { due: dateTime(state.dueAt), left: durationText(state.minutesLeft, lang) })
      : state.kind === "overdue"
        ? pt("watch.overdue", { due: dateTime(state.dueAt), late: durationText(state.minutesLate, lang) })
        : state.kind === "failed"
          ? pt("watch.failed")
          : pt(`watch.${state.kind}`, { at: dateTime(state.deliveredAt) });
  const type =
    state.kind === "overdue" || state.kind === "failed" || state.kind === "deliveredLate"
      ? "error"
      : state.kind === "dueSoon"
        ? "warning"
        : state.kind === "deliveredInTime"
          ? "success"
          : "info";
  return (
    <Alert
      type={type}
      showIcon
      role={type === "error" || type === "warning" ? "alert" : undefined}
      data-testid="postal-watch"
      title={pt("watch.label")}
      description={text}
      style={{ marginTop: 8 }}
    />
  );
}

export function RecipientFields({
  value,
  onChange,
  problems,
}: {
  value: Recipient;
  onChange: (next: Recipient) => void;
  problems: Partial<Record<keyof Recipient, PostalKey>>;
}) {
  const { pt } = usePostalI18n();
  const id = useId();
  const field = (key: keyof Recipient, label: PostalKey, type: "text" | "tel", autoComplete: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>
        {pt(label)} <span aria-hidden="true">*</span>
      </label>
      <Input
        id={`${id}-${key}`}
        type={type}
        autoComplete={autoComplete}
        value={value[key]}
        maxLength={key === "address" ? 500 : key === "phone" ? 20 : 200}
        aria-invalid={problems[key] ? true : undefined}
        aria-describedby={problems[key] ? `${id}-${key}-error` : undefined}
        onChange={(event) => onChange({ ...value, [key]: event.target.value })}
      />
      {problems[key] ? (
        <div id={`${id}-${key}-error`} className="field-error" role="alert">
          {pt(problems[key])}
        </div>
      ) : null}
    </div>
  );
  return (
    <>
      {field("name", "form.name", "text", "name")}
      {field("phone", "form.phone", "tel", "tel")}
      {field("address", "form.address", "text", "street-address")}
    </>
  );
}

const recipientOf = (applicant: { name: string | null; phone: string | null; address: string | null }) => ({
  name: applicant.name ?? "",
  phone: applicant.phone ?? "",
  address: applicant.address ?? "",
});

/** Ordering a service: the kind, the contact and address, the fee quoted by the post office, then the order. */
function OrderForm({
  dossier,
  kinds,
  collapsed,
}: {
  dossier: { id: string; applicant: { name: string | null; phone: string | null; address: string | null } };
  kinds: PostalKind[];
  /** The office orders for an applicant who asks at the counter: the form opens on demand. */
  collapsed: boolean;
}) {
  const { pt, money } = usePostalI18n();
  const [open, setOpen] = useState(!collapsed);
  const kindRef = useRef<HTMLSelectElement>(null);
  // Opened on demand: the focus goes to the form's first field, where the button was.
  useEffect(() => {
    if (open && collapsed) kindRef.current?.focus();
  }, [open, collapsed]);
  const client = useQueryClient();
  const { message } = AntApp.useApp();
  const kindId = useId();
  const [kind, setKind] = useState<PostalKind>(kinds[0]!);
  const [recipient, setRecipient] = useState<Recipient>(recipientOf(dossier.applicant));
  const [problems, setProblems] = useState<Partial<Record<keyof Recipient, PostalKey>>>({});
  const [quote, setQuote] = useState<{ kind: PostalKind; address: string; fee: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const current = kinds.includes(kind) ? kind : kinds[0]!;
  const quoted = quote && quote.kind === current && quote.address === recipient.address.trim() ? quote : null;
  const check = () => {
    const found = recipientProblems(recipient);
    setProblems(found);
    return Object.keys(found).length === 0;
  };
  const getQuote = async () => {
    if (!check()) return;
    setBusy(true);
    setError(null);
    try {
      const address = recipient.address.trim();
      const answer = await quotePostal(current, address);
      setQuote({ kind: current, address, fee: answer.fee });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const order = async () => {
    if (!check()) return;
    setBusy(true);
    setError(null);
    try {
      await orderPostal(dossier.id, current, {
        name: recipient.name.trim(),
        phone: recipient.phone.trim(),
        address: recipient.address.trim(),
      });
      setQuote(null);
      void message.success(pt("form.done", { kind: pt(`kind.${current}`) }));
      await client.invalidateQueries({ queryKey: postalKeys.orders(dossier.id) });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  if (!open)
    return (
      <div className="actions">
        <Button onClick={() => setOpen(true)}>{pt("form.title")}</Button>
      </div>
    );
  return (
    <form
      className="postal__form"
      aria-labelledby={`${kindId}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        void (quoted ? order() : getQuote());
      }}
    >
      <h3 id={`${kindId}-title`}>{pt("form.title")}</h3>
      <div className="field">
        <label htmlFor={kindId}>{pt("form.kind")}</label>
        <select
          ref={kindRef}
          id={kindId}
          className="native-select"
          value={current}
          onChange={(event) => setKind(event.target.value as PostalKind)}
        >
          {kinds.map((option) => (
            <option key={option} value={option}>
              {pt(`kind.${option}`)}
            </option>
          ))}
        </select>
      </div>
      <RecipientFields value={recipient} onChange={setRecipient} problems={problems} />
      {quoted ? (
        <p role="status" data-testid="postal-quote">
          <strong>{pt("form.quoted", { fee: money(quoted.fee) })}</strong>
        </p>
      ) : null}
      {error ? <ErrorAlert error={error} /> : null}
      <div className="actions">
        {quoted ? (
          <Button type="primary" htmlType="submit" loading={busy}>
            {pt("form.submit")}
          </Button>
        ) : (
          <Button htmlType="submit" loading={busy}>
            {pt("form.quote")}
          </Button>
        )}
      </div>
    </form>
  );
}

/**
 * The counter hands the result to the post (R-RES-3): with the applicant's own request when there is one, otherwise
 * with the recipient entered here (fee quoted first). The dossier is then returned by post and the watch starts.
 */
function HandOver({
  dossier,
  asked,
  onDone,
}: {
  dossier: {
    id: string;
    version: number;
    applicant: { name: string | null; phone: string | null; address: string | null };
  };
  asked: PostalOrder | undefined;
  onDone: () => Promise<void>;
}) {
  const { pt, money } = usePostalI18n();
  const client = useQueryClient();
  const { message } = AntApp.useApp();
  const titleId = useId();
  const [recipient, setRecipient] = useState<Recipient>(recipientOf(dossier.applicant));
  const [problems, setProblems] = useState<Partial<Record<keyof Recipient, PostalKey>>>({});
  const [quote, setQuote] = useState<{ address: string; fee: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const quoted = quote && quote.address === recipient.address.trim() ? quote : null;
  const send = async () => {
    if (!asked) {
      const found = recipientProblems(recipient);
      setProblems(found);
      if (Object.keys(found).length > 0) return;
    }
    setBusy(true);
    setError(null);
    try {
      if (!asked && !quoted) {
        const address = recipient.address.trim();
        setQuote({ address, fee: (await quotePostal("result_delivery", address)).fee });
        return;
      }
      await handOverToPost(dossier.id, {
        expectedVersion: dossier.version,
        ...(asked
          ? {}
          : {
              recipient: {
                name: recipient.name.trim(),
                phone: recipient.phone.trim(),
                address: recipient.address.trim(),
              },
            }),
      });
      void message.success(pt("handover.done"));
      await client.invalidateQueries({ queryKey: postalKeys.orders(dossier.id) });
      await onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="postal__form"
      aria-labelledby={titleId}
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <h3 id={titleId}>{pt("handover.title")}</h3>
      <p>{pt("handover.lead")}</p>
      {asked ? (
        <p>
          {pt("handover.asked", {
            name: asked.recipientName,
            phone: asked.recipientPhone,
            address: asked.address,
          })}
          {asked.fee !== null ? ` ${pt("order.fee")}: ${money(asked.fee)}.` : null}
        </p>
      ) : (
        <>
          <p>{pt("handover.notAsked")}</p>
          <RecipientFields value={recipient} onChange={setRecipient} problems={problems} />
          {quoted ? (
            <p role="status">
              <strong>{pt("form.quoted", { fee: money(quoted.fee) })}</strong>
            </p>
          ) : null}
        </>
      )}
      {error ? <ErrorAlert error={error} /> : null}
      <div className="actions">
        <Button type="primary" htmlType="submit" loading={busy}>
          {asked || quoted ? pt("handover.button") : pt("form.quote")}
        </Button>
      </div>
    </form>
  );
}
