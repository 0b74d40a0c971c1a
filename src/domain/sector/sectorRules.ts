import type { DossierState } from "../dossier/dossierState.ts";
import { isTerminalStatus, type PublicStatus } from "../dossier/status.ts";
import { TRANSITIONS } from "../dossier/transitionTable.ts";
import { type Refusal, refusal } from "../refusal.ts";

/**
 * The rules a sector system's reports obey (issue #18, R-STATUS-4): the system reports the same ten public statuses
 * (R-STATUS-1) as its dossiers move, and the province copies them into its lookup database when they happen. A
 * system may report several moves at once (it need not report every intermediate status), but never a move the
 * status machine (R-STATUS-5) could not have made: no dossier goes backwards, nothing follows a terminal status,
 * and a report older than the last one received is refused (reports arriving out of order).
 */

/** The edges of the status machine (R-STATUS-5) that change the public status. */
const EDGES: ReadonlyArray<readonly [PublicStatus, PublicStatus]> = TRANSITIONS.filter(
  (transition) => transition.from !== null && transition.from !== transition.to,
).map((transition) => [transition.from as PublicStatus, transition.to] as const);

/**
 * Statuses at which the dossier has been accepted (received) by the agency. After that the edge 5 → 1
 * ("resubmitted before acceptance", R-STATUS-5) is no longer open: going back to "newly registered" is backwards.
 */
export function isAcceptedStatus(status: PublicStatus): boolean {
  return status !== 1 && status !== 3 && status !== 5;
}

/**
 * Every status reachable from `from` through one or more moves of the status machine (R-STATUS-5). `accepted`:
 * the dossier was accepted at some point, so it cannot return to status 1.
 */
export function reachableStatuses(from: PublicStatus, accepted: boolean): ReadonlySet<PublicStatus> {
  const seen = new Set<PublicStatus>();
  const queue: PublicStatus[] = [from];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const [edgeFrom, edgeTo] of EDGES) {
      if (edgeFrom !== current || seen.has(edgeTo)) continue;
      if (edgeTo === 1 && accepted) continue;
      seen.add(edgeTo);
      queue.push(edgeTo);
    }
  }
  return seen;
}

export interface SectorPosition {
  status: PublicStatus;
  /** The dossier was accepted at some point (its reception date is known). */
  accepted: boolean;
  /** When the system's last report was made (its own clock). */
  reportedAt: Date;
}

const outOfOrder = (): Refusal =>
  refusal(
    "SECTOR_REPORT_OUT_OF_ORDER",
    {
      vi: "Báo cáo cũ hơn báo cáo đã nhận trước đó cho hồ sơ này (gửi sai thứ tự); không ghi nhận",
      en: "This report is older than one already received for the dossier (sent out of order); not recorded",
    },
    "R-STATUS-4",
  );

/**
 * May a report move a dossier from `previous` to `status`? The same status (progress only) is always allowed
 * unless the report is older; otherwise the status must be reachable through the status machine (R-STATUS-5).
 */
export function checkSectorMove(
  previous: SectorPosition,
  next: { status: PublicStatus; reportedAt: Date },
): { ok: true } | { ok: false; refusal: Refusal } {
  if (next.reportedAt.getTime() < previous.reportedAt.getTime()) return { ok: false, refusal: outOfOrder() };
  if (next.status === previous.status) return { ok: true };
  if (isTerminalStatus(previous.status))
    return {
      ok: false,
      refusal: refusal(
        "SECTOR_DOSSIER_CLOSED",
        {
          vi: "Hồ sơ đã kết thúc (không được tiếp nhận, dừng xử lý hoặc đã trả kết quả); không thể chuyển sang trạng thái khác",
          en: "The dossier is closed (not received, stopped or result returned); its status cannot change",
        },
        "R-STATUS-5",
      ),
    };
  if (!reachableStatuses(previous.status, previous.accepted).has(next.status))
    return {
      ok: false,
      refusal: refusal(
        "SECTOR_STATUS_BACKWARDS",
        {
          vi: `Không thể chuyển hồ sơ từ trạng thái ${previous.status} về trạng thái ${next.status}: hệ thống chuyên ngành không được chuyển hồ sơ lùi`,
          en: `The dossier cannot move from status ${previous.status} to status ${next.status}: a sector system cannot move a dossier backwards`,
        },
        "R-STATUS-5",
      ),
    };
  return { ok: true };
}

