import { useQuery } from "@tanstack/react-query";
import { Tag } from "antd";
import { api } from "../api/client.ts";
import { type SigningKey, useSigningI18n } from "./signingI18n.ts";

/** GET /api/dossiers/:id/files/:fileId/signatures and GET /api/uploads/:id/signatures */
export interface SignatureCheck {
  state: "valid" | "broken" | "unknownIssuer" | "revoked" | "expired";
  signerName: string | null;
  organisation: string | null;
  signedAt: string | null;
  certificateSerial: string | null;
  issuerName: string | null;
}

/** Dark tones with white text: readable (contrast ≥ 4.5:1) on the tag's own background. */
const TONES: Record<SignatureCheck["state"], string> = {
  valid: "#237804",
  broken: "#a8071a",
  revoked: "#a8071a",
  unknownIssuer: "#874d00",
  expired: "#874d00",
};

/** The signatures of one file as a reader would judge them now: state, signer, organisation, time. */
export function SignatureChecks({ checks }: { checks: SignatureCheck[] }) {
  const { gt, dateTime } = useSigningI18n();
  if (checks.length === 0) return <Tag data-testid="signature-state">{gt("sign.check.none")}</Tag>;
  return (
    <ul className="signature-list">
      {checks.map((check, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: signatures are listed in the file's own order
        <li key={index}>
          <Tag color={TONES[check.state]} data-testid="signature-state" data-state={check.state}>
            {gt(`sign.check.${check.state}` as SigningKey)}
          </Tag>
          {check.signerName ? (
            <span data-testid="signature-signer">
              {check.organisation
                ? gt("sign.signedByOrg", {
                    name: check.signerName,
                    organisation: check.organisation,
                    time: dateTime(check.signedAt),
                  })
                : gt("sign.signedBy", { name: check.signerName, time: dateTime(check.signedAt) })}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export const signatureKey = (dossierId: string, fileId: string) => ["signatures", dossierId, fileId] as const;

/** One dossier file's signatures, verified by the server on display (issue #16). */
export function FileSignatureStatus({ dossierId, fileId }: { dossierId: string; fileId: string }) {
  const { gt } = useSigningI18n();
  const query = useQuery({
    queryKey: signatureKey(dossierId, fileId),
    queryFn: () =>
      api.get<{ signatures: SignatureCheck[] }>(
        `/api/dossiers/${encodeURIComponent(dossierId)}/files/${encodeURIComponent(fileId)}/signatures`,
      ),
    staleTime: 60_000,
    retry: false,
  });
  if (query.isPending) return <span className="muted">{gt("sign.check.loading")}</span>;
  if (query.error) return <span className="muted">{gt("sign.check.failed")}</span>;
  return <SignatureChecks checks={query.data.signatures} />;
}
