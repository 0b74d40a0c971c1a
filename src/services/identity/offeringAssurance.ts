import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { AssuranceLevel } from "../../domain/identity/assurance.ts";
import type { Actor } from "../accounts/actor.ts";
import { type AdminScope, requireInScope } from "../admin/adminScope.ts";
import { recordAdminChange } from "../admin/auditLog.ts";
import { NotFoundError } from "../errors.ts";

const unknownOffering = { vi: "Không tìm thấy thủ tục tại cơ quan này", en: "No such offering" };

async function offeringAgency(db: Kysely<Database>, scope: AdminScope, offeringId: string): Promise<string> {
  const row = await db
    .selectFrom("procedure_offerings")
    .select("agency_id")
    .where("id", "=", offeringId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(unknownOffering);
  requireInScope(scope, row.agency_id, unknownOffering);
  return row.agency_id;
}

/** The offering's minimum e-ID level for online submission, or null for the rules' default (none asked). */
export async function getOfferingAssurance(
  db: Kysely<Database>,
  scope: AdminScope,
  offeringId: string,
): Promise<{ minAssuranceLevel: AssuranceLevel | null }> {
  await offeringAgency(db, scope, offeringId);
  const row = await db
    .selectFrom("offering_identity_requirements")
    .select("min_assurance_level")
    .where("offering_id", "=", offeringId)
    .executeTakeFirst();
  return { minAssuranceLevel: row ? (row.min_assurance_level as AssuranceLevel) : null };
}

/**
 * Sets (1 or 2) or clears (null) the offering's minimum assurance level (issue #14, R-ACC-1); audited with the
 * value before and after. Agency administrators only for their agencies' offerings (404 otherwise).
 */
export async function setOfferingAssurance(
  db: Kysely<Database>,
  actor: Actor,
  scope: AdminScope,
  offeringId: string,
  level: AssuranceLevel | null,
  now: Date,
): Promise<{ minAssuranceLevel: AssuranceLevel | null }> {
  const agencyId = await offeringAgency(db, scope, offeringId);
  const before = await getOfferingAssurance(db, scope, offeringId);
  await db.transaction().execute(async (trx) => {
    if (level === null)
      await trx.deleteFrom("offering_identity_requirements").where("offering_id", "=", offeringId).execute();
    else
      await trx
        .insertInto("offering_identity_requirements")
        .values({ offering_id: offeringId, min_assurance_level: level, updated_at: now })
        .onConflict((oc) =>
          oc.column("offering_id").doUpdateSet({ min_assurance_level: level, updated_at: now }),
        )
        .execute();
    await recordAdminChange(trx, actor, now, {
      agencyId,
      action: "update",
      entity: "offering_identity",
      entityId: offeringId,
      summary:
        level === null
          ? "Bỏ yêu cầu mức độ định danh điện tử khi nộp trực tuyến"
          : `Yêu cầu tài khoản định danh điện tử mức độ ${level} khi nộp trực tuyến`,
      before,
      after: { minAssuranceLevel: level },
    });
  });
  return { minAssuranceLevel: level };
}
