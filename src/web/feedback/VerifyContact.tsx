import { Alert, Button, Input } from "antd";
import { useId, useState } from "react";
import { Link, useLocation } from "react-router";
import { api } from "../api/client.ts";
import { ErrorAlert } from "../app/ui.tsx";
import { useFeedbackI18n } from "./feedbackI18n.ts";

/**
 * For a visitor without a session: a one-time code by SMS or e-mail verifies the contact the answer goes to.
 * `onVerified` receives the verification's id, which the submission then carries.
 */
export function VerifyContact({ onVerified }: { onVerified: (id: string, address: string) => void }) {
  const { ft } = useFeedbackI18n();
  const id = useId();
  const location = useLocation();
  const [channel, setChannel] = useState<"sms" | "email">("sms");
  const [address, setAddress] = useState("");
  const [code, setCode] = useState("");
  const [pending, setPending] = useState<string | null>(null);
  const [verified, setVerified] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (verified)
    return <Alert type="success" showIcon role="status" title={ft("verify.done", { address: verified })} />;
  return (
    <section className="feedback-verify" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{ft("verify.title")}</h2>
      <p>
        {ft("verify.lead")}{" "}
        <Link to={`/dang-nhap?next=${encodeURIComponent(location.pathname + location.search)}`}>
          {ft("verify.login")}
        </Link>
      </p>
      <div className="feedback-form">
        <label htmlFor={`${id}-channel`}>{ft("verify.channel")}</label>
        <select
          id={`${id}-channel`}
          className="native-select"
          value={channel}
          onChange={(event) => setChannel(event.target.value as "sms" | "email")}
        >
          <option value="sms">{ft("verify.sms")}</option>
          <option value="email">{ft("verify.email")}</option>
        </select>
        <label htmlFor={`${id}-address`}>{ft("verify.address")}</label>
        <Input
          id={`${id}-address`}
          value={address}
          autoComplete={channel === "sms" ? "tel" : "email"}
          onChange={(event) => setAddress(event.target.value)}
        />
        <Button
          loading={busy && !pending}
          onClick={() =>
            void run(async () => {
              const started = await api.post<{ verificationId: string }>(
                "/api/public/contact-verifications",
                {
                  channel,
                  address,
                },
              );
              setPending(started.verificationId);
            })
          }
        >
          {ft("verify.send")}
        </Button>
        {pending ? (
          <>
            <label htmlFor={`${id}-code`}>{ft("verify.code")}</label>
            <Input
              id={`${id}-code`}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              onChange={(event) => setCode(event.target.value)}
            />
            <Button
              type="primary"
              loading={busy}
              onClick={() =>
                void run(async () => {
                  const done = await api.post<{ verificationId: string; address: string }>(
                    `/api/public/contact-verifications/${pending}/confirm`,
                    { code },
                  );
                  setVerified(done.address);
                  onVerified(done.verificationId, done.address);
                })
              }
            >
              {ft("verify.confirm")}
            </Button>
          </>
        ) : null}
      </div>
      {error ? <ErrorAlert error={error} /> : null}
    </section>
  );
}
