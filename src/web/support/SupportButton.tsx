import { Alert, Button, Input, Modal } from "antd";
import { useId, useState } from "react";
import { useLocation } from "react-router";
import { api } from "../api/client.ts";
import { useSession } from "../api/queries.ts";
import { ErrorAlert } from "../app/ui.tsx";
import { dossierIdOfPath, type SupportTicket, type TicketTopic, TOPICS } from "./supportApi.ts";
import { localTime, useSupportI18n } from "./supportI18n.ts";

/**
 * "Cần hỗ trợ?" on every page: a dialog that sends a support request with the page's address and, on a dossier page,
 * the dossier. Anonymous visitors leave a phone number or an e-mail address; the server says which is missing.
 */
export function SupportButton() {
  const { st } = useSupportI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} className="support-button">
        {st("help.button")}
      </Button>
      {open ? <SupportDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function SupportDialog({ onClose }: { onClose: () => void }) {
  const { st } = useSupportI18n();
  const { data: session } = useSession();
  const location = useLocation();
  const id = useId();
  const page = location.pathname + location.search;
  const [topic, setTopic] = useState<TicketTopic>("submission");
  const [description, setDescription] = useState("");
  const [name, setName] = useState("");
  const [phone, setPhone] = useState("");
  const [email, setEmail] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<SupportTicket | null>(null);

  const send = async () => {
    setSending(true);
    setError(null);
    try {
      const ticket = await api.post<SupportTicket>("/api/support/tickets", {
        topic,
        description,
        pageUrl: page,
        dossierId: dossierIdOfPath(location.pathname),
        ...(session ? {} : { name: name || null, phone: phone || null, email: email || null }),
      });
      setSent(ticket);
    } catch (caught) {
      setError(caught);
    } finally {
      setSending(false);
    }
  };

  return (
    <Modal
      open
      title={st("help.title")}
      onCancel={onClose}
      footer={
        sent
          ? [
              <Button key="close" onClick={onClose}>
                {st("help.cancel")}
              </Button>,
            ]
          : [
              <Button key="close" onClick={onClose}>
                {st("help.cancel")}
              </Button>,
              <Button key="send" type="primary" loading={sending} onClick={() => void send()}>
                {st("help.send")}
              </Button>,
            ]
      }
    >
      {sent ? (
        <Alert
          type="success"
          showIcon
          role="status"
          message={st("help.sent", { code: sent.code, due: localTime(sent.responseDueAt) })}
        />
      ) : (
        <form
          className="support-form"
          onSubmit={(event) => {
            event.preventDefault();
            void send();
          }}
        >
          <p>{st("help.lead")}</p>
          <p className="support-form__page">{st("help.page", { page })}</p>
          <label htmlFor={`${id}-topic`}>{st("help.topic")}</label>
          <select
            id={`${id}-topic`}
            className="native-select"
            value={topic}
            onChange={(event) => setTopic(event.target.value as TicketTopic)}
          >
            {TOPICS.map((value) => (
              <option key={value} value={value}>
                {st(`topic.${value}`)}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-description`}>{st("help.description")}</label>
          <Input.TextArea
            id={`${id}-description`}
            rows={4}
            maxLength={4000}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
          {session ? null : (
            <>
              <p>{st("help.contactHint")}</p>
              <label htmlFor={`${id}-name`}>{st("help.name")}</label>
              <Input
                id={`${id}-name`}
                value={name}
                onChange={(event) => setName(event.target.value)}
                autoComplete="name"
              />
              <label htmlFor={`${id}-phone`}>{st("help.phone")}</label>
              <Input
                id={`${id}-phone`}
                value={phone}
                onChange={(event) => setPhone(event.target.value)}
                inputMode="tel"
                autoComplete="tel"
              />
              <label htmlFor={`${id}-email`}>{st("help.email")}</label>
              <Input
                id={`${id}-email`}
                type="email"
                value={email}
                onChange={(event) => setEmail(event.target.value)}
                autoComplete="email"
              />
            </>
          )}
          {error ? <ErrorAlert error={error} /> : null}
        </form>
      )}
    </Modal>
  );
}
