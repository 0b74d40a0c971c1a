import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App as AntApp, Button, Input } from "antd";
import { useId, useState } from "react";
import { Link, useParams } from "react-router";
import { api } from "../api/client.ts";
import type { Dossier, DossierEvent, Procedure } from "../api/types.ts";
import { detailRow, ErrorAlert, formatBytes, Loading, RequireSession } from "../app/ui.tsx";
import { useI18n, usePageTitle } from "../i18n/i18n.tsx";
import { PostalPanel } from "../postal/PostalPanel.tsx";
import { DossierForms } from "../results/DossierForms.tsx";
import { ResultVerification } from "../results/ResultVerification.tsx";
import { FileSignatureStatus } from "../signing/SignatureStatus.tsx";
import { useDossier } from "./dossierQuery.ts";
import { eFormSchema } from "./eform.ts";
import { FormAnswers } from "./FormAnswers.tsx";
import { statusTone } from "./format.ts";
import { SubmitterRow } from "./organisation/SubmitterRow.tsx";
import { FeesPanel } from "./payments/FeesPanel.tsx";
import { QrLink } from "./QrLink.tsx";
import { RatingPanel } from "./rating/RatingPanel.tsx";
import { type SlotState, UploadSlot } from "./UploadSlot.tsx";

/** R-STATUS-5: the applicant may ask to withdraw from these statuses. */
const withdrawable = new Set([1, 2, 4, 5, 6]);

export default function DossierPage() {
  const { t } = useI18n();
  usePageTitle(t("dossiers.title"));
  return <RequireSession>{() => <DossierView />}</RequireSession>;
}

