import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { type MandateState, mandateState } from "../../domain/organisation/mandate.ts";
import type { Actor } from "../accounts/actor.ts";
import { ForbiddenError, NotFoundError } from "../errors.ts";
import { findVerifiedPerson, resolveActingFor, scopeOf } from "./actingFor.ts";

export const needsVneid = () =>
  new ForbiddenError(
    {
      vi: "Để thao tác cho tổ chức, bạn cần đăng nhập bằng tài khoản định danh điện tử VNeID của chính mình",
      en: "To act for an organisation, sign in with your own VNeID e-ID account",
    },
    "VNEID_REQUIRED",
  );

export const organisationNotFound = () =>
  new NotFoundError({ vi: "Không tìm thấy tổ chức", en: "Organisation not found" });

/**
 * The organisations the signed-in person relates to (issue #14, R-ACC-1): those they legally represent, and those
 * that authorised them, with each mandate's period, scope and state now; and which one the session acts for.
 */
export async function listMyOrganisations(db: Kysely<Database>, actor: Actor, sessionId: string, now: Date) {
  const person = await findVerifiedPerson(db, actor.userId);
  if (!person) return { verified: false, actingFor: null, items: [] };
  const represented = await db
    .selectFrom("organisation_representatives as r")
    .innerJoin("organisations as o", "o.id", "r.organisation_id")
    .select(["o.id", "o.tax_code", "o.name", "o.address"])
    .where("r.id_number", "=", person.idNumber)
    .where("r.ended_at", "is", null)
    .orderBy("o.name")
    .execute();
  const mandates = await db
    .selectFrom("organisation_mandates as m")
    .innerJoin("organisations as o", "o.id", "m.organisation_id")
    .select([
      "o.id",
      "o.tax_code",
      "o.name",
      "o.address",
      "m.id as mandate_id",
      "m.valid_from",
      "m.valid_until",
      "m.revoked_at",
      "m.scope_kind",
      "m.procedure_codes",
    ])
    .where("m.holder_id_number", "=", person.idNumber)
    .orderBy("m.granted_at", "desc")
    .execute();
  const chosen = await db
    .selectFrom("organisation_sessions")
    .select("organisation_id")
    .where("session_id", "=", sessionId)
    .executeTakeFirst();
  const representedIds = new Set(represented.map((o) => o.id));
  const items = [
    ...represented.map((o) => ({
      organisationId: o.id,
      taxCode: o.tax_code,
      name: o.name,
      address: o.address,
      role: "representative" as const,
      mandate: null,
      usable: true,
    })),
    ...mandates
      .filter((m) => !representedIds.has(m.id))
      .map((m) => {
        const state: MandateState = mandateState(
          { validFrom: m.valid_from, validUntil: m.valid_until, revokedAt: m.revoked_at },
          now,
        );
        return {
          organisationId: m.id,
          taxCode: m.tax_code,
          name: m.name,
          address: m.address,
          role: "authorised" as const,
          mandate: {
            id: m.mandate_id,
            validFrom: m.valid_from,
            validUntil: m.valid_until,
            scope: scopeOf(m.scope_kind, m.procedure_codes),
            state,
          },
          usable: state === "active",
        };
      }),
  ];
  const acting = items.find((item) => item.organisationId === chosen?.organisation_id && item.usable);
  return {
    verified: true,
    actingFor: chosen
      ? {
          organisationId: chosen.organisation_id,
          name: acting?.name ?? items.find((i) => i.organisationId === chosen.organisation_id)?.name ?? "",
          usable: acting !== undefined,
        }
      : null,
    items,
  };
}

/**
 * The person chooses whom they act for in this session: an organisation they represent or are authorised by now
 * (refused with the reason otherwise: 403, or 404 for an organisation they have nothing to do with), or themselves
 * (null).
 */
export async function chooseActingFor(
  db: Kysely<Database>,
  actor: Actor,
  sessionId: string,
  organisationId: string | null,
  now: Date,
) {
  if (organisationId === null) {
    await db.deleteFrom("organisation_sessions").where("session_id", "=", sessionId).execute();
    return { actingFor: null };
  }
  const person = await findVerifiedPerson(db, actor.userId);
  if (!person) throw needsVneid();
  const acting = await resolveActingFor(db, person, organisationId, now);
  if (acting === undefined) throw organisationNotFound();
  if (acting instanceof ForbiddenError) {
    if (acting.code === "NOT_AUTHORISED_FOR_ORGANISATION") throw organisationNotFound();
    throw acting;
  }
  await db
    .insertInto("organisation_sessions")
    .values({
      session_id: sessionId,
      organisation_id: organisationId,
      mandate_id: acting.mandates[0]?.id ?? null,
      chosen_at: now,
    })
    .onConflict((oc) =>
      oc.column("session_id").doUpdateSet({
        organisation_id: organisationId,
        mandate_id: acting.mandates[0]?.id ?? null,
        chosen_at: now,
      }),
    )
    .execute();
  return {
    actingFor: {
      organisationId,
      name: acting.organisation.name,
      taxCode: acting.organisation.taxCode,
      role: acting.as === "representative" ? ("representative" as const) : ("authorised" as const),
    },
  };
}
