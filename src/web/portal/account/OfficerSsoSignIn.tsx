import { Alert, Button } from "antd";
import { useSearchParams } from "react-router";
import { isSsoErrorCode, useMfaI18n } from "./mfaI18n.ts";

/**
 * Officers' "sign in with the province SSO" on the login page (issue #14, R-ACC-2): a plain link to GET
 * /api/auth/officer-sso/login, which answers 302 to the SSO; the page says why a sign-in came back without a session.
 */
export function OfficerSsoSignIn({ next }: { next: string }) {
  const { mt } = useMfaI18n();
  const [params] = useSearchParams();
  const failure = params.get("loi");
  const returnTo = next === "/" ? "/van-phong" : next;
  return (
    <section className="section officer-sso-sign-in" aria-label="SSO">
      {isSsoErrorCode(failure) ? (
        <Alert type="error" showIcon title={mt(`sso.error.${failure}`)} style={{ marginBottom: 16 }} />
      ) : null}
      <Button block href={`/api/auth/officer-sso/login?returnTo=${encodeURIComponent(returnTo)}`}>
        {mt("sso.button")}
      </Button>
      <p style={{ marginTop: 8 }}>{mt("sso.help")}</p>
    </section>
  );
}
