import type { SyncPacket } from "../../domain/sync/payloads.ts";

/** One packet on its way to DVCQG with what makes it idempotent there (R-SYNC-5). */
export interface OutgoingPacket {
  body: SyncPacket;
  /** MaHoSo-scoped sequence: DVCQG applies a record only when it is newer than the one it holds. */
  sequence: number;
  idempotencyKey: string;
}

/** The national portal's synchronisation service (port): resolves when DVCQG acknowledged (2xx). */
export interface DvcqgSyncPort {
  push(packet: OutgoingPacket): Promise<void>;
}
