import type RjsfForm from "@rjsf/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App as AntApp, Button } from "antd";
import dayjs from "dayjs";
import "dayjs/locale/vi";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { declarationOf, uiLayoutOf } from "../../../domain/eform/declaration.ts";
import { api } from "../../api/client.ts";
import { isApplicant, useSettings } from "../../api/queries.ts";
import type { Dossier, Procedure, Session } from "../../api/types.ts";
import { ErrorAlert, Loading, RequireSession } from "../../app/ui.tsx";
import { StoreReuseChoice, useReuseLabel, useStoreReuse } from "../../dataStore/useStoreReuse.tsx";
import { ProcedureFaqLink } from "../../feedback/ProcedureFaq.tsx";
import { useI18n, usePageTitle } from "../../i18n/i18n.tsx";
import { usePopulationPrefill } from "../../population/usePopulationPrefill.tsx";
import {
  checkWizardPostal,
  NO_POSTAL,
  placeWizardPostal,
  WizardPostalChoice,
} from "../../postal/WizardPostalChoice.tsx";
import { useDeclarationI18n } from "../declarationI18n.ts";
import { eFormSchema, eFormUi } from "../eform.ts";
import { FormAnswers } from "../FormAnswers.tsx";
import { type SlotState, UploadSlot } from "../UploadSlot.tsx";
import { EForm } from "./EForm.tsx";

/** Submission wizard: the e-form, one upload slot per component, a review, then submit → the receipt. */
export default function SubmitPage() {
  const { t } = useI18n();
  usePageTitle(t("wizard.title"));
  return <RequireSession>{(session) => <Wizard session={session} />}</RequireSession>;
}

function Wizard({ session }: { session: Session }) {
  const { code = "" } = useParams();
  const { t, lang } = useI18n();
  const settings = useSettings();
  const procedure = useQuery({
    queryKey: ["procedure", code],
    queryFn: () => api.get<Procedure>(`/api/public/procedures/${encodeURIComponent(code)}`),
  });
  useEffect(() => {
    dayjs.locale(lang === "vi" ? "vi" : "en");
  }, [lang]);

  if (procedure.isPending || settings.isPending) return <Loading />;
  if (procedure.error) return <ErrorAlert error={procedure.error} onRetry={() => void procedure.refetch()} />;
  const heading = (
    <>
      <p>
        <Link to={`/thu-tuc/${code}`}>← {procedure.data.name}</Link>
      </p>
      <h1>{t("wizard.title")}</h1>
      <p className="lead">{procedure.data.name}</p>
      <ProcedureFaqLink code={code} />
    </>
  );
  if (settings.data?.nationalPortalMode) {
    return (
      <>
        {heading}
        <Alert type="info" showIcon title={t("wizard.national")} />
        <p style={{ marginTop: 16 }}>
          <a className="cta-link" href={settings.data.nationalPortalUrl} rel="noopener">
            {t("procedure.submitNational")}
          </a>
        </p>
      </>
    );
  }
  const offerings = procedure.data.offerings.filter(
    (o) => o.channels.includes("online") && o.onlineLevel !== "none",
  );
  if (offerings.length === 0 || !isApplicant(session)) {
    return (
      <>
        {heading}
        <Alert
          type="warning"
          showIcon
          title={offerings.length === 0 ? t("wizard.notOnline") : t("wizard.applicantOnly")}
        />
      </>
    );
  }
  return (
    <>
      {heading}
      <WizardSteps procedure={procedure.data} session={session} agencies={offerings.map((o) => o.agency)} />
    </>
  );
}

const stepKeys = ["wizard.step.form", "wizard.step.files", "wizard.step.review"] as const;

