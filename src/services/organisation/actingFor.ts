import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import {
  checkMandate,
  type MandateRefusal,
  type MandateScope,
  mandateState,
} from "../../domain/organisation/mandate.ts";
import type { Actor } from "../accounts/actor.ts";
import { ForbiddenError } from "../errors.ts";

/**
 * A person acting for an organisation in this session (issue #14, R-ACC-1): a legal representative, or a person the
 * organisation authorised. The acting actor is the organisation's account (its dossiers are the organisation's),
 * carrying who really acts and under which mandates.
 */
export interface ActingFor {
  organisation: { id: string; taxCode: string; name: string };
  person: { userId: string; fullName: string; idNumber: string };
  as: "representative" | "mandate";
  /** The mandates in force (empty for a representative, who may do everything). */
  mandates: { id: string; scope: MandateScope; procedureIds: string[] | "all" }[];
}

/** Does the person reach this procedure for the organisation (by national code)? */
export function actingCoversCode(acting: ActingFor, procedureCode: string): boolean {
  return acting.as === "representative" || mandateIdFor(acting, procedureCode) !== undefined;
}

/** Does the person reach this procedure for the organisation (by id, for a dossier already filed)? */
export function actingCoversProcedureId(acting: ActingFor, procedureId: string): boolean {
  if (acting.as === "representative") return true;
  return acting.mandates.some((m) => m.procedureIds === "all" || m.procedureIds.includes(procedureId));
}

/** The procedure ids the person reaches, or "all". */
export function actingProcedureIds(acting: ActingFor): string[] | "all" {
  if (acting.as === "representative" || acting.mandates.some((m) => m.procedureIds === "all")) return "all";
  return [...new Set(acting.mandates.flatMap((m) => m.procedureIds as string[]))];
}

/** The mandate a submission for `procedureCode` is made under (undefined: none covers it; null: representative). */
export function mandateIdFor(acting: ActingFor, procedureCode: string): string | null | undefined {
  if (acting.as === "representative") return null;
  return acting.mandates.find((m) => m.scope.kind === "all" || m.scope.procedureCodes.includes(procedureCode))
    ?.id;
}

/** A person verified by the national e-ID: only they act for organisations (a local account's ID number is self-declared). */
export async function findVerifiedPerson(db: Kysely<Database>, userId: string) {
  const row = await db
    .selectFrom("users as u")
    .innerJoin("vneid_identities as v", "v.user_id", "u.id")
    .select(["u.id", "u.full_name", "u.identification_number"])
    .where("u.id", "=", userId)
    .where("u.kind", "=", "citizen")
    .where("u.is_active", "=", true)
    .executeTakeFirst();
  if (!row?.identification_number) return undefined;
  return { userId: row.id, fullName: row.full_name, idNumber: row.identification_number };
}

const vnDate = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** Why the person may not act for the organisation now, in words they can act on. */
export function mandateRefused(
  organisationName: string,
  reason: MandateRefusal | "none",
  dates?: { validFrom: string; validUntil: string },
): ForbiddenError {
  switch (reason) {
    case "expired":
      return new ForbiddenError(
        {
          vi: `Giấy ủy quyền thao tác cho ${organisationName} đã hết hạn${dates ? ` ngày ${vnDate(dates.validUntil)}` : ""}. Vui lòng liên hệ người đại diện theo pháp luật để được ủy quyền lại`,
          en: `Your authorisation to act for ${organisationName} expired${dates ? ` on ${dates.validUntil}` : ""}. Please ask its legal representative for a new one`,
        },
        "MANDATE_EXPIRED",
      );
    case "revoked":
      return new ForbiddenError(
        {
          vi: `Giấy ủy quyền thao tác cho ${organisationName} đã bị thu hồi`,
          en: `Your authorisation to act for ${organisationName} has been revoked`,
        },
        "MANDATE_REVOKED",
      );
    case "not_yet_valid":
      return new ForbiddenError(
        {
          vi: `Giấy ủy quyền thao tác cho ${organisationName} chưa có hiệu lực${dates ? ` (từ ngày ${vnDate(dates.validFrom)})` : ""}`,
          en: `Your authorisation to act for ${organisationName} is not in force yet${dates ? ` (from ${dates.validFrom})` : ""}`,
        },
        "MANDATE_NOT_YET_VALID",
      );
    case "out_of_scope":
      return new ForbiddenError(
        {
          vi: `Giấy ủy quyền thao tác cho ${organisationName} không bao gồm thủ tục này`,
          en: `Your authorisation to act for ${organisationName} does not cover this procedure`,
        },
        "MANDATE_OUT_OF_SCOPE",
      );
    default:
      return new ForbiddenError(
        {
          vi: `Bạn không phải người đại diện hoặc người được ủy quyền của ${organisationName}`,
          en: `You are neither a representative of ${organisationName} nor authorised by it`,
        },
        "NOT_AUTHORISED_FOR_ORGANISATION",
      );
  }
}

/**
 * What the person may do for the organisation at `now`: as its representative, or under the mandates in force; a
 * refusal otherwise, with the reason of the latest mandate (expired, revoked, not yet in force). Undefined when the
 * organisation does not exist.
 */
