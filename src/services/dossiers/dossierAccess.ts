import type { Role } from "../../db/schema.ts";
import type { Actor as DomainActor, Role as DomainRole } from "../../domain/dossier/actor.ts";
import { type Actor, hasRole, isApplicant } from "../accounts/actor.ts";
import { ForbiddenError } from "../errors.ts";
import { actingCoversProcedureId } from "../organisation/actingFor.ts";
import type { DossierRow } from "./dossierStore.ts";
import { dossierNotFound } from "./runDossierCommand.ts";

/** The account roles that act as each role of the dossier rules (R-STATUS-5 trigger roles). */
const DOMAIN_ROLE_OF: Partial<Record<Role, DomainRole>> = {
  citizen: "applicant",
  organisation_representative: "applicant",
  counter_officer: "counterOfficer",
  specialist: "specialist",
  unit_head: "unitHead",
  agency_leader: "leader",
};

/** The actor as the dossier rules see it, acting in `role`. */
export function domainActor(actor: Actor, role: Role): DomainActor {
  const domainRole = DOMAIN_ROLE_OF[role];
  if (!domainRole) throw new Error(`role ${role} does not act on dossiers`);
  return { role: domainRole, id: actor.userId };
}

/** Roles that do not read dossiers (issue #20, the authorization matrix). */
const NOT_DOSSIER_READERS: readonly Role[] = ["service_center_monitor", "agency_admin"];

/** Does the officer hold any grant in one of the dossier's agencies (receiving or deciding, R-XFER-3)? */
function reachesDossier(actor: Actor, row: DossierRow, roles?: readonly Role[]): boolean {
  // Issue #20: the service-center monitor reads statistics, not dossiers, and the agency administrator manages
  // accounts and settings (R-ACC-2); the office refuses both a dossier, so they reach nothing under one either
  // (files, results, receipts, postal orders, notification log): access follows the dossier's.
  const anyRole =
    roles ?? actor.grants.map((grant) => grant.role).filter((role) => !NOT_DOSSIER_READERS.includes(role));
  return (
    hasRole(actor, anyRole, { agencyId: row.agency_id }) ||
    hasRole(actor, anyRole, { agencyId: row.deciding_agency_id })
  );
}

/**
 * Who may see a dossier: its owner; an officer with any role in its receiving or deciding agency; the system
 * administrator. Everyone else is told it does not exist (404), never that it is someone else's.
 */
export function assertCanSee(actor: Actor, row: DossierRow): void {
  if (isApplicant(actor)) {
    if (row.owner_user_id !== actor.userId) throw dossierNotFound();
    // Issue #14 (R-ACC-1): a person authorised for some procedures sees only the organisation's dossiers of those.
    if (actor.actingFor && !actingCoversProcedureId(actor.actingFor, row.procedure_id))
      throw dossierNotFound();
    return;
  }
  if (!reachesDossier(actor, row)) throw dossierNotFound();
}

/**
 * Who may act on a dossier in `role`: the owner for applicant commands; otherwise an officer holding `role` in the
 * dossier's receiving or deciding agency. An officer of that agency without the role gets 403; one outside it 404.
 */
export function authorizeAs(actor: Actor, role: Role): (row: DossierRow) => void {
  return (row) => {
    assertCanSee(actor, row);
    if (role === "citizen" || role === "organisation_representative") {
      if (!isApplicant(actor)) throw new ForbiddenError();
      return;
    }
    if (!reachesDossier(actor, row, [role])) {
      throw new ForbiddenError({
        vi: "Bạn không có vai trò cần thiết để thực hiện thao tác này trên hồ sơ",
        en: "You do not hold the role this action needs on this dossier",
      });
    }
  };
}
