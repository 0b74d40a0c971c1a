import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import {
  type MandateScope,
  mandateState,
  type NewMandate,
  validateNewMandate,
} from "../../domain/organisation/mandate.ts";
import type { Actor } from "../accounts/actor.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.ts";
import type { FieldError } from "../validation/messages.ts";
import { findVerifiedPerson, scopeOf } from "./actingFor.ts";
import { needsVneid, organisationNotFound } from "./myOrganisations.ts";

/**
 * The legal representative's mandates (issue #14, R-ACC-1): who they authorised, for which period and procedures,
 * revocable. Only a current legal representative, signed in with their own e-ID, gives or revokes one; a person
 * only authorised by the organisation is refused (403); anyone else is told the organisation does not exist (404).
 */
async function assertRepresentative(db: Kysely<Database>, actor: Actor, organisationId: string) {
  const person = await findVerifiedPerson(db, actor.userId);
  if (!person) throw needsVneid();
  const organisation = await db
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("id", "=", organisationId)
    .executeTakeFirst();
  if (!organisation) throw organisationNotFound();
  const representative = await db
    .selectFrom("organisation_representatives")
    .select("id_number")
    .where("organisation_id", "=", organisationId)
    .where("id_number", "=", person.idNumber)
    .where("ended_at", "is", null)
    .executeTakeFirst();
  if (representative) return { person, organisation };
  const authorised = await db
    .selectFrom("organisation_mandates")
    .select("id")
    .where("organisation_id", "=", organisationId)
    .where("holder_id_number", "=", person.idNumber)
    .executeTakeFirst();
  if (!authorised) throw organisationNotFound();
  throw new ForbiddenError(
    {
      vi: "Chỉ người đại diện theo pháp luật của tổ chức mới được ủy quyền hoặc thu hồi ủy quyền",
      en: "Only the organisation's legal representative may give or revoke an authorisation",
    },
    "REPRESENTATIVE_ONLY",
  );
}

type MandateRow = {
  id: string;
  holder_id_number: string;
  holder_name: string;
  valid_from: string;
  valid_until: string;
  scope_kind: "all" | "procedures";
  procedure_codes: string[];
  granted_at: Date;
  revoked_at: Date | null;
  granted_by_name: string;
};

function describeMandate(row: MandateRow, now: Date) {
  return {
    id: row.id,
    holderIdNumber: row.holder_id_number,
    holderName: row.holder_name,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    scope: scopeOf(row.scope_kind, row.procedure_codes),
    grantedAt: row.granted_at.toISOString(),
    grantedBy: row.granted_by_name,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    state: mandateState(
      { validFrom: row.valid_from, validUntil: row.valid_until, revokedAt: row.revoked_at },
      now,
    ),
  };
}

const mandateColumns = [
  "m.id",
  "m.holder_id_number",
  "m.holder_name",
  "m.valid_from",
  "m.valid_until",
  "m.scope_kind",
  "m.procedure_codes",
  "m.granted_at",
  "m.revoked_at",
  "g.full_name as granted_by_name",
] as const;

export async function listMandates(db: Kysely<Database>, actor: Actor, organisationId: string, now: Date) {
  const { organisation } = await assertRepresentative(db, actor, organisationId);
  const rows = await db
    .selectFrom("organisation_mandates as m")
    .innerJoin("users as g", "g.id", "m.granted_by_user_id")
    .select(mandateColumns)
    .where("m.organisation_id", "=", organisationId)
    .orderBy("m.granted_at", "desc")
    .execute();
  return {
    organisation: { id: organisation.id, name: organisation.name },
    items: rows.map((row) => describeMandate(row, now)),
  };
}

