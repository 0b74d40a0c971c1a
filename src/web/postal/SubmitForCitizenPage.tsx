import type RjsfForm from "@rjsf/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App as AntApp, Button, Checkbox, Input } from "antd";
import { useId, useMemo, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { declarationOf, uiLayoutOf } from "../../domain/eform/declaration.ts";
import { api } from "../api/client.ts";
import type { Dossier, Procedure } from "../api/types.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { eFormSchema, eFormUi } from "../portal/eform.ts";
import { type SlotState, UploadSlot } from "../portal/UploadSlot.tsx";
import { EForm } from "../portal/wizard/EForm.tsx";
import { RecipientFields } from "./PostalPanel.tsx";
import { postalKeys, type Recipient } from "./postalApi.ts";
import {
  type CitizenInput,
  type CitizenProblems,
  citizenProblems,
  recipientProblems,
} from "./postalChecks.ts";
import { type PostalKey, usePostalI18n } from "./postalI18n.ts";

type ConsentMethod = "signed_form" | "phone_confirmation";

type Citizen = CitizenInput;
type Problems = CitizenProblems;

/** The e-form's fields that say who the declarant is, filled from the citizen's details as they are typed. */
const DECLARANT_FIELDS: Record<string, keyof Citizen> = {
  fullName: "name",
  idNumber: "idNumber",
  phone: "phone",
  address: "address",
  email: "email",
};

/**
 * Filing online on a citizen's behalf (issue #18, R-SUB-2, S3 Đ30): the procedure and receiving agency (offerings
 * that take the postal channel), the citizen, how they agreed (signed request form or phone confirmation, with its
 * reference, confirmed by the postal worker), the e-form, the components, and optionally the result by post.
 */
export function SubmitForCitizenPage() {
  const { pt } = usePostalI18n();
  usePageTitle(pt("submit.title"));
  const [params, setParams] = useSearchParams();
  const chosen = params.get("thu-tuc") ?? "";
  const [code, setCode] = useState(chosen);
  const codeId = useId();
  const procedure = useQuery({
    queryKey: ["procedure", chosen],
    queryFn: () => api.get<Procedure>(`/api/public/procedures/${encodeURIComponent(chosen)}`),
    enabled: chosen !== "",
  });
  return (
    <>
      <p>
        <Link to="/buu-dien">{pt("submit.back")}</Link>
      </p>
      <h1>{pt("submit.title")}</h1>
      <p className="lead">{pt("submit.lead")}</p>
      <form
        className="postal__find"
        onSubmit={(event) => {
          event.preventDefault();
          if (code.trim()) setParams({ "thu-tuc": code.trim() });
        }}
      >
        <div className="field">
          <label htmlFor={codeId}>{pt("submit.procedure")}</label>
          <Input id={codeId} value={code} maxLength={50} onChange={(event) => setCode(event.target.value)} />
        </div>
        <Button htmlType="submit">{pt("submit.find")}</Button>
      </form>
      {chosen === "" ? null : procedure.isPending ? (
        <Loading />
      ) : procedure.error ? (
        <ErrorAlert error={procedure.error} onRetry={() => void procedure.refetch()} />
      ) : (
        <FilingForm key={procedure.data.code} procedure={procedure.data} />
      )}
    </>
  );
}

function FilingForm({ procedure }: { procedure: Procedure }) {
  const { pt, t } = usePostalI18n();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = AntApp.useApp();
  const id = useId();
  const offerings = procedure.offerings.filter((offering) => offering.channels.includes("postal"));
  const [agencyCode, setAgencyCode] = useState(offerings.length === 1 ? offerings[0]!.agency.code : "");
  const [citizen, setCitizen] = useState<Citizen>({
    name: "",
    idNumber: "",
    phone: "",
    address: "",
    email: "",
  });
  const [method, setMethod] = useState<ConsentMethod>("signed_form");
  const [reference, setReference] = useState("");
  const [confirmed, setConfirmed] = useState(false);
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  const [slots, setSlots] = useState<Record<number, SlotState>>({});
  const [byPost, setByPost] = useState(false);
  const [recipient, setRecipient] = useState<Recipient>({ name: "", phone: "", address: "" });
  const [problems, setProblems] = useState<Problems>({});
  const [recipientIssues, setRecipientIssues] = useState<Partial<Record<keyof Recipient, PostalKey>>>({});
  const [filesError, setFilesError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<RjsfForm<Record<string, unknown>>>(null);
  const schema = useMemo(() => eFormSchema(t, procedure, agencyCode), [t, procedure, agencyCode]);
  const layout = uiLayoutOf(schema);
  const declaration = declarationOf(schema);
  const declared = (component: { code: string | null }) =>
    declaration !== null && component.code === declaration.component;

  if (offerings.length === 0) return <Alert type="warning" showIcon title={pt("submit.noPostal")} />;

  const changeCitizen = (key: keyof Citizen, value: string) => {
    const next = { ...citizen, [key]: value };
    setCitizen(next);
    // The declarant is the citizen: their details go to the e-form's own fields, which stay editable.
    setFormData((current) => {
      const filled = { ...current };
      for (const [field, source] of Object.entries(DECLARANT_FIELDS))
        if (source === key && schema.properties?.[field] !== undefined) filled[field] = value || undefined;
      return filled;
    });
    if (byPost && (key === "name" || key === "phone" || key === "address"))
      setRecipient((current) => (current[key] === citizen[key] ? { ...current, [key]: value } : current));
  };

  const submit = async () => {
    const found = citizenProblems(citizen, { reference, confirmed }, agencyCode);
    setProblems(found);
    const recipientFound = byPost ? recipientProblems(recipient) : {};
    setRecipientIssues(recipientFound);
    const formOk = formRef.current?.validateForm() ?? true;
    const busyFiles = Object.values(slots).some((slot) => slot.state === "uploading");
    const missing = procedure.components.filter(
      (c) => c.required && !declared(c) && slots[c.position]?.state !== "done",
    );
    const filesProblem = busyFiles
      ? pt("submit.filesBusy")
      : missing.length > 0
        ? pt("submit.filesMissing", { names: missing.map((c) => c.name).join("; ") })
        : null;
    setFilesError(filesProblem);
    if (Object.keys(found).length > 0 || Object.keys(recipientFound).length > 0 || !formOk || filesProblem) {
      setError(new Error(pt("submit.fix")));
      return;
    }
    setBusy(true);
    setError(null);
    const request = typeof formData.request === "string" ? formData.request.trim() : "";
    try {
      const dossier = await api.post<Dossier>("/api/postal/dossiers", {
        procedureCode: procedure.code,
        agencyCode,
        citizen: {
          name: citizen.name.trim(),
          idNumber: citizen.idNumber.trim(),
          phone: citizen.phone.trim(),
          ...(citizen.address.trim() ? { address: citizen.address.trim() } : {}),
          ...(citizen.email.trim() ? { email: citizen.email.trim() } : {}),
        },
        consent: { method, reference: reference.trim(), confirmed },
        formData: Object.fromEntries(
          Object.entries(formData).filter(([key]) => schema.properties?.[key] !== undefined),
        ),
        files: procedure.components.flatMap((component) => {
          const slot = slots[component.position];
          return slot?.state === "done" && !declared(component)
            ? [{ componentPosition: component.position, uploadId: slot.upload.id }]
            : [];
        }),
        ...(byPost
          ? {
              resultByPost: {
                name: recipient.name.trim(),
                phone: recipient.phone.trim(),
                address: recipient.address.trim(),
              },
            }
          : {}),
        ...(request ? { summary: request.slice(0, 500) } : {}),
      });
      await client.invalidateQueries({ queryKey: postalKeys.submissions });
      void message.success(pt("submit.done", { code: dossier.code, name: citizen.name.trim() }));
      void navigate("/buu-dien");
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  const citizenField = (key: keyof Citizen, label: PostalKey, required: boolean, type = "text") => {
    const problem = key in problems ? problems[key as keyof Problems] : undefined;
    return (
      <div className="field">
        <label htmlFor={`${id}-${key}`}>
          {pt(label)} {required ? <span aria-hidden="true">*</span> : null}
        </label>
        <Input
          id={`${id}-${key}`}
          type={type}
          value={citizen[key]}
          maxLength={key === "address" ? 500 : key === "idNumber" || key === "phone" ? 20 : 200}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-${key}-error` : undefined}
          onChange={(event) => changeCitizen(key, event.target.value)}
        />
        {problem ? (
          <div id={`${id}-${key}-error`} className="field-error" role="alert">
            {pt(problem)}
          </div>
        ) : null}
      </div>
    );
  };

  return (
    // Not a <form>: the e-form inside is one of its own.
    <div className="postal__filing">
      <p className="lead">{procedure.name}</p>
      <div className="field">
        <label htmlFor={`${id}-agency`}>
          {pt("submit.agency")} <span aria-hidden="true">*</span>
        </label>
        <select
          id={`${id}-agency`}
          className="native-select"
          value={agencyCode}
          aria-invalid={problems.agency ? true : undefined}
          aria-describedby={problems.agency ? `${id}-agency-error` : undefined}
          onChange={(event) => setAgencyCode(event.target.value)}
        >
          <option value="">{pt("submit.agencyPlaceholder")}</option>
          {offerings.map((offering) => (
            <option key={offering.agency.code} value={offering.agency.code}>
              {offering.agency.name}
            </option>
          ))}
        </select>
        {problems.agency ? (
          <div id={`${id}-agency-error`} className="field-error" role="alert">
            {pt(problems.agency)}
          </div>
        ) : null}
      </div>

      <section className="section" aria-labelledby={`${id}-citizen`}>
        <h2 id={`${id}-citizen`}>{pt("submit.citizen")}</h2>
        {citizenField("name", "citizen.name", true)}
        {citizenField("idNumber", "citizen.idNumber", true)}
        {citizenField("phone", "citizen.phone", true, "tel")}
        {citizenField("address", "citizen.address", false)}
        {citizenField("email", "citizen.email", false, "email")}
      </section>

      <section className="section" aria-labelledby={`${id}-consent`}>
        <h2 id={`${id}-consent`}>{pt("submit.consent")}</h2>
        <fieldset className="postal__choice">
          <legend>{pt("consent.method")}</legend>
          {(["signed_form", "phone_confirmation"] as const).map((option) => (
            <label key={option}>
              <input
                type="radio"
                name={`${id}-method`}
                value={option}
                checked={method === option}
                onChange={() => setMethod(option)}
              />{" "}
              {pt(`consent.${option}`)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-reference`}>
            {pt("consent.reference")} <span aria-hidden="true">*</span>
          </label>
          <Input
            id={`${id}-reference`}
            value={reference}
            maxLength={200}
            aria-invalid={problems.reference ? true : undefined}
            aria-describedby={problems.reference ? `${id}-reference-error` : undefined}
            onChange={(event) => setReference(event.target.value)}
          />
          {problems.reference ? (
            <div id={`${id}-reference-error`} className="field-error" role="alert">
              {pt(problems.reference)}
            </div>
          ) : null}
        </div>
        <Checkbox
          checked={confirmed}
          onChange={(event) => setConfirmed(event.target.checked)}
          aria-describedby={problems.confirmed ? `${id}-confirmed-error` : undefined}
        >
          {pt("consent.confirmed")}
        </Checkbox>
        {problems.confirmed ? (
          <div id={`${id}-confirmed-error`} className="field-error" role="alert">
            {pt(problems.confirmed)}
          </div>
        ) : null}
      </section>

      <section className="section" aria-labelledby={`${id}-form`}>
        <h2 id={`${id}-form`}>{pt("submit.form")}</h2>
        <EForm
          ref={formRef}
          schema={schema}
          uiSchema={Object.keys(layout).length > 0 ? layout : eFormUi}
          formData={formData}
          onChange={setFormData}
          onSubmit={() => undefined}
        />
      </section>

      <section className="section" aria-labelledby={`${id}-files`}>
        <h2 id={`${id}-files`}>{pt("submit.files")}</h2>
        {procedure.components.map((component) =>
          declared(component) ? (
            <Alert
              key={component.position}
              type="success"
              showIcon
              style={{ marginBottom: 12 }}
              title={component.name}
              description={pt("submit.declared")}
            />
          ) : (
            <UploadSlot
              key={component.position}
              label={component.name}
              required={component.required}
              value={slots[component.position] ?? { state: "empty" }}
              onChange={(next) => setSlots((current) => ({ ...current, [component.position]: next }))}
            />
          ),
        )}
        {filesError ? <Alert type="error" showIcon role="alert" title={filesError} /> : null}
      </section>

      <section className="section" aria-labelledby={`${id}-post`}>
        <h2 id={`${id}-post`}>{pt("kind.result_delivery")}</h2>
        <Checkbox
          checked={byPost}
          onChange={(event) => {
            setByPost(event.target.checked);
            if (event.target.checked)
              setRecipient({ name: citizen.name, phone: citizen.phone, address: citizen.address });
          }}
        >
          {pt("submit.resultByPost")}
        </Checkbox>
        {byPost ? (
          <fieldset className="postal__choice">
            <legend>{pt("submit.resultAt")}</legend>
            <RecipientFields value={recipient} onChange={setRecipient} problems={recipientIssues} />
          </fieldset>
        ) : null}
      </section>

      {error ? <ErrorAlert error={error} /> : null}
      <div className="actions">
        <Button type="primary" size="large" onClick={() => void submit()} loading={busy}>
          {pt("submit.button")}
        </Button>
      </div>
    </div>
  );
}
