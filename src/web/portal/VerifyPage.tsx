import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Input } from "antd";
import type { JSONWebKeySet } from "jose";
import { type ChangeEvent, type ReactNode, useEffect, useId, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import type { ResultClaims } from "../../domain/results/resultClaims.ts";
import type { TokenVerification } from "../../services/results/verifyToken.ts";
import { ApiError, api, refreshCsrfToken } from "../api/client.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { type ResultsKey, useResultsI18n } from "../results/resultsI18n.ts";

interface ResultFacts {
  code: string;
  agencyCode: string;
  agencyName: string;
  dossierCode: string;
  procedureCode: string;
  procedureName: string;
  issuedAt: string;
  holder: string;
  fileSha256: string;
  token: string;
  kid: string;
  verifyUrl: string;
}

const JWKS_STORAGE = "onestop.jwks";

/**
 * The province's public keys: fetched from /.well-known/jwks.json and saved, so a verification works later without a
 * network (the saved copy is used when the fetch fails).
 */
async function loadJwks(): Promise<JSONWebKeySet | null> {
  try {
    const response = await fetch("/.well-known/jwks.json", { credentials: "omit" });
    if (!response.ok) throw new Error(String(response.status));
    const jwks = (await response.json()) as JSONWebKeySet;
    try {
      window.localStorage.setItem(JWKS_STORAGE, JSON.stringify(jwks));
    } catch {
      // Not saved (private mode): online checks still work.
    }
    return jwks;
  } catch {
    try {
      const saved = window.localStorage.getItem(JWKS_STORAGE);
      return saved ? (JSON.parse(saved) as JSONWebKeySet) : null;
    } catch {
      return null;
    }
  }
}

/** The signature check, in the browser with `jose` and the published keys (no server needed once they are saved). */
async function verifyInBrowser(token: string): Promise<TokenVerification | "noKeys"> {
  const jwks = await loadJwks();
  if (!jwks) return "noKeys";
  // Loaded with the check: the portal's other pages do not carry the crypto code.
  const { verifyResultToken } = await import("../../services/results/verifyToken.ts");
  return verifyResultToken(token, jwks);
}

async function sha256Hex(file: File): Promise<string | null> {
  if (!window.crypto?.subtle) return null;
  const digest = await window.crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Public verification of an electronic result (R-RES-1, R-RES-2): /xac-minh to enter a code, /xac-minh/<code>?t=<JWS>
 * is what a result's QR code opens. Shows the record's public facts, checks the signed token in the browser against
 * the published keys (also offline, from the QR code alone), and compares a chosen file's SHA-256 with the result's.
 */
export default function VerifyPage() {
  const { code: routeCode } = useParams();
  const [search] = useSearchParams();
  const token = search.get("t") ?? undefined;
  const { rt } = useResultsI18n();
  const navigate = useNavigate();
  const [code, setCode] = useState(routeCode ?? "");
  useEffect(() => setCode(routeCode ?? ""), [routeCode]);
  const id = useId();
  usePageTitle(routeCode ? `${rt("verify.title")} ${routeCode}` : rt("verify.title"));
  return (
    <>
      <h1>{rt("verify.title")}</h1>
      <p className="lead">{rt("verify.lead")}</p>
      <form
        className="section search-row"
        onSubmit={(event) => {
          event.preventDefault();
          if (code.trim()) void navigate(`/xac-minh/${encodeURIComponent(code.trim())}`);
        }}
      >
        <label htmlFor={id}>{rt("verify.codeLabel")}</label>
        <Input
          id={id}
          value={code}
          onChange={(event) => setCode(event.target.value)}
          placeholder={rt("verify.codePlaceholder")}
          autoComplete="off"
          spellCheck={false}
          style={{ flex: "1 1 220px" }}
        />
        <Button type="primary" htmlType="submit">
          {rt("verify.submit")}
        </Button>
      </form>
      {routeCode ? <VerifyResult key={`${routeCode}:${token ?? ""}`} code={routeCode} token={token} /> : null}
    </>
  );
}

function VerifyResult({ code, token }: { code: string; token: string | undefined }) {
  const { rt } = useResultsI18n();
  const query = useQuery({
    queryKey: ["verify", code],
    queryFn: () => api.get<ResultFacts>(`/api/public/results/${encodeURIComponent(code)}`),
    retry: false,
  });
  if (query.isPending) return <Loading />;
  if (query.error) {
    if (query.error instanceof ApiError && query.error.status === 404)
      return <Alert type="warning" showIcon role="alert" title={rt("verify.notFound", { code })} />;
    // No server: the QR code's token alone still tells the facts, checked against the saved keys.
    if (token && query.error instanceof ApiError && query.error.status === 0)
      return (
        <>
          <Alert type="info" showIcon title={rt("verify.offline")} />
          <SignatureCheck token={token} />
        </>
      );
    return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  }
  const facts = query.data;
  return (
    <>
      <Facts
        claims={{
          ...facts,
          sha256: facts.fileSha256,
          issuedAt: new Date(facts.issuedAt),
        }}
      />
      <SignatureCheck token={token ?? facts.token} expected={facts} />
      <FileCheck code={facts.code} sha256={facts.fileSha256} />
      <section className="section" aria-labelledby="verify-qr">
        <h2 id="verify-qr">{rt("verify.qr")}</h2>
        <img
          src={`/api/public/results/${encodeURIComponent(facts.code)}/qr.svg`}
          alt={rt("verify.qrAlt", { code: facts.code })}
          width={180}
          height={180}
        />
      </section>
      <p>
        <Link to="/xac-minh">{rt("verify.another")}</Link>
      </p>
    </>
  );
}

function Facts({ claims }: { claims: Omit<ResultClaims, "agencyCode"> & { agencyCode?: string } }) {
  const { rt, dateTime } = useResultsI18n();
  return (
    <section className="section" aria-labelledby="verify-facts">
      <h2 id="verify-facts" className="break">
        {rt("verify.facts")}
      </h2>
      <dl className="dl-grid">
        <dt>{rt("verify.codeLabel")}</dt>
        <dd className="break">
          <strong>{claims.code}</strong>
        </dd>
        <dt>{rt("verify.agency")}</dt>
        <dd>{claims.agencyName}</dd>
        <dt>{rt("verify.dossierCode")}</dt>
        <dd className="break">{claims.dossierCode}</dd>
        <dt>{rt("verify.procedure")}</dt>
        <dd>
          {claims.procedureName} ({claims.procedureCode})
        </dd>
        <dt>{rt("verify.issuedAt")}</dt>
        <dd>{dateTime(claims.issuedAt.toISOString())}</dd>
        <dt>{rt("verify.holder")}</dt>
        <dd>{claims.holder}</dd>
        <dt>{rt("verify.sha256")}</dt>
        <dd className="break">
          <code>{claims.sha256}</code>
        </dd>
      </dl>
    </section>
  );
}

function SignatureCheck({ token, expected }: { token: string; expected?: ResultFacts }) {
  const { rt } = useResultsI18n();
  const check = useQuery({
    queryKey: ["verify-token", token],
    queryFn: () => verifyInBrowser(token),
    retry: false,
  });
  let body: ReactNode;
  if (check.isPending) body = <p role="status">{rt("verify.checking")}</p>;
  else if (check.error) body = <ErrorAlert error={check.error} />;
  else if (check.data === "noKeys")
    body = <Alert type="warning" showIcon role="alert" title={rt("verify.noKeys")} />;
  else if (!check.data.valid)
    body = (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={rt(`verify.reason.${check.data.reason}` as ResultsKey)}
      />
    );
  else if (
    expected &&
    (check.data.claims.code !== expected.code || check.data.claims.sha256 !== expected.fileSha256)
  )
    body = <Alert type="error" showIcon role="alert" title={rt("verify.reason.mismatch")} />;
  else
    body = (
      <>
        <Alert type="success" showIcon role="status" title={rt("verify.valid")} />
        <p className="muted break">{rt("verify.validKey", { kid: check.data.kid })}</p>
        {/* Offline, the signed claims are the only facts there are: show them. */}
        {expected ? null : <Facts claims={check.data.claims} />}
      </>
    );
  return (
    <section className="section" aria-labelledby="verify-signature">
      <h2 id="verify-signature">{rt("verify.signature")}</h2>
      {body}
    </section>
  );
}

async function checkOnServer(
  code: string,
  file: File,
  lang: string,
): Promise<{ matches: boolean; sha256: string }> {
  const form = new FormData();
  form.append("file", file);
  const csrf = await refreshCsrfToken();
  const response = await fetch(`/api/public/results/${encodeURIComponent(code)}/check-file`, {
    method: "POST",
    body: form,
    credentials: "same-origin",
    headers: {
      accept: "application/json",
      "accept-language": lang,
      ...(csrf ? { "x-csrf-token": csrf } : {}),
    },
  });
  const body = (await response.json().catch(() => null)) as {
    matches: boolean;
    sha256: string;
    error?: { code: string; message: string };
  } | null;
  if (!response.ok || !body)
    throw new ApiError(
      response.status,
      body?.error?.code ?? "HTTP_ERROR",
      body?.error?.message ?? String(response.status),
    );
  return body;
}

function FileCheck({ code, sha256 }: { code: string; sha256: string }) {
  const { rt, lang } = useResultsI18n();
  const id = useId();
  const [outcome, setOutcome] = useState<{ matches: boolean; sha256: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const onChange = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setOutcome(null);
    setError(null);
    if (!file) return;
    try {
      const local = await sha256Hex(file);
      if (local) setOutcome({ matches: local === sha256, sha256: local });
      else {
        // No WebCrypto (a page served over plain http): the server compares, keeping nothing.
        setOutcome(await checkOnServer(code, file, lang));
      }
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <section className="section" aria-labelledby="verify-file">
      <h2 id="verify-file">{rt("verify.file")}</h2>
      <p className="muted">{rt("verify.fileLead")}</p>
      <label htmlFor={id}>{rt("verify.fileLabel")}</label>{" "}
      <input id={id} type="file" onChange={(event) => void onChange(event)} />
      <div aria-live="polite" style={{ marginTop: 12 }}>
        {error ? <ErrorAlert error={error} /> : null}
        {outcome ? (
          <>
            <Alert
              type={outcome.matches ? "success" : "error"}
              showIcon
              title={rt(outcome.matches ? "verify.fileMatch" : "verify.fileMismatch")}
            />
            <p className="muted break">{rt("verify.fileHash", { sha256: outcome.sha256 })}</p>
          </>
        ) : null}
      </div>
    </section>
  );
}
