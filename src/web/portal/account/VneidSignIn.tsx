import { Alert, Button } from "antd";
import { useSearchParams } from "react-router";
import { isVneidErrorCode, useVneidI18n } from "./vneidI18n.ts";

/**
 * "Đăng nhập bằng VNeID" on the login page (issue #14, R-ACC-1): a plain link to GET /api/auth/oidc/login, which
 * answers 302 to the national e-ID; the page says why when a sign-in came back without a session (`?loi=`).
 */
export function VneidSignIn({ next }: { next: string }) {
  const { vt } = useVneidI18n();
  const [params] = useSearchParams();
  const failure = params.get("loi");
  return (
    <section className="section vneid-sign-in" aria-label="VNeID">
      {isVneidErrorCode(failure) ? (
        <Alert type="error" showIcon title={vt(`vneid.error.${failure}`)} style={{ marginBottom: 16 }} />
      ) : null}
      <Button
        type="primary"
        danger
        size="large"
        block
        href={`/api/auth/oidc/login?returnTo=${encodeURIComponent(next)}`}
      >
        {vt("vneid.button")}
      </Button>
      <p style={{ marginTop: 8 }}>{vt("vneid.help")}</p>
      <p style={{ textAlign: "center", color: "#595959" }}>{vt("vneid.or")}</p>
    </section>
  );
}
