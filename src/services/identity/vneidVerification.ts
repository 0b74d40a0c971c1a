import type { Kysely } from "kysely";
import { bindSlots, compiledOnce, slot } from "../../db/compiledOnce.ts";
import type { Database } from "../../db/schema.ts";
import type { AssuranceLevel } from "../../domain/identity/assurance.ts";
import { meetsAssurance } from "../../domain/identity/assurance.ts";
import { ForbiddenError } from "../errors.ts";

export interface VneidVerification {
  verified: boolean;
  level: AssuranceLevel | undefined;
  verifiedAt: Date | undefined;
}

/**
 * Was this account verified with VNeID, and at which level (issue #14)? The national portal sync sends it as
 * `TaiKhoanDuocXacThucVoiVNeID` (R-SYNC, R-KPI 4.5): read it here, nowhere else.
 */
export async function vneidVerificationOf(db: Kysely<Database>, userId: string): Promise<VneidVerification> {
  const row = await db
    .selectFrom("vneid_identities")
    .select(["assurance_level", "verified_at"])
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (!row) return { verified: false, level: undefined, verifiedAt: undefined };
  return { verified: true, level: row.assurance_level as AssuranceLevel, verifiedAt: row.verified_at };
}

/** `TaiKhoanDuocXacThucVoiVNeID` for the sync: true when the account signed in with VNeID at least once. */
export async function isVneidVerified(db: Kysely<Database>, user: { id: string } | string): Promise<boolean> {
  return (await vneidVerificationOf(db, typeof user === "string" ? user : user.id)).verified;
}

/** The offering's minimum assurance level for online submission; undefined = the rules' default (none asked). */
export async function requiredAssuranceLevel(
  db: Kysely<Database>,
  offeringId: string,
): Promise<AssuranceLevel | undefined> {
  const row = await db
    .selectFrom("offering_identity_requirements")
    .select("min_assurance_level")
    .where("offering_id", "=", offeringId)
    .executeTakeFirst();
  return row ? (row.min_assurance_level as AssuranceLevel) : undefined;
}

export class AssuranceTooLowError extends ForbiddenError {
  constructor(required: AssuranceLevel) {
    super(
      {
        vi: `Thủ tục này yêu cầu đăng nhập bằng tài khoản định danh điện tử VNeID mức độ ${required} trở lên. Vui lòng đăng nhập bằng VNeID`,
        en: `This procedure needs a sign-in with a VNeID e-ID account of level ${required} or higher. Please sign in with VNeID`,
      },
      "ASSURANCE_TOO_LOW",
    );
  }
}

/**
 * Online submission's identity check (issue #14, R-ACC-1, R-SUB-1): the account must meet the offering's minimum
 * assurance level, when it sets one. Offerings are found by procedure code and agency code, as the submission names
 * them; an unknown offering is left to the submission itself (404 there).
 */
export async function assertAssuranceForSubmission(
  db: Kysely<Database>,
  input: { userId: string; procedureCode: string; agencyCode: string },
): Promise<void> {
  // Issue #21: built and compiled once per process (compiledOnce), run with this procedure and agency.
  const query = compiledOnce("assertAssuranceForSubmission", db, (db) =>
    db
      .selectFrom("procedure_offerings as o")
      .innerJoin("procedures as p", "p.id", "o.procedure_id")
      .innerJoin("agencies as a", "a.id", "o.agency_id")
      .innerJoin("offering_identity_requirements as r", "r.offering_id", "o.id")
      .select("r.min_assurance_level")
      .where("p.code", "=", slot("procedureCode"))
      .where("a.code", "=", slot("agencyCode")),
  );
  const row = (
    await db.executeQuery(
      bindSlots(query, { procedureCode: input.procedureCode, agencyCode: input.agencyCode }),
    )
  ).rows[0];
  if (!row) return;
  const required = row.min_assurance_level as AssuranceLevel;
  const { level } = await vneidVerificationOf(db, input.userId);
  if (!meetsAssurance(level, required)) throw new AssuranceTooLowError(required);
}
