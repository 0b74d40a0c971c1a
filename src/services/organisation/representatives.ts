import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { isPersonalIdNumber } from "../../domain/identity/assurance.ts";
import { type ClaimNames, personFromClaims } from "../identity/identityClaims.ts";

/**
 * The claim in which the national e-ID lists the organisations a person is the legal representative of (issue #14,
 * R-ACC-1; NĐ 69/2024 issues an organisation's e-ID through its legal representative's own account). Each entry:
 * `{ tax_code, name, address? }`. The simulator sends it; a real provider's name for it is configured the same way.
 */
export const ORGANISATIONS_CLAIM = "organisations";

export interface ClaimedOrganisation {
  taxCode: string;
  name: string;
  address: string | null;
}

/** The well-formed entries of the claim; anything else is ignored rather than trusted. */
export function organisationsFromClaim(value: unknown): ClaimedOrganisation[] {
  if (!Array.isArray(value)) return [];
  return value.slice(0, 50).flatMap((entry): ClaimedOrganisation[] => {
    if (typeof entry !== "object" || entry === null) return [];
    const { tax_code: taxCode, name, address } = entry as Record<string, unknown>;
    if (typeof taxCode !== "string" || !/^\d{10}(-\d{3})?$/.test(taxCode)) return [];
    if (typeof name !== "string" || name.trim().length === 0 || name.length > 300) return [];
    const place =
      typeof address === "string" && address.trim() && address.length <= 500 ? address.trim() : null;
    return [{ taxCode, name: name.trim(), address: place }];
  });
}

/**
 * Records what the e-ID just vouched for at a sign-in: the person is the legal representative of exactly the
 * organisations in the claim. New organisations get their record and an account that owns their dossiers (an
 * existing organisation account with the same tax code is reused); a representation the claim no longer names is
 * ended, so a former director loses access at their next sign-in.
 */
export async function recordRepresentations(
  db: Kysely<Database>,
  person: { idNumber: string; fullName: string },
  claimed: readonly ClaimedOrganisation[],
  now: Date,
): Promise<void> {
  if (!isPersonalIdNumber(person.idNumber)) return;
  await inTransaction(db, async (trx) => {
    const keep: string[] = [];
    for (const organisation of claimed) {
      const id = await ensureOrganisation(trx, organisation, person, now);
      keep.push(id);
      await trx
        .insertInto("organisation_representatives")
        .values({
          organisation_id: id,
          id_number: person.idNumber,
          full_name: person.fullName,
          recorded_at: now,
          ended_at: null,
        })
        .onConflict((oc) =>
          oc
            .columns(["organisation_id", "id_number"])
            .doUpdateSet({ full_name: person.fullName, ended_at: null }),
        )
        .execute();
    }
    let ending = trx
      .updateTable("organisation_representatives")
      .set({ ended_at: now })
      .where("id_number", "=", person.idNumber)
      .where("ended_at", "is", null);
    if (keep.length > 0) ending = ending.where("organisation_id", "not in", keep);
    await ending.execute();
  });
}

async function ensureOrganisation(
  trx: Kysely<Database>,
  organisation: ClaimedOrganisation,
  person: { idNumber: string; fullName: string },
  now: Date,
): Promise<string> {
  const known = await trx
    .selectFrom("organisations")
    .select(["id", "name", "address"])
    .where("tax_code", "=", organisation.taxCode)
    .executeTakeFirst();
  if (known) {
    if (
      known.name !== organisation.name ||
      (organisation.address && known.address !== organisation.address)
    ) {
      await trx
        .updateTable("organisations")
        .set({ name: organisation.name, address: organisation.address ?? known.address, updated_at: now })
        .where("id", "=", known.id)
        .execute();
    }
    return known.id;
  }
  const account = await organisationAccount(trx, organisation, person, now);
  const created = await trx
    .insertInto("organisations")
    .values({
      tax_code: organisation.taxCode,
      name: organisation.name,
      address: organisation.address,
      account_user_id: account,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return created.id;
}

/**
 * The account that owns the organisation's dossiers (R-ACC-1: the authorizer's account is the dossier's account):
 * the organisation account registered with the same tax code, or a new one without a password (it is reached only
 * through a representative or a mandate).
 */
async function organisationAccount(
  trx: Kysely<Database>,
  organisation: ClaimedOrganisation,
  person: { idNumber: string; fullName: string },
  now: Date,
): Promise<string> {
  const existing = await trx
    .selectFrom("users")
    .select("id")
    .where("kind", "=", "organisation")
    .where("organisation_tax_code", "=", organisation.taxCode)
    .orderBy("created_at")
    .executeTakeFirst();
  if (existing) return existing.id;
  const user = await trx
    .insertInto("users")
    .values({
      username: `dn-${organisation.taxCode}`,
      kind: "organisation",
      full_name: person.fullName,
      email: null,
      phone: null,
      identification_number: person.idNumber,
      organisation_tax_code: organisation.taxCode,
      organisation_name: organisation.name,
      identity_level: 2,
      password_hash: null,
      must_change_password: false,
      is_active: true,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("role_grants")
    .values({
      user_id: user.id,
      role: "organisation_representative",
      agency_id: null,
      unit_id: null,
      granted_at: now,
    })
    .execute();
  return user.id;
}

/** At a VNeID sign-in: the person the verified ID token names and the organisations its claim lists. */
export async function recordRepresentationsFromClaims(
  db: Kysely<Database>,
  claims: Record<string, unknown>,
  names: ClaimNames,
  now: Date,
): Promise<void> {
  const person = personFromClaims(claims, names);
  if ("problem" in person) return;
  await recordRepresentations(
    db,
    { idNumber: person.citizenId, fullName: person.fullName },
    organisationsFromClaim(claims[ORGANISATIONS_CLAIM]),
    now,
  );
}
