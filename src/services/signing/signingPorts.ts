import { remoteSigning } from "../../integrations/signing/remoteSigningClient.ts";
import {
  type SigningSimulator,
  startSigningSimulator,
} from "../../integrations/signing/remoteSigningSimulator.ts";
import type { SigningPort, SigningTrust } from "../../integrations/signing/signingPort.ts";
import type { SigningSettings } from "../../integrations/signing/signingSettings.ts";

/** The officers' signing side of the app (issue #16): the port, a cached trust list, the simulator when used. */
export interface SigningPorts {
  port: SigningPort;
  /** The roots, intermediates and CRLs verification uses, refreshed every few minutes (CRLs change). */
  trust(): Promise<SigningTrust>;
  simulator?: SigningSimulator;
  close(): Promise<void>;
}

const TRUST_TTL_MS = 5 * 60_000;

/** A port with its trust list cached: every verification would otherwise fetch the CRLs again. */
export function signingPortsOf(port: SigningPort, extra: Partial<Omit<SigningPorts, "port" | "trust">> = {}) {
  let cached: { trust: SigningTrust; until: number } | undefined;
  const ports: SigningPorts = {
    port,
    async trust() {
      if (cached && cached.until > Date.now()) return cached.trust;
      const trust = await port.trust();
      cached = { trust, until: Date.now() + TRUST_TTL_MS };
      return trust;
    },
    close: async () => {},
    ...extra,
  };
  return ports;
}

/**
 * The configured CA service (SIGNING_SERVICE_URL, SIGNING_SERVICE_TOKEN), or the simulator on loopback when it is
 * unset (development, demos). The simulator keeps its CA in `stateFile` so that documents signed before a restart
 * still verify.
 */
export async function openSigningPorts(settings: SigningSettings, stateFile?: string): Promise<SigningPorts> {
  if (settings.signingServiceUrl && settings.signingServiceToken)
    return signingPortsOf(
      remoteSigning({
        url: settings.signingServiceUrl,
        token: settings.signingServiceToken,
        timeoutMs: settings.signingTimeoutMs,
      }),
    );
  const simulator = await startSigningSimulator(stateFile ? { stateFile } : {});
  return signingPortsOf(
    remoteSigning({
      url: simulator.url,
      token: simulator.token,
      timeoutMs: settings.signingTimeoutMs,
      pollMs: 200,
    }),
    { simulator, close: () => simulator.close() },
  );
}
