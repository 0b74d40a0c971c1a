import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/schema.ts";
import { type Actor, hasRole } from "../accounts/actor.ts";
import { assertCanSee } from "../dossiers/dossierAccess.ts";
import { type DossierRecord, findDossier } from "../dossiers/dossierStore.ts";
import { dossierNotFound } from "../dossiers/runDossierCommand.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";

export const fileNotFound = () =>
  new NotFoundError({ vi: "Không tìm thấy tệp của hồ sơ", en: "No such file in this dossier" });

/**
 * The dossier, if the actor may act on it in one of `roles` within `agency` (its receiving agency for reception
 * work, its deciding agency for results): 404 to those who may not know it exists, 403 to an officer without the
 * role there.
 */
export async function dossierFor(
  db: Kysely<Database>,
  actor: Actor,
  dossierId: string,
  roles: readonly Role[],
  agency: "receiving" | "deciding",
): Promise<DossierRecord> {
  const record = await findDossier(db, dossierId);
  if (!record) throw dossierNotFound();
  assertCanSee(actor, record.row);
  const agencyId = agency === "receiving" ? record.row.agency_id : record.row.deciding_agency_id;
  if (!hasRole(actor, roles, { agencyId }))
    throw new ForbiddenError({
      vi: "Bạn không có vai trò cần thiết để thực hiện thao tác này trên hồ sơ",
      en: "You do not hold the role this action needs on this dossier",
    });
  return record;
}

/** The role an event names for the actor: the first of `roles` held in the agency (system administrator else). */
export function actingRole(actor: Actor, roles: readonly Role[], agencyId: string): string {
  return (
    actor.grants.find((grant) => roles.includes(grant.role) && grant.agencyId === agencyId)?.role ??
    "system_admin"
  );
}
