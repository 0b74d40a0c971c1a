/**
 * What the simulated DVCQG has received and keeps (in memory): per dossier code the latest DongBoHoSoMC record and
 * its sequence, and the progress entries. Ordering (R-SYNC-5): a record is applied only when its sequence is newer
 * than the one kept, so a redelivered or late packet never overwrites a newer state; a sequence already seen is a
 * duplicate, acknowledged and not applied again.
 */

export interface StoredProgress {
  sequence: number | null;
  record: Record<string, string | null>;
}

export interface StoredDossier {
  maHoSo: string;
  sequence: number | null;
  record: Record<string, unknown>;
  progress: StoredProgress[];
  /** Every sequence applied or acknowledged for this dossier (duplicate detection). */
  seen: Set<number>;
  createdAt: string;
  updatedAt: string;
}

export interface ReceivedPacket {
  service: string;
  isUpdating: boolean;
  maHoSo: string;
  sequence: number | null;
  outcome: "applied" | "duplicate" | "stale";
  receivedAt: string;
}

export type ApplyOutcome =
  | { ok: true; outcome: "applied" | "duplicate" | "stale" }
  | { ok: false; status: 409; message: string };

export interface SyncStore {
  apply(
    packet: { service: string; isUpdating: boolean; record: Record<string, unknown> },
    sequence: number | null,
    now: Date,
  ): ApplyOutcome;
  find(maHoSo: string): StoredDossier | undefined;
  all(): StoredDossier[];
  received(): readonly ReceivedPacket[];
  reset(): void;
}

const MAX_RECEIVED_LOG = 100_000;

export function createSyncStore(): SyncStore {
  const dossiers = new Map<string, StoredDossier>();
  const log: ReceivedPacket[] = [];
  const note = (entry: ReceivedPacket) => {
    log.push(entry);
    if (log.length > MAX_RECEIVED_LOG) log.shift();
  };
  return {
    apply(packet, sequence, now) {
      const maHoSo = String(packet.record.MaHoSo);
      const at = now.toISOString();
      const known = dossiers.get(maHoSo);
      const outcome = (result: "applied" | "duplicate" | "stale"): ApplyOutcome => {
        note({
          service: packet.service,
          isUpdating: packet.isUpdating,
          maHoSo,
          sequence,
          outcome: result,
          receivedAt: at,
        });
        return { ok: true, outcome: result };
      };
      if (sequence !== null && known?.seen.has(sequence)) return outcome("duplicate");
      if (packet.service === "DongBoHoSoMC") {
        if (!known) {
          if (packet.isUpdating)
            return {
              ok: false,
              status: 409,
              message: `Hồ sơ ${maHoSo} chưa được đồng bộ lần đầu (isUpdating=false)`,
            };
          dossiers.set(maHoSo, {
            maHoSo,
            sequence,
            record: packet.record,
            progress: [],
            seen: new Set(sequence === null ? [] : [sequence]),
            createdAt: at,
            updatedAt: at,
          });
          return outcome("applied");
        }
        if (!packet.isUpdating)
          return {
            ok: false,
            status: 409,
            message: `Hồ sơ ${maHoSo} đã tồn tại; gói cập nhật phải có isUpdating=true`,
          };
        if (sequence !== null) known.seen.add(sequence);
        if (sequence !== null && known.sequence !== null && sequence < known.sequence)
          return outcome("stale");
        known.record = packet.record;
        known.sequence = sequence ?? known.sequence;
        known.updatedAt = at;
        return outcome("applied");
      }
      if (!known) return { ok: false, status: 409, message: `Hồ sơ ${maHoSo} chưa được đồng bộ` };
      if (sequence !== null) known.seen.add(sequence);
      known.progress.push({ sequence, record: packet.record as Record<string, string | null> });
      known.progress.sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0));
      known.updatedAt = at;
      return outcome("applied");
    },
    find: (maHoSo) => dossiers.get(maHoSo),
    all: () => [...dossiers.values()],
    received: () => log,
    reset() {
      dossiers.clear();
      log.length = 0;
    },
  };
}
