import { Button, Input, Result } from "antd";
import { useId, useState } from "react";
import { api } from "../../api/client.ts";
import { ErrorAlert, RequireSession } from "../../app/ui.tsx";
import { usePageTitle } from "../../i18n/i18n.tsx";
import { RatingForm, type RatingValue } from "./RatingForm.tsx";
import { useRatingI18n } from "./ratingI18n.ts";
import "./rating.css";

interface KioskSession {
  sessionId: string;
  expiresAt: string;
  dossier: { code: string; procedureName: string; agencyName: string };
}

/**
 * The counter kiosk (R-EVAL-1): the counter officer, logged in, opens the screen for a dossier code; the applicant
 * then rates with large buttons. The server checks the officer's agency, the result and that the dossier is not
 * rated yet, and takes the rating only on the session it opened.
 */
export default function KioskPage() {
  const { rt } = useRatingI18n();
  usePageTitle(rt("kiosk.title"));
  return <RequireSession>{() => <Kiosk />}</RequireSession>;
}

function Kiosk() {
  const { rt } = useRatingI18n();
  const codeId = useId();
  const [code, setCode] = useState("");
  const [session, setSession] = useState<KioskSession | null>(null);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const open = async () => {
    setError(null);
    setBusy(true);
    try {
      setSession(await api.post<KioskSession>("/api/office/kiosk/sessions", { dossierCode: code.trim() }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const rate = async (value: RatingValue) => {
    await api.post(`/api/office/kiosk/sessions/${session?.sessionId}/rating`, value);
    setDone(true);
  };
  const reset = () => {
    setSession(null);
    setDone(false);
    setCode("");
  };

  if (done)
    return (
      <div className="kiosk">
        <Result
          status="success"
          title={<h1 className="result-title">{rt("kiosk.thanks")}</h1>}
          extra={
            <Button type="primary" size="large" onClick={reset}>
              {rt("kiosk.next")}
            </Button>
          }
        />
      </div>
    );
  if (session)
    return (
      <div className="kiosk">
        <h1>{rt("rating.title")}</h1>
        <p className="kiosk__dossier">
          {rt("kiosk.for", { code: session.dossier.code, procedure: session.dossier.procedureName })}
        </p>
        <RatingForm onSubmit={rate} large />
        <p>
          <Button size="large" onClick={reset}>
            {rt("kiosk.cancel")}
          </Button>
        </p>
      </div>
    );
  return (
    <div className="kiosk">
      <h1>{rt("kiosk.title")}</h1>
      <p>{rt("kiosk.intro")}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void open();
        }}
      >
        <label htmlFor={codeId}>{rt("kiosk.code")}</label>
        <Input
          id={codeId}
          size="large"
          value={code}
          onChange={(event) => setCode(event.target.value)}
          required
        />
        {error ? <ErrorAlert error={error} /> : null}
        <Button type="primary" htmlType="submit" size="large" loading={busy}>
          {rt("kiosk.open")}
        </Button>
      </form>
    </div>
  );
}