export async function resolveActingFor(
  db: Kysely<Database>,
  person: { userId: string; fullName: string; idNumber: string },
  organisationId: string,
  now: Date,
): Promise<ActingFor | ForbiddenError | undefined> {
  const organisation = await db
    .selectFrom("organisations")
    .select(["id", "tax_code", "name"])
    .where("id", "=", organisationId)
    .executeTakeFirst();
  if (!organisation) return undefined;
  const base = {
    organisation: { id: organisation.id, taxCode: organisation.tax_code, name: organisation.name },
    person,
  };
  const representative = await db
    .selectFrom("organisation_representatives")
    .select("id_number")
    .where("organisation_id", "=", organisationId)
    .where("id_number", "=", person.idNumber)
    .where("ended_at", "is", null)
    .executeTakeFirst();
  if (representative) return { ...base, as: "representative", mandates: [] };

  const rows = await db
    .selectFrom("organisation_mandates")
    .select(["id", "valid_from", "valid_until", "revoked_at", "scope_kind", "procedure_codes", "granted_at"])
    .where("organisation_id", "=", organisationId)
    .where("holder_id_number", "=", person.idNumber)
    .orderBy("granted_at", "desc")
    .execute();
  const terms = rows.map((row) => ({
    id: row.id,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    revokedAt: row.revoked_at,
    scope: scopeOf(row.scope_kind, row.procedure_codes),
  }));
  const inForce = terms.filter((t) => checkMandate(t, now).ok);
  if (inForce.length === 0) {
    const latest = terms[0];
    if (!latest) return mandateRefused(organisation.name, "none");
    return mandateRefused(organisation.name, mandateState(latest, now) as MandateRefusal, latest);
  }
  const codes = [...new Set(inForce.flatMap((t) => (t.scope.kind === "all" ? [] : t.scope.procedureCodes)))];
  const ids =
    codes.length === 0
      ? []
      : await db.selectFrom("procedures").select(["id", "code"]).where("code", "in", codes).execute();
  return {
    ...base,
    as: "mandate",
    mandates: inForce.map((t) => ({
      id: t.id,
      scope: t.scope,
      procedureIds:
        t.scope.kind === "all"
          ? ("all" as const)
          : ids
              .filter((p) =>
                (t.scope as { procedureCodes: readonly string[] }).procedureCodes.includes(p.code),
              )
              .map((p) => p.id),
    })),
  };
}

export function scopeOf(kind: "all" | "procedures", codes: string[]): MandateScope {
  return kind === "all" ? { kind: "all" } : { kind: "procedures", procedureCodes: codes };
}

/**
 * The actor a request runs as while the session acts for an organisation: the organisation's account, so every
 * applicant rule (own dossiers only, uploads, payments, ratings) applies to the organisation's dossiers unchanged,
 * with `actingFor` saying who really acts.
 */
export async function organisationActor(db: Kysely<Database>, acting: ActingFor): Promise<Actor> {
  const account = await db
    .selectFrom("organisations as o")
    .innerJoin("users as u", "u.id", "o.account_user_id")
    .select(["u.id", "u.username"])
    .where("o.id", "=", acting.organisation.id)
    .executeTakeFirstOrThrow();
  return {
    userId: account.id,
    username: account.username,
    kind: "organisation",
    fullName: acting.organisation.name,
    grants: [
      { role: "organisation_representative", agencyId: null, agencyCode: null, unitId: null, unitCode: null },
    ],
    actingFor: acting,
  };
}

/**
 * The session's choice, checked again on every request (a mandate may expire or be revoked meanwhile): the actor to
 * run as, nothing when the session acts for the person themselves, or the refusal.
 */
export async function actorForSession(
  db: Kysely<Database>,
  sessionId: string,
  personUserId: string,
  now: Date,
  /** The choice when the session check already read it (null: none); read here when absent. */
  chosenOrganisationId?: string | null,
): Promise<Actor | undefined> {
  const chosen =
    chosenOrganisationId === undefined
      ? await db
          .selectFrom("organisation_sessions")
          .select("organisation_id")
          .where("session_id", "=", sessionId)
          .executeTakeFirst()
      : chosenOrganisationId === null
        ? undefined
        : { organisation_id: chosenOrganisationId };
  if (!chosen) return undefined;
  const person = await findVerifiedPerson(db, personUserId);
  if (!person) throw mandateRefused("tổ chức", "none");
  const acting = await resolveActingFor(db, person, chosen.organisation_id, now);
  if (acting === undefined) throw mandateRefused("tổ chức", "none");
  if (acting instanceof ForbiddenError) throw acting;
  return organisationActor(db, acting);
}

/**
 * Who filed a dossier for the organisation, kept with the dossier (issue #14; DESIGN §1: the Submitter may differ
 * from the Applicant): the person, as representative or under which mandate. The reception slip prints it.
 */
export function submitterOf(acting: ActingFor, procedureCode: string): Record<string, unknown> {
  return {
    kind: acting.as === "representative" ? "legal_representative" : "authorised_person",
    name: acting.person.fullName,
    idNumber: acting.person.idNumber,
    userId: acting.person.userId,
    organisationId: acting.organisation.id,
    mandateId: mandateIdFor(acting, procedureCode) ?? null,
  };
}