function DossierView() {
  const { id = "" } = useParams();
  const { t, pick, dateTime, lang } = useI18n();
  const query = useDossier(id);
  const queryClient = useQueryClient();
  usePageTitle(query.data ? t("dossier.title", { code: query.data.code }) : t("dossiers.title"));
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const dossier = query.data;
  const supplementRequest =
    dossier.status === 5
      ? [...dossier.history].reverse().find((e) => e.type === "supplementRequested")
      : undefined;
  return (
    <>
      <p>
        <Link to="/ho-so-cua-toi">← {t("dossiers.title")}</Link>
      </p>
      <h1 className="break">{t("dossier.title", { code: dossier.code })}</h1>
      <p>
        <span className={statusTone(dossier.status)}>{pick(dossier.statusLabel)}</span>
      </p>
      {supplementRequest ? <SupplementAnswer dossier={dossier} request={supplementRequest} /> : null}

      <section className="section" aria-labelledby="dossier-info">
        <h2 id="dossier-info">{t("dossier.info")}</h2>
        <dl className="dl-grid">
          {detailRow(t("dossier.procedure"), `${dossier.procedure.name} (${dossier.procedure.code})`)}
          {detailRow(t("dossier.receivingAgency"), dossier.receivingAgency.name)}
          {detailRow(t("dossier.decidingAgency"), dossier.decidingAgency.name)}
          {detailRow(t("dossier.applicant"), dossier.applicant.organisationName ?? dossier.applicant.name)}
          <SubmitterRow dossier={dossier} />
          {detailRow(
            t("dossier.channel"),
            dossier.channel === "online" || dossier.channel === "counter" || dossier.channel === "postal"
              ? t(`channel.${dossier.channel}`)
              : dossier.channel,
          )}
          {detailRow(t("dossier.submittedAt"), dateTime(dossier.submittedAt))}
          {dossier.receivedAt
            ? null
            : detailRow(t("dossier.receptionDueAt"), dateTime(dossier.receptionDueAt))}
          {detailRow(t("dossier.receivedAt"), dateTime(dossier.receivedAt))}
          {detailRow(t("dossier.dueAt"), dateTime(dossier.extendedDueAt ?? dossier.dueAt))}
          {dossier.extendedDueAt
            ? detailRow(t("dossier.originalDueAt"), dateTime(dossier.originalDueAt))
            : null}
          {detailRow(t("dossier.returnedAt"), dateTime(dossier.returnedAt))}
        </dl>
        <h3>{t("lookup.url")}</h3>
        <QrLink
          code={dossier.code}
          url={`${window.location.origin}/tra-cuu/${encodeURIComponent(dossier.code)}`}
          token={dossier.lookupToken}
        />
      </section>

      <DeclarationSection dossier={dossier} />

      <section className="section" aria-labelledby="dossier-history">
        <h2 id="dossier-history">{t("dossier.history")}</h2>
        <ol className="timeline">
          {dossier.history.map((event) => (
            <li key={event.sequence}>
              <span className="event-label">{pick(event.label)}</span>
              <time dateTime={event.at}>{dateTime(event.at)}</time>
              {event.actor?.name ? (
                <div className="muted">{t("dossier.by", { name: event.actor.name })}</div>
              ) : null}
              <EventDetails details={event.details} />
            </li>
          ))}
        </ol>
      </section>

      <section className="section" aria-labelledby="dossier-files">
        <h2 id="dossier-files">{t("dossier.files")}</h2>
        <ul className="plain-list">
          {dossier.files.map((file) => (
            <li key={file.id}>
              <a
                href={`/api/dossiers/${dossier.id}/files/${file.id}`}
                download={file.fileName}
                aria-label={t("dossier.fileDownload", {
                  file: `${file.componentName ?? purposeText(t, file.purpose)}: ${file.fileName}`,
                })}
              >
                {file.componentName ?? purposeText(t, file.purpose)}: {file.fileName}
              </a>{" "}
              <span className="muted">
                ({formatBytes(file.sizeBytes, lang)}, {dateTime(file.uploadedAt)})
              </span>
              {/* Issue #16: the result's digital signature, verified on display (signer, time). */}
              {file.purpose === "result" ? (
                <FileSignatureStatus dossierId={dossier.id} fileId={file.id} />
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      {/* Issue #18: a pickup at an address, the result by post, their states and fees (rules SUB-2, RES-3). */}
      <PostalPanel
        dossier={dossier}
        audience="citizen"
        canOrder
        canHandOver={false}
        onDossierChanged={() => queryClient.invalidateQueries({ queryKey: ["dossier", dossier.id] })}
      />

      {/* Issue #15: fees owed with their breakdown, online payment and e-receipts. */}
      <FeesPanel dossierId={dossier.id} version={dossier.version} />

      {/* Issue #7: the result's verification code and QR, and the forms the applicant may download. */}
      <ResultVerification dossierId={dossier.id} version={dossier.version} />
      <DossierForms audience="citizen" dossierId={dossier.id} version={dossier.version} />

      {withdrawable.has(dossier.status) ? <Withdraw dossier={dossier} /> : null}
      {dossier.status === 9 || dossier.status === 10 ? <RatingPanel dossierId={dossier.id} /> : null}
    </>
  );
}

function purposeText(t: ReturnType<typeof useI18n>["t"], purpose: string): string {
  if (purpose === "component" || purpose === "supplement" || purpose === "result")
    return t(`dossier.purpose.${purpose}`);
  return t("dossier.purpose.other");
}

const detailKeys = [
  "reason",
  "reasons",
  "items",
  "receptionDueAt",
  "receivedAt",
  "dueAt",
  "previousDueAt",
  "newDueAt",
  "channel",
  "obligations",
] as const;

/** The public part of an event's payload, as sentences: reasons, what to add, appointments, obligations. */
function EventDetails({ details }: { details: Record<string, unknown> }) {
  const { t, dateTime, money } = useI18n();
  const shown = detailKeys.filter(
    (key) => details[key] !== undefined && details[key] !== null && details[key] !== "",
  );
  if (shown.length === 0) return null;
  const render = (key: (typeof detailKeys)[number], value: unknown) => {
    if (key.endsWith("At")) return typeof value === "string" ? dateTime(value) : String(value);
    if (key === "channel" && (value === "counter" || value === "online" || value === "postal"))
      return t(`channel.${value}`);
    if (Array.isArray(value)) {
      return (
        <ul className="plain-list">
          {value.map((item, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: items are plain texts that may repeat
            <li key={index}>{describeValue(item, money)}</li>
          ))}
        </ul>
      );
    }
    return describeValue(value, money);
  };
  return (
    <dl className="event-details">
      {shown.map((key) => (
        <div key={key}>
          <dt>{t(`dossier.detail.${key}`)}:</dt> <dd>{render(key, details[key])}</dd>
        </div>
      ))}
    </dl>
  );
}

function describeValue(value: unknown, money: (n: number) => string): string {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return String(value);
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const name = record.name ?? record.description ?? record.label;
    const amount = typeof record.amountVnd === "number" ? money(record.amountVnd) : undefined;
    if (name !== undefined) return amount ? `${String(name)}: ${amount}` : String(name);
    return Object.values(record)
      .filter((v) => typeof v === "string" || typeof v === "number")
      .join(", ");
  }
  return "";
}

function SupplementAnswer({ dossier, request }: { dossier: Dossier; request: DossierEvent }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const items = Array.isArray(request.details.items) ? request.details.items.map(String) : [];
  const labels = [...items, t("dossier.supplementExtra")];
  const [slots, setSlots] = useState<SlotState[]>(labels.map(() => ({ state: "empty" })));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    const uploads = slots.flatMap((slot) => (slot.state === "done" ? [{ uploadId: slot.upload.id }] : []));
    if (uploads.length === 0 || slots.some((slot) => slot.state === "uploading")) {
      setError(new Error(t(uploads.length === 0 ? "dossier.supplementNeedFile" : "wizard.filesBusy")));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const updated = await api.post<Dossier>(`/api/citizen/dossiers/${dossier.id}/supplement`, {
        expectedVersion: dossier.version,
        files: uploads,
      });
      queryClient.setQueryData(["dossier", dossier.id], updated);
      await queryClient.invalidateQueries({ queryKey: ["dossiers"] });
      message.success(t("dossier.supplementSent"));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="section" aria-labelledby="supplement-title">
      <h2 id="supplement-title">{t("dossier.supplementTitle")}</h2>
      <Alert
        type="warning"
        showIcon
        title={t("dossier.supplementLead")}
        description={
          typeof request.details.reason === "string"
            ? `${t("dossier.detail.reason")}: ${request.details.reason}`
            : undefined
        }
        style={{ marginBottom: 12 }}
      />
      {labels.map((label, index) => (
        <UploadSlot
          // biome-ignore lint/suspicious/noArrayIndexKey: one slot per requested item, in the request's order
          key={index}
          label={label}
          value={slots[index] ?? { state: "empty" }}
          onChange={(next) => setSlots((current) => current.map((slot, i) => (i === index ? next : slot)))}
        />
      ))}
      {error ? <ErrorAlert error={error} /> : null}
      <div className="actions">
        <Button type="primary" onClick={() => void send()} loading={busy}>
          {t("dossier.supplementSend")}
        </Button>
      </div>
    </section>
  );
}

function Withdraw({ dossier }: { dossier: Dossier }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const reasonId = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const updated = await api.post<Dossier>(`/api/citizen/dossiers/${dossier.id}/withdraw`, {
        expectedVersion: dossier.version,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      queryClient.setQueryData(["dossier", dossier.id], updated);
      await queryClient.invalidateQueries({ queryKey: ["dossiers"] });
      message.success(t("dossier.withdrawSent"));
      setOpen(false);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="section" aria-labelledby="withdraw-title">
      <h2 id="withdraw-title">{t("dossier.withdrawTitle")}</h2>
      <p className="muted">{t("dossier.withdrawLead")}</p>
      {open ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void send();
          }}
        >
          <div className="field">
            <label htmlFor={reasonId}>{t("dossier.withdrawReason")}</label>
            <Input.TextArea
              id={reasonId}
              rows={3}
              maxLength={1000}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
          {error ? <ErrorAlert error={error} /> : null}
          <div className="actions">
            <Button danger type="primary" htmlType="submit" loading={busy}>
              {t("dossier.withdrawConfirm")}
            </Button>
            <Button onClick={() => setOpen(false)}>{t("dossier.withdrawCancel")}</Button>
          </div>
        </form>
      ) : (
        <Button danger onClick={() => setOpen(true)}>
          {t("dossier.withdrawButton")}
        </Button>
      )}
    </section>
  );
}

/**
 * The applicant's own answers, under the form's titles (issue #19 "Citizens' dossiers"), and while the dossier still
 * waits for acceptance the way to change them (R-SUB-3).
 */
function DeclarationSection({ dossier }: { dossier: Dossier }) {
  const { t } = useI18n();
  const procedure = useQuery({
    queryKey: ["procedure", dossier.procedure.code],
    queryFn: () => api.get<Procedure>(`/api/public/procedures/${encodeURIComponent(dossier.procedure.code)}`),
    staleTime: 10 * 60_000,
  });
  const schema = procedure.data ? eFormSchema(t, procedure.data, dossier.receivingAgency.code) : undefined;
  return (
    <section className="section" aria-labelledby="dossier-declaration">
      <h2 id="dossier-declaration">{t("dossier.formData")}</h2>
      {dossier.status === 1 ? (
        <p>
          <span className="muted">{t("dossier.editHint")}</span>{" "}
          <Link className="cta-link" to={`/ho-so-cua-toi/${dossier.id}/sua`}>
            {t("dossier.edit")}
          </Link>
        </p>
      ) : null}
      <FormAnswers
        schema={schema}
        data={dossier.formData}
        emptyText={t("dossier.formEmpty")}
        dossier={{ ...dossier, agencyName: dossier.decidingAgency.name }}
      />
    </section>
  );
}
