import type { SyncService } from "./payloads.ts";

/**
 * The per-dossier sequence of a packet (R-SYNC-5: idempotent by MaHoSo plus a sequence). Derived from the dossier
 * event that caused it, so whichever worker produces the packet, and however often, it gets the same number: the
 * dossier record of event n is 10n, its progress entry 10n + 1. DVCQG applies a record only when its sequence is
 * newer than the one it holds.
 */
export function packetSequence(eventSequence: number, service: SyncService): number {
  return eventSequence * 10 + (service === "DongBoHoSoMC" ? 0 : 1);
}

/** The delivery's idempotency key: unique per dossier code, service and sequence. */
export function packetKey(code: string, service: SyncService, sequence: number): string {
  return `${code}:${service}:${sequence}`;
}

/**
 * `isUpdating` (issue #13 contract): false only on a dossier's first packet — the dossier record of its creating
 * event — and true on every later one.
 */
export function isUpdatingPacket(sequence: number, firstSequence: number): boolean {
  return sequence !== firstSequence;
}

/** Only the synced fields matter: a change elsewhere (an internal note, a task) sends nothing (R-SYNC-1). */
export function syncedFieldsChanged(previous: unknown, next: unknown): boolean {
  return JSON.stringify(previous) !== JSON.stringify(next);
}