/** What a report says about a dossier's dates (instants in UTC). */
export interface SectorReportFacts {
  status: PublicStatus;
  channel: DossierState["channel"];
  applicantId: string;
  submittedAt: Date;
  receivedAt?: Date | undefined;
  appointmentAt?: Date | undefined;
  resultAt?: Date | undefined;
  reportedAt: Date;
  systemActorId: string;
}

/**
 * Refusals of a report's dates, whatever the status: a dossier is submitted before it is received, received before
 * its result, and a status past acceptance needs the reception date (NgayTiepNhan, R-SYNC-2) and a result status its
 * result date.
 */
export function checkSectorDates(facts: SectorReportFacts): Array<{ field: string; refusal: Refusal }> {
  const errors: Array<{ field: string; refusal: Refusal }> = [];
  const add = (field: string, code: string, vi: string, en: string) =>
    errors.push({ field, refusal: refusal(code, { vi, en }, "R-STATUS-4") });
  if (facts.receivedAt && facts.receivedAt.getTime() < facts.submittedAt.getTime())
    add(
      "dossier.receivedAt",
      "SECTOR_DATES_INCONSISTENT",
      "Ngày tiếp nhận trước ngày nộp hồ sơ",
      "The reception date is before the submission date",
    );
  if (facts.resultAt && facts.resultAt.getTime() < (facts.receivedAt ?? facts.submittedAt).getTime())
    add(
      "progress.resultAt",
      "SECTOR_DATES_INCONSISTENT",
      "Ngày có kết quả trước ngày tiếp nhận hồ sơ",
      "The result date is before the reception date",
    );
  if (isAcceptedStatus(facts.status) && facts.status !== 7 && facts.status !== 8 && !facts.receivedAt)
    add(
      "dossier.receivedAt",
      "SECTOR_RECEPTION_DATE_MISSING",
      "Hồ sơ ở trạng thái này phải có ngày tiếp nhận",
      "A dossier in this status needs its reception date",
    );
  if ((facts.status === 9 || facts.status === 10) && !facts.resultAt)
    add(
      "progress.resultAt",
      "SECTOR_RESULT_DATE_MISSING",
      "Hồ sơ đã xử lý xong hoặc đã trả kết quả phải có ngày có kết quả",
      "A processed or returned dossier needs its result date",
    );
  return errors;
}

/**
 * The dossier's state as the province keeps it for a sector system's dossier: only what lookup, statistics and the
 * national sync read (status, reception, appointment, result, closing). No OneStop workflow runs on it.
 */
export function sectorDossierState(facts: SectorReportFacts, previous?: DossierState): DossierState {
  const finished = facts.status === 9 || facts.status === 10;
  const closed = isTerminalStatus(facts.status);
  const actor = { role: "system" as const, id: facts.systemActorId };
  return {
    status: facts.status,
    channel: facts.channel,
    applicantId: facts.applicantId,
    submittedAt: facts.submittedAt,
    ...(facts.receivedAt ? { receivedAt: facts.receivedAt } : {}),
    ...(facts.appointmentAt ? { dueAt: facts.appointmentAt } : {}),
    ...(previous?.originalDueAt
      ? { originalDueAt: previous.originalDueAt }
      : facts.appointmentAt
        ? { originalDueAt: facts.appointmentAt }
        : {}),
    // An appointment moved later than the first one is the system's extension (R-LATE-1).
    ...(previous?.originalDueAt &&
    facts.appointmentAt &&
    facts.appointmentAt.getTime() > previous.originalDueAt.getTime()
      ? { extendedDueAt: facts.appointmentAt }
      : {}),
    extensionUsed: Boolean(
      previous?.originalDueAt &&
        facts.appointmentAt &&
        facts.appointmentAt.getTime() > previous.originalDueAt.getTime(),
    ),
    supplementRequests: [],
    decisionIssued: finished,
    ...(finished && facts.resultAt
      ? { result: { kind: "granted" as const, documentRefs: [], issuedAt: facts.resultAt, issuedBy: actor } }
      : {}),
    ...(closed ? { closedAt: previous?.closedAt ?? facts.reportedAt } : {}),
    lastChangedAt: facts.reportedAt,
  };
}