/** Each problem in words, keyed `field.reason` (MandateProblem, plus `scope.unknown` found against the catalog). */
const PROBLEM_TEXT: Record<string, { vi: string; en: string }> = {
  "holderIdNumber.format": {
    vi: "Số định danh cá nhân phải gồm 12 chữ số",
    en: "The ID number must have 12 digits",
  },
  "holderIdNumber.self": {
    vi: "Không thể tự ủy quyền cho chính mình",
    en: "You cannot authorise yourself",
  },
  "holderName.empty": {
    vi: "Vui lòng nhập họ và tên người được ủy quyền",
    en: "Enter the authorised person's name",
  },
  "validFrom.format": { vi: "Ngày bắt đầu không hợp lệ", en: "The start date is not valid" },
  "validFrom.past": {
    vi: "Ngày bắt đầu không được trước ngày hôm nay",
    en: "The start date cannot be in the past",
  },
  "validUntil.format": { vi: "Ngày kết thúc không hợp lệ", en: "The end date is not valid" },
  "validUntil.before_start": {
    vi: "Ngày kết thúc phải từ ngày bắt đầu trở đi",
    en: "The end date must be on or after the start date",
  },
  "validUntil.too_long": {
    vi: "Thời hạn ủy quyền tối đa là 5 năm",
    en: "An authorisation lasts at most 5 years",
  },
  "scope.empty": { vi: "Vui lòng chọn ít nhất một thủ tục", en: "Choose at least one procedure" },
  "scope.procedure_code": { vi: "Mã thủ tục không hợp lệ", en: "A procedure code is not valid" },
  "scope.unknown": { vi: "Có thủ tục không có trong danh mục", en: "A procedure is not in the catalog" },
};

export async function grantMandate(
  db: Kysely<Database>,
  actor: Actor,
  organisationId: string,
  input: NewMandate,
  now: Date,
) {
  const { person } = await assertRepresentative(db, actor, organisationId);
  const problems: { field: string; reason: string }[] = validateNewMandate(input, person.idNumber, now);
  const codes = input.scope.kind === "procedures" ? [...new Set(input.scope.procedureCodes)] : [];
  if (problems.length === 0 && codes.length > 0) {
    const known = await db.selectFrom("procedures").select("code").where("code", "in", codes).execute();
    if (known.length !== codes.length) problems.push({ field: "scope", reason: "unknown" });
  }
  if (problems.length > 0) {
    const fields: FieldError[] = problems.map((p) => ({
      field: p.field,
      message: PROBLEM_TEXT[`${p.field}.${p.reason}`] ?? { vi: "Không hợp lệ", en: "Not valid" },
    }));
    throw new ValidationError(fields, {
      vi: `Giấy ủy quyền chưa hợp lệ: ${fields.map((f) => f.message.vi).join("; ")}`,
      en: `The authorisation is not valid: ${fields.map((f) => f.message.en).join("; ")}`,
    });
  }
  const scope: MandateScope =
    input.scope.kind === "all" ? { kind: "all" } : { kind: "procedures", procedureCodes: codes };
  const created = await db
    .insertInto("organisation_mandates")
    .values({
      organisation_id: organisationId,
      holder_id_number: input.holderIdNumber,
      holder_name: input.holderName.trim(),
      valid_from: input.validFrom,
      valid_until: input.validUntil,
      scope_kind: scope.kind,
      procedure_codes: JSON.stringify(scope.kind === "all" ? [] : scope.procedureCodes),
      granted_by_user_id: actor.userId,
      granted_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return getMandate(db, created.id, now);
}

async function getMandate(db: Kysely<Database>, id: string, now: Date) {
  const row = await db
    .selectFrom("organisation_mandates as m")
    .innerJoin("users as g", "g.id", "m.granted_by_user_id")
    .select(mandateColumns)
    .where("m.id", "=", id)
    .executeTakeFirstOrThrow();
  return describeMandate(row, now);
}

/** Revokes at once: the holder's next request for the organisation is refused (the session check runs each time). */
export async function revokeMandate(
  db: Kysely<Database>,
  actor: Actor,
  organisationId: string,
  mandateId: string,
  now: Date,
) {
  await assertRepresentative(db, actor, organisationId);
  return inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom("organisation_mandates")
      .select(["id", "revoked_at"])
      .where("id", "=", mandateId)
      .where("organisation_id", "=", organisationId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new NotFoundError({ vi: "Không tìm thấy giấy ủy quyền", en: "Authorisation not found" });
    if (row.revoked_at) {
      throw new ConflictError("MANDATE_ALREADY_REVOKED", {
        vi: "Giấy ủy quyền này đã được thu hồi trước đó",
        en: "This authorisation was already revoked",
      });
    }
    await trx
      .updateTable("organisation_mandates")
      .set({ revoked_at: now, revoked_by_user_id: actor.userId })
      .where("id", "=", mandateId)
      .execute();
    return getMandate(trx, mandateId, now);
  });
}
