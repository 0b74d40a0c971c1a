import { httpSyncClient } from "./httpSyncClient.ts";
import { type DvcqgSimulator, startDvcqgSimulator } from "./simulator/server.ts";
import type { DvcqgSyncPort } from "./syncPort.ts";
import type { DvcqgSyncSettings } from "./syncSettings.ts";

export interface DvcqgSyncConnection {
  port: DvcqgSyncPort;
  syncUrl: string;
  statisticsUrl: string;
  token: string;
  /** The loopback simulator started because DVCQG_SYNC_URL is unset (development, demos, tests). */
  simulator: DvcqgSimulator | undefined;
  close(): Promise<void>;
}

/**
 * The process's connection to the national portal's sync: the configured DVCQG, or — DVCQG_SYNC_URL unset — the
 * simulator on 127.0.0.1 with a random token (so development and demos really send and validate every packet).
 */
export async function openDvcqgSync(settings: DvcqgSyncSettings): Promise<DvcqgSyncConnection> {
  const simulator = settings.dvcqgSyncUrl
    ? undefined
    : await startDvcqgSimulator({ token: settings.dvcqgSyncToken });
  const syncUrl = settings.dvcqgSyncUrl ?? simulator!.syncUrl;
  const token = settings.dvcqgSyncToken ?? simulator!.token;
  return {
    port: httpSyncClient({ url: syncUrl, token, timeoutMs: settings.dvcqgSyncTimeoutMs }),
    syncUrl,
    statisticsUrl: settings.dvcqgStatisticsUrl ?? new URL("statistics", syncUrl).toString(),
    token,
    simulator,
    close: async () => simulator?.close(),
  };
}
