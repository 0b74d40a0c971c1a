import type { CapNhatTienDoHoSoMC } from "./payloads.ts";
import { optionalSyncTimestamp, syncTimestamp } from "./syncTimestamp.ts";

/**
 * The dossier events that hand the dossier over to someone else (R-SYNC-1: progress is pushed on every handover):
 * the counter takes it in, transfers it, a unit passes it on or back, the leader returns the result to the counter,
 * the counter hands it to the applicant.
 */
export const HANDOVER_EVENTS: ReadonlySet<string> = new Set([
  "accepted",
  "receivedOnPaper",
  "transferred",
  "stepAdvanced",
  "decidedAtCounter",
  "resultApproved",
  "refusedAfterAppraisal",
  "resultReturned",
]);

export function isHandover(eventType: string): boolean {
  return HANDOVER_EVENTS.has(eventType);
}

export interface HandoverFacts {
  code: string;
  handlerName: string;
  handlerTitle: string;
  at: Date;
  unitName: string;
  content: string;
  status: number;
  /** When the step that now starts began (the handover itself) and its due time, if it has one. */
  stepStartedAt: Date;
  stepDueAt: Date | null;
}

/** `CapNhatTienDoHoSoMC` (R-SYNC-4) of one handover. */
export function buildProgressRecord(facts: HandoverFacts): CapNhatTienDoHoSoMC {
  return {
    MaHoSo: facts.code,
    NguoiXuLy: facts.handlerName,
    ChucDanh: facts.handlerTitle,
    ThoiDiemXuLy: syncTimestamp(facts.at),
    PhongBanXuLy: facts.unitName,
    NoiDungXuLy: facts.content,
    TrangThai: String(facts.status),
    NgayBatDau: syncTimestamp(facts.stepStartedAt),
    NgayKetThucTheoQuyDinh: optionalSyncTimestamp(facts.stepDueAt),
  };
}