function WizardSteps({
  procedure,
  session,
  agencies,
}: {
  procedure: Procedure;
  session: Session;
  agencies: { code: string; name: string }[];
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const agencyId = useId();
  const [step, setStep] = useState(0);
  const [agencyCode, setAgencyCode] = useState(agencies.length === 1 ? (agencies[0]?.code ?? "") : "");
  const [agencyError, setAgencyError] = useState(false);
  const [formData, setFormData] = useState<Record<string, unknown>>({ fullName: session.actor.fullName });
  const [slots, setSlots] = useState<Record<number, SlotState>>({});
  const [filesError, setFilesError] = useState<string | null>(null);
  // Issue #16: components the applicant's data store can answer, chosen instead of an upload.
  const reuse = useStoreReuse(procedure.code);
  const reuseLabel = useReuseLabel();
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  // Issue #18 (R-SUB-2): a pickup at an address and/or the result by post, where the offering takes the postal channel.
  const [postal, setPostal] = useState(NO_POSTAL);
  const postalOffered =
    procedure.offerings.find((o) => o.agency.code === agencyCode)?.channels.includes("postal") ?? false;
  const postalDefaults = {
    name: session.actor.fullName,
    phone: typeof formData.phone === "string" ? formData.phone : "",
    address: typeof formData.address === "string" ? formData.address : "",
  };
  // One key for this wizard: a double click or a retry after a lost answer submits the dossier once.
  const idempotencyKey = useMemo(() => `web-${crypto.randomUUID()}`, []);
  const formRef = useRef<RjsfForm<Record<string, unknown>>>(null);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const schema = useMemo(() => eFormSchema(t, procedure, agencyCode), [t, procedure, agencyCode]);
  const { dt } = useDeclarationI18n();
  // Issue #19 (R-SUB-1): the published form that is the procedure's declaration stands for its component: the PDF is
  // generated from the answers, nothing to upload for it.
  const declaration = declarationOf(schema);
  const declared = (component: { code: string | null }) =>
    declaration !== null && component.code === declaration.component;
  const layout = uiLayoutOf(schema);
  // Issue #14 (R-SUB-1): fields sourced from the population database are prefilled and marked verified.
  const population = usePopulationPrefill({
    procedureCode: procedure.code,
    agencyCode,
    schema,
    formData,
    setFormData,
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus the new step's heading when the step changes
  useEffect(() => {
    stepHeading.current?.focus();
  }, [step]);

  const goFiles = () => {
    const agencyOk = agencyCode !== "";
    setAgencyError(!agencyOk);
    const formOk = formRef.current?.validateForm() ?? false;
    if (agencyOk && formOk) setStep(1);
  };
  /** What still stops the review: a file uploading, or required components neither uploaded nor reused. */
  const filesProblem = (): string | null => {
    if (Object.values(slots).some((slot) => slot.state === "uploading")) return t("wizard.filesBusy");
    const missing = procedure.components.filter(
      (c) =>
        c.required && !declared(c) && slots[c.position]?.state !== "done" && !reuse.documentFor(c.position),
    );
    return missing.length > 0
      ? t("wizard.filesMissing", { names: missing.map((c) => c.name).join("; ") })
      : null;
  };
  // Issue #19 "Errors": a shown problem follows the files — it shrinks as files arrive and goes once all are there.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-checked only when the files or reuses change
  useEffect(() => {
    if (filesError !== null) setFilesError(filesProblem());
  }, [slots, reuse]);
  const goReview = () => {
    const problem = filesProblem();
    setFilesError(problem);
    if (problem === null) setStep(2);
  };
  const submit = async () => {
    const postalSlip = postalOffered ? checkWizardPostal(postal, postalDefaults) : null;
    if (postalSlip) {
      setPostal(postalSlip);
      return;
    }
    setSubmitting(true);
    setSubmitError(null);
    const files = procedure.components.flatMap((component) => {
      const slot = slots[component.position];
      return slot?.state === "done" && !reuse.documentFor(component.position) && !declared(component)
        ? [{ componentPosition: component.position, uploadId: slot.upload.id }]
        : [];
    });
    const summary =
      typeof formData.request === "string" && formData.request.trim() ? formData.request.trim() : undefined;
    const address =
      typeof formData.address === "string" && formData.address.trim() ? formData.address.trim() : undefined;
    try {
      const dossier = await api.post<Dossier>(
        "/api/citizen/dossiers",
        {
          procedureCode: procedure.code,
          agencyCode,
          // Only the form's own fields (the wizard starts with the account's name for the common declaration).
          formData: Object.fromEntries(
            Object.entries(formData).filter(([key]) => schema.properties?.[key] !== undefined),
          ),
          files,
          ...(reuse.references.length > 0 ? { reuses: reuse.references } : {}),
          ...(summary ? { summary: summary.slice(0, 500) } : {}),
          ...(address ? { address: address.slice(0, 300) } : {}),
        },
        { headers: { "idempotency-key": idempotencyKey } },
      );
      queryClient.setQueryData(["dossier", dossier.id], dossier);
      await queryClient.invalidateQueries({ queryKey: ["dossiers"] });
      if (postalOffered) {
        // The dossier is filed; a service the post office refused now can be ordered again on its page.
        const failures = await placeWizardPostal(dossier.id, postal, postalDefaults);
        if (failures.length > 0) void message.warning(failures.join(" "));
      }
      void navigate(`/ho-so-cua-toi/${dossier.id}/bien-nhan`, { replace: true });
    } catch (error) {
      setSubmitError(error);
      setSubmitting(false);
    }
  };

  const agencyName = agencies.find((a) => a.code === agencyCode)?.name ?? "";
  return (
    <>
      <nav aria-label={t("wizard.stepsLabel")}>
        <ol className="steps">
          {stepKeys.map((key, index) => (
            <li
              key={key}
              className={
                index === step
                  ? "steps__item steps__item--current"
                  : index < step
                    ? "steps__item steps__item--done"
                    : "steps__item"
              }
              aria-current={index === step ? "step" : undefined}
            >
              <span className="steps__number" aria-hidden="true">
                {index + 1}
              </span>
              {t(key)}
            </li>
          ))}
        </ol>
      </nav>

      {step === 0 ? (
        <section className="section" aria-labelledby="step-title">
          <h2 id="step-title" ref={stepHeading} tabIndex={-1}>
            {t("wizard.step.form")}
          </h2>
          <div className="field">
            <label htmlFor={agencyId}>
              {t("wizard.agency")} <span aria-hidden="true">*</span>
            </label>
            <select
              id={agencyId}
              className="native-select"
              value={agencyCode}
              required
              aria-invalid={agencyError}
              aria-describedby={agencyError ? `${agencyId}-error` : undefined}
              onChange={(event) => {
                setAgencyCode(event.target.value);
                setAgencyError(false);
              }}
            >
              <option value="">{t("wizard.agencyPlaceholder")}</option>
              {agencies.map((agency) => (
                <option key={agency.code} value={agency.code}>
                  {agency.name}
                </option>
              ))}
            </select>
            {agencyError ? (
              <div id={`${agencyId}-error`} className="field-error" role="alert">
                {t("wizard.agencyRequired")}
              </div>
            ) : null}
          </div>
          <h3>{t("wizard.formTitle")}</h3>
          {population.notice}
          <EForm
            ref={formRef}
            schema={schema}
            uiSchema={population.uiSchema(Object.keys(layout).length > 0 ? layout : eFormUi)}
            formData={formData}
            onChange={setFormData}
            onSubmit={() => setStep(1)}
          />
          <div className="actions">
            <Button type="primary" size="large" onClick={goFiles}>
              {t("wizard.next")}
            </Button>
          </div>
        </section>
      ) : null}

      {step === 1 ? (
        <section className="section" aria-labelledby="step-title">
          <h2 id="step-title" ref={stepHeading} tabIndex={-1}>
            {t("wizard.step.files")}
          </h2>
          <p className="muted">{t("wizard.filesLead")}</p>
          {procedure.components.map((component) => (
            <div key={component.position}>
              {declared(component) ? (
                <Alert
                  type="success"
                  showIcon
                  style={{ marginBottom: 12 }}
                  title={component.name}
                  description={dt("generated")}
                />
              ) : (
                <StoreReuseChoice reuse={reuse} position={component.position} />
              )}
              {declared(component) || reuse.documentFor(component.position) ? null : (
                <UploadSlot
                  label={component.name}
                  required={component.required}
                  value={slots[component.position] ?? { state: "empty" }}
                  onChange={(next) => setSlots((current) => ({ ...current, [component.position]: next }))}
                />
              )}
            </div>
          ))}
          {filesError ? <Alert type="error" showIcon role="alert" title={filesError} /> : null}
          <div className="actions">
            <Button size="large" onClick={() => setStep(0)}>
              {t("wizard.previous")}
            </Button>
            <Button type="primary" size="large" onClick={goReview}>
              {t("wizard.next")}
            </Button>
          </div>
        </section>
      ) : null}

      {step === 2 ? (
        <section className="section" aria-labelledby="step-title">
          <h2 id="step-title" ref={stepHeading} tabIndex={-1}>
            {t("wizard.step.review")}
          </h2>
          <p className="muted">{t("wizard.reviewLead")}</p>
          <h3>{t("wizard.reviewForm")}</h3>
          <dl className="dl-grid">
            <dt>{t("wizard.agency")}</dt>
            <dd>{agencyName}</dd>
          </dl>
          {/* The answers as they will be read: groups, tables and dates as on the form (issue #19). */}
          <FormAnswers
            schema={schema}
            data={Object.fromEntries(
              Object.entries(formData).filter(([key]) => schema.properties?.[key] !== undefined),
            )}
            emptyText="—"
          />
          <h3>{t("wizard.reviewFiles")}</h3>
          <dl className="dl-grid">
            {procedure.components.map((component) => {
              const slot = slots[component.position];
              const reused = reuse.documentFor(component.position);
              return (
                <FragmentRow
                  key={component.position}
                  label={component.name}
                  value={
                    declared(component)
                      ? dt("generatedShort")
                      : reused
                        ? reuseLabel(reused.name)
                        : slot?.state === "done"
                          ? slot.upload.fileName
                          : t("wizard.noFile")
                  }
                />
              );
            })}
          </dl>
          {postalOffered ? (
            <WizardPostalChoice value={postal} onChange={setPostal} defaults={postalDefaults} />
          ) : null}
          {submitError ? (
            <div style={{ marginTop: 16 }}>
              <ErrorAlert error={submitError} />
            </div>
          ) : null}
          <div className="actions">
            <Button size="large" onClick={() => setStep(1)} disabled={submitting}>
              {t("wizard.previous")}
            </Button>
            <Button type="primary" size="large" onClick={() => void submit()} loading={submitting}>
              {submitting ? t("wizard.submitting") : t("wizard.submit")}
            </Button>
          </div>
        </section>
      ) : null}
    </>
  );
}

function FragmentRow({ label, value }: { label: string; value: unknown }) {
  const text = value === undefined || value === null || value === "" ? "—" : String(value);
  return (
    <>
      <dt>{label}</dt>
      <dd className="break">{text}</dd>
    </>
  );
}
