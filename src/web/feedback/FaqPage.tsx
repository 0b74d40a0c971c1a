import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Checkbox, Input } from "antd";
import { useId, useState } from "react";
import { useSearchParams } from "react-router";
import { api } from "../api/client.ts";
import { useSession } from "../api/queries.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { FaqList } from "./FaqList.tsx";
import type { FaqEntry, Submitted } from "./feedbackApi.ts";
import { useFeedbackI18n } from "./feedbackI18n.ts";
import { VerifyContact } from "./VerifyContact.tsx";
import "./feedback.css";

/** "Hỏi đáp": the FAQ searched without diacritics (per procedure with ?thu-tuc=), and asking a new question. */
export default function FaqPage() {
  const { ft } = useFeedbackI18n();
  usePageTitle(ft("faq.title"));
  const id = useId();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const procedure = params.get("thu-tuc") ?? "";
  const [text, setText] = useState(q);
  const query = useQuery({
    queryKey: ["faq", q, procedure],
    queryFn: () =>
      api.get<{ items: FaqEntry[] }>(
        `/api/public/faq?${new URLSearchParams({ ...(q ? { q } : {}), ...(procedure ? { procedure } : {}) })}`,
      ),
  });
  return (
    <>
      <h1>{procedure ? ft("faq.forProcedure", { code: procedure }) : ft("faq.title")}</h1>
      <p className="lead">{ft("faq.lead")}</p>
      <form
        className="feedback-search"
        onSubmit={(event) => {
          event.preventDefault();
          const next = new URLSearchParams(params);
          if (text.trim()) next.set("q", text.trim());
          else next.delete("q");
          setParams(next);
        }}
      >
        <label htmlFor={`${id}-q`} className="visually-hidden">
          {ft("faq.search")}
        </label>
        <Input
          id={`${id}-q`}
          placeholder={ft("faq.search")}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <Button type="primary" htmlType="submit">
          {ft("faq.searchButton")}
        </Button>
      </form>
      {query.isPending ? <Loading /> : null}
      {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data?.items.length === 0 ? <p role="status">{ft("faq.none")}</p> : null}
      {query.data ? <FaqList items={query.data.items} /> : null}
      <AskQuestion procedure={procedure} />
    </>
  );
}

function AskQuestion({ procedure }: { procedure: string }) {
  const { ft } = useFeedbackI18n();
  const id = useId();
  const { data: session } = useSession();
  const [procedureCode, setProcedureCode] = useState(procedure);
  const [title, setTitle] = useState("");
  const [content, setContent] = useState("");
  const [name, setName] = useState(session?.actor.fullName ?? "");
  const [identity, setIdentity] = useState("");
  const [phone, setPhone] = useState("");
  const [email, setEmail] = useState("");
  const [consent, setConsent] = useState(true);
  const [verificationId, setVerificationId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<Submitted | null>(null);
  const send = async () => {
    setError(null);
    try {
      setSent(
        await api.post<Submitted>("/api/public/questions", {
          procedureCode,
          title,
          content,
          name,
          identity,
          ...(phone ? { phone } : {}),
          ...(email ? { email } : {}),
          consentPublish: consent,
          ...(session || !verificationId ? {} : { verificationId }),
        }),
      );
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <section className="section" aria-labelledby={`${id}-ask`}>
      <h2 id={`${id}-ask`}>{ft("faq.ask")}</h2>
      <p>{ft("faq.askLead")}</p>
      {sent ? (
        <Alert type="success" showIcon role="status" title={ft("send.sentQuestion", { code: sent.code })} />
      ) : (
        <>
          {session ? null : <VerifyContact onVerified={(verified) => setVerificationId(verified)} />}
          <form
            className="feedback-form"
            onSubmit={(event) => {
              event.preventDefault();
              void send();
            }}
          >
            <label htmlFor={`${id}-procedure`}>{ft("field.procedureCode")}</label>
            <Input
              id={`${id}-procedure`}
              value={procedureCode}
              onChange={(event) => setProcedureCode(event.target.value)}
            />
            <label htmlFor={`${id}-title`}>{ft("field.title")}</label>
            <Input id={`${id}-title`} value={title} onChange={(event) => setTitle(event.target.value)} />
            <label htmlFor={`${id}-content`}>{ft("field.content")}</label>
            <Input.TextArea
              id={`${id}-content`}
              rows={5}
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
            <label htmlFor={`${id}-identity`}>{ft("field.identity")}</label>
            <Input
              id={`${id}-identity`}
              value={identity}
              onChange={(event) => setIdentity(event.target.value)}
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
            <Checkbox checked={consent} onChange={(event) => setConsent(event.target.checked)}>
              {ft("field.consent")}
            </Checkbox>
            {error ? <ErrorAlert error={error} /> : null}
            <Button type="primary" htmlType="submit" disabled={!session && !verificationId}>
              {ft("faq.askSubmit")}
            </Button>
          </form>
        </>
      )}
    </section>
  );
}
