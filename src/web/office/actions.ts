import type { Session } from "../api/types.ts";
import type { OfficeDossier, OfficeTask } from "./officeApi.ts";

export type ActionKey =
  | "accept"
  | "requestSupplement"
  | "refuse"
  | "transfer"
  | "receiveSupplement"
  | "confirmPayment"
  | "confirmStop"
  | "returnResult"
  | "decideAtCounter"
  | "forwardToAuthority"
  | "assign"
  | "reassign"
  | "forward"
  | "approve"
  | "refuseAfterAppraisal"
  | "sendBack"
  | "consult"
  | "verification"
  | "requestPayment"
  | "requestSupplementAfterAppraisal"
  | "extension"
  | "answer";

export interface Action {
  key: ActionKey;
  /** The consultation an answer is for. */
  consultationId?: string;
  /** The main action of the step (shown as the primary button). */
  primary?: boolean;
  danger?: boolean;
}

const PROCESSING_ROLES = ["specialist", "unit_head", "agency_leader"];

function holdsIn(session: Session, role: string, agencyCode: string, unitId?: string | null): boolean {
  return session.actor.grants.some(
    (grant) =>
      grant.role === role &&
      grant.agencyCode === agencyCode &&
      (!unitId || !grant.unitId || grant.unitId === unitId),
  );
}

/** Is the open step this officer's: given to them, or unassigned and addressed to a role they hold in its unit. */
export function holdsTask(session: Session, dossier: OfficeDossier, task: OfficeTask): boolean {
  if (task.assignee) return task.assignee.id === session.actor.userId;
  const agencies = [dossier.decidingAgency.code, dossier.receivingAgency.code];
  return agencies.some((agency) => holdsIn(session, task.role, agency, task.unit?.id));
}

export function openTaskOf(dossier: OfficeDossier): OfficeTask | undefined {
  return dossier.tasks.find((task) => task.status === "open");
}

/**
 * The actions this officer may take on the dossier now (issue #5: "no dead buttons"), derived from the public
 * status, the open step and who holds it, and the officer's roles in the dossier's agencies — the rules the server
 * applies (R-STATUS-5, R-PROC-1). The server stays the judge: a refusal is shown in the dialog.
 */
export function availableActions(dossier: OfficeDossier, session: Session): Action[] {
  if (session.actor.kind !== "officer") return [];
  const actions: Action[] = [];
  const receiving = dossier.receivingAgency.code;
  const deciding = dossier.decidingAgency.code;
  const counter =
    holdsIn(session, "counter_officer", receiving) || holdsIn(session, "counter_officer", deciding);
  const leader = holdsIn(session, "agency_leader", deciding);
  const history = dossier.history;
  const supplementAsked = (from: number) =>
    history.some((event) => event.type === "supplementRequested" && event.fromStatus === from);

  if (counter) {
    switch (dossier.status) {
      case 1:
        actions.push({ key: "accept", primary: true });
        if (!supplementAsked(1)) actions.push({ key: "requestSupplement" });
        actions.push({ key: "refuse", danger: true });
        break;
      case 2:
        // R-RECV-4, R-STATUS-5 (2 → 9): a same-day or immediate procedure is decided and returned at the counter.
        if (dossier.legalTimeKind)
          actions.push({ key: "decideAtCounter", primary: true }, { key: "transfer" });
        else actions.push({ key: "transfer", primary: true });
        // R-XFER-2: a dossier that belongs to another authority goes to that authority's counter.
        actions.push({ key: "forwardToAuthority" });
        break;
      case 5:
        if (supplementAsked(4)) actions.push({ key: "receiveSupplement", primary: true });
        break;
      case 6:
        actions.push({ key: "confirmPayment", primary: true });
        break;
      case 7:
        actions.push({ key: "confirmStop", primary: true });
        break;
      case 9:
        actions.push({ key: "returnResult", primary: true });
        break;
    }
  }

  const task = openTaskOf(dossier);
  if (dossier.status === 4 && task) {
    const mine = holdsTask(session, dossier, task);
    switch (task.step) {
      case "awaitingAssignment":
        if (mine || leader) actions.push({ key: "assign", primary: true });
        break;
      case "appraisal":
        if (mine) {
          actions.push({ key: "forward", primary: true });
          actions.push({ key: "verification" }, { key: "consult" }, { key: "requestPayment" });
          if (!supplementAsked(4)) actions.push({ key: "requestSupplementAfterAppraisal" });
          actions.push({ key: "sendBack" });
        }
        // Whoever assigns the step may give it to someone else: the unit head of its unit, or the leader.
        if (!mine && (leader || holdsIn(session, "unit_head", deciding, task.unit?.id)))
          actions.push({ key: "reassign" });
        break;
      case "awaitingApproval":
        if (mine) {
          actions.push({ key: "approve", primary: true });
          actions.push({ key: "refuseAfterAppraisal", danger: true });
          actions.push({ key: "sendBack" });
        }
        break;
    }
  }
  // R-LATE-1: the deciding agency's leader sets a new appointment, once.
  if (dossier.status === 4 && leader && !history.some((event) => event.type === "extensionGranted"))
    actions.push({ key: "extension" });

  for (const consultation of dossier.consultations) {
    if (consultation.answer !== null) continue;
    const addressed = PROCESSING_ROLES.some((role) =>
      session.actor.grants.some(
        (grant) =>
          grant.role === role &&
          grant.agencyCode === consultation.toAgency.code &&
          (!consultation.toUnit || !grant.unitCode || grant.unitCode === consultation.toUnit.code),
      ),
    );
    if (addressed)
      actions.push({ key: "answer", consultationId: consultation.id, primary: actions.length === 0 });
  }
  return actions;
}
