import {
  type OfficerCredential,
  SigningDeclined,
  type SigningOfficer,
  type SigningPort,
  type SigningTrust,
  SigningUnavailable,
} from "./signingPort.ts";

export interface RemoteSigningSettings {
  /** SIGNING_SERVICE_URL: the CA's remote-signing API (…/v1). */
  url: string;
  /** SIGNING_SERVICE_TOKEN: OneStop's access token at the service. */
  token: string;
  /** How long the officer has to confirm on the signing app, and each request's own limit. */
  timeoutMs: number;
  /** Between two asks of a pending transaction. */
  pollMs?: number;
}

interface TransactionAnswer {
  transactionId: string;
  status: "pending" | "confirmed" | "declined";
  signature?: string;
}

/**
 * The remote-signing service as the Vietnamese CAs offer it to officials (issue #16): the service holds the
 * officer's key; OneStop enrols or finds the officer's credential, sends the digest to sign, and the officer confirms
 * on the CA's app; OneStop asks until the transaction is confirmed, declined, or the time is up.
 *
 * API: `POST /credentials` {userId, fullName, organisation} → credential; `POST /signatures` {credentialId,
 * hashAlgorithm: "SHA-256", hash (base64), description} → 202 transaction; `GET /signatures/:id` → its state;
 * `GET /trust` → roots, intermediates, CRLs. Bearer token on every call.
 */
export function remoteSigning(settings: RemoteSigningSettings): SigningPort {
  const base = settings.url.replace(/\/+$/, "");
  const call = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method: init.method ?? "GET",
        headers: {
          authorization: `Bearer ${settings.token}`,
          ...(init.body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
    } catch (error) {
      throw new SigningUnavailable(error instanceof Error ? error.message : String(error));
    }
    if (!response.ok)
      throw new SigningUnavailable(`${init.method ?? "GET"} ${path} answered ${response.status}`);
    return (await response.json()) as T;
  };
  return {
    credentialFor: (officer: SigningOfficer) =>
      call<OfficerCredential>("/credentials", { method: "POST", body: officer }),
    async signDigest(credential, digest, description) {
      const deadline = Date.now() + settings.timeoutMs;
      let answer = await call<TransactionAnswer>("/signatures", {
        method: "POST",
        body: {
          credentialId: credential.credentialId,
          hashAlgorithm: "SHA-256",
          hash: Buffer.from(digest).toString("base64"),
          description,
        },
      });
      while (answer.status === "pending") {
        if (Date.now() >= deadline) throw new SigningUnavailable("the officer did not confirm in time");
        await new Promise((resolve) => setTimeout(resolve, settings.pollMs ?? 500));
        answer = await call<TransactionAnswer>(`/signatures/${encodeURIComponent(answer.transactionId)}`);
      }
      if (answer.status === "declined") throw new SigningDeclined();
      if (!answer.signature) throw new SigningUnavailable("a confirmed transaction without a signature");
      return Buffer.from(answer.signature, "base64");
    },
    trust: () => call<SigningTrust>("/trust"),
  };
}
