import { Alert, Button, Checkbox, Input } from "antd";
import { useId, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api } from "../api/client.ts";
import { useAgencies, useSession } from "../api/queries.ts";
import type { AgencyNode } from "../api/types.ts";
import { ErrorAlert } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import type { Submitted } from "./feedbackApi.ts";
import { useFeedbackI18n } from "./feedbackI18n.ts";
import { uploadAttachment } from "./uploadAttachment.ts";
import { VerifyContact } from "./VerifyContact.tsx";
import "./feedback.css";

type Subject = "dossier" | "procedure" | "agency" | "officer";
const SUBJECTS: Subject[] = ["dossier", "procedure", "agency", "officer"];

export const flattenAgencies = (nodes: AgencyNode[]): AgencyNode[] =>
  nodes.flatMap((node) => [node, ...flattenAgencies(node.children ?? [])]);

/** "Gửi phản ánh, kiến nghị": signed in, or with a contact verified by a one-time code. */
export default function SendFeedbackPage() {
  const { ft, lang, dateTime } = useFeedbackI18n();
  usePageTitle(ft("send.title"));
  const id = useId();
  const [params] = useSearchParams();
  const { data: session } = useSession();
  const agencies = useAgencies();
  const [subject, setSubject] = useState<Subject>(params.get("ho-so") ? "dossier" : "dossier");
  const [dossierCode, setDossierCode] = useState(params.get("ho-so") ?? "");
  const [procedureCode, setProcedureCode] = useState(params.get("thu-tuc") ?? "");
  const [agencyCode, setAgencyCode] = useState("");
  const [officerName, setOfficerName] = useState("");
  const [title, setTitle] = useState("");
  const [content, setContent] = useState("");
  const [name, setName] = useState(session?.actor.fullName ?? "");
  const [phone, setPhone] = useState("");
  const [email, setEmail] = useState("");
  const [consent, setConsent] = useState(true);
  const [verificationId, setVerificationId] = useState<string | null>(null);
  const [files, setFiles] = useState<{ id: string; fileName: string }[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<Submitted | null>(null);

  const upload = async (list: FileList | null) => {
    setError(null);
    try {
      for (const file of Array.from(list ?? [])) {
        const stored = await uploadAttachment(file, lang, session ? null : verificationId);
        setFiles((current) => [...current, stored]);
      }
    } catch (caught) {
      setError(caught);
    }
  };

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const submitted = await api.post<Submitted>("/api/public/feedback", {
        subject,
        ...(subject === "dossier" ? { dossierCode } : {}),
        ...(subject === "procedure" ? { procedureCode } : {}),
        ...(subject === "agency" || subject === "officer" ? { agencyCode } : {}),
        ...(subject === "officer" ? { officerName } : {}),
        title,
        content,
        name,
        ...(phone ? { phone } : {}),
        ...(email ? { email } : {}),
        consentPublish: consent,
        attachmentIds: files.map((file) => file.id),
        ...(session || !verificationId ? {} : { verificationId }),
      });
      setSent(submitted);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (sent)
    return (
      <>
        <h1>{ft("send.title")}</h1>
        <Alert
          type="success"
          showIcon
          role="status"
          title={ft("send.sent", { code: sent.code, due: dateTime(sent.dueAt) })}
        />
        <p>
          <Link to={session ? "/phan-anh-cua-toi" : "/phan-anh/cong-khai"}>
            {session ? ft("nav.mine") : ft("nav.published")}
          </Link>
        </p>
      </>
    );

  return (
    <>
      <h1>{ft("send.title")}</h1>
      <p className="lead">{ft("send.lead")}</p>
      <p>
        <Link to="/phan-anh/cong-khai">{ft("nav.published")}</Link> ·{" "}
        <Link to="/hoi-dap">{ft("nav.faq")}</Link>
      </p>
      {session ? null : <VerifyContact onVerified={(verified) => setVerificationId(verified)} />}
      <form
        className="feedback-form"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <label htmlFor={`${id}-subject`}>{ft("send.subject")}</label>
        <select
          id={`${id}-subject`}
          className="native-select"
          value={subject}
          onChange={(event) => setSubject(event.target.value as Subject)}
        >
          {SUBJECTS.map((value) => (
            <option key={value} value={value}>
              {ft(`subject.${value}`)}
            </option>
          ))}
        </select>
        {subject === "dossier" ? (
          <>
            <label htmlFor={`${id}-dossier`}>{ft("field.dossierCode")}</label>
            <Input
              id={`${id}-dossier`}
              value={dossierCode}
              onChange={(event) => setDossierCode(event.target.value)}
            />
          </>
        ) : null}
        {subject === "procedure" ? (
          <>
            <label htmlFor={`${id}-procedure`}>{ft("field.procedureCode")}</label>
            <Input
              id={`${id}-procedure`}
              value={procedureCode}
              onChange={(event) => setProcedureCode(event.target.value)}
            />
          </>
        ) : null}
        {subject === "agency" || subject === "officer" ? (
          <>
            <label htmlFor={`${id}-agency`}>{ft("field.agency")}</label>
            <select
              id={`${id}-agency`}
              className="native-select"
              value={agencyCode}
              onChange={(event) => setAgencyCode(event.target.value)}
            >
              <option value="">{ft("field.choose")}</option>
              {flattenAgencies(agencies.data ?? []).map((agency) => (
                <option key={agency.code} value={agency.code}>
                  {agency.name}
                </option>
              ))}
            </select>
          </>
        ) : null}
        {subject === "officer" ? (
          <>
            <label htmlFor={`${id}-officer`}>{ft("field.officerName")}</label>
            <Input
              id={`${id}-officer`}
              value={officerName}
              onChange={(event) => setOfficerName(event.target.value)}
            />
          </>
        ) : null}
        <label htmlFor={`${id}-title`}>{ft("field.title")}</label>
        <Input
          id={`${id}-title`}
          maxLength={200}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
        />
        <label htmlFor={`${id}-content`}>{ft("field.content")}</label>
        <Input.TextArea
          id={`${id}-content`}
          rows={6}
          maxLength={5000}
          value={content}
          onChange={(event) => setContent(event.target.value)}
        />
        <label htmlFor={`${id}-name`}>{ft("field.name")}</label>
        <Input
          id={`${id}-name`}
          autoComplete="name"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <label htmlFor={`${id}-phone`}>{ft("field.phone")}</label>
        <Input
          id={`${id}-phone`}
          autoComplete="tel"
          value={phone}
          onChange={(event) => setPhone(event.target.value)}
        />
        <label htmlFor={`${id}-email`}>{ft("field.email")}</label>
        <Input
          id={`${id}-email`}
          autoComplete="email"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <label htmlFor={`${id}-files`}>{ft("field.files")}</label>
        <input
          id={`${id}-files`}
          type="file"
          multiple
          disabled={!session && !verificationId}
          onChange={(event) => void upload(event.target.files)}
        />
        {files.length > 0 ? (
          <ul className="plain-list">
            {files.map((file) => (
              <li key={file.id}>{ft("send.uploaded", { name: file.fileName })}</li>
            ))}
          </ul>
        ) : null}
        <Checkbox checked={consent} onChange={(event) => setConsent(event.target.checked)}>
          {ft("field.consent")}
        </Checkbox>
        {error ? <ErrorAlert error={error} /> : null}
        <Button type="primary" htmlType="submit" loading={busy} disabled={!session && !verificationId}>
          {ft("send.submit")}
        </Button>
      </form>
    </>
  );
}
