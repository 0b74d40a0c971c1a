import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../api/client.ts";
import { useResultsI18n } from "./resultsI18n.ts";

export interface DossierResult {
  code: string;
  fileId: string;
  fileName: string;
  fileSha256: string;
  issuedAt: string;
  verifyUrl: string;
}

/** The verify page's address inside the app (same site), whatever host PUBLIC_URL names. */
export function verifyPath(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

/**
 * A dossier's electronic results with their verification code and QR code (R-RES-1), for the applicant's page and the
 * office's: nothing is shown until a result exists. `version` refetches after the dossier changes (an approval).
 */
export function ResultVerification({ dossierId, version }: { dossierId: string; version: number }) {
  const { rt, dateTime } = useResultsI18n();
  const query = useQuery({
    queryKey: ["dossier-results", dossierId, version],
    queryFn: () => api.get<DossierResult[]>(`/api/dossiers/${dossierId}/results`),
  });
  if (query.isPending) return null;
  if (query.error)
    return (
      <p className="muted" role="status">
        {rt("results.loadError")}
      </p>
    );
  if (query.data.length === 0) return null;
  return (
    <section className="section" aria-labelledby="dossier-results">
      <h2 id="dossier-results">{rt("results.title")}</h2>
      <p className="muted">{rt("results.lead")}</p>
      <ul className="plain-list">
        {query.data.map((result) => (
          <li
            key={result.code}
            style={{ display: "flex", gap: 16, flexWrap: "wrap", alignItems: "flex-start" }}
          >
            <img
              src={`/api/public/results/${encodeURIComponent(result.code)}/qr.svg`}
              alt={rt("verify.qrAlt", { code: result.code })}
              width={160}
              height={160}
            />
            <div>
              <p style={{ margin: 0 }}>
                <strong className="verification-code">{rt("results.code", { code: result.code })}</strong>
              </p>
              <p style={{ margin: 0 }}>{rt("results.file", { file: result.fileName })}</p>
              <p className="muted" style={{ margin: 0 }}>
                {rt("results.issuedAt", { at: dateTime(result.issuedAt) })}
              </p>
              <p style={{ margin: "8px 0 0" }}>
                <Link to={verifyPath(result.verifyUrl)}>{rt("results.open")}</Link>
              </p>
              <p style={{ margin: "4px 0 0" }}>
                <a
                  href={`/api/dossiers/${dossierId}/results/${encodeURIComponent(result.code)}/phieu-xac-thuc.pdf`}
                  target="_blank"
                  rel="noopener"
                >
                  {rt("results.slip")}
                </a>
              </p>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
