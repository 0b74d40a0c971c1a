import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { INVALID_PHONE_MESSAGE, normalizePhone } from "../../domain/contact/phone.ts";
import { ConflictError, ValidationError } from "../errors.ts";
import type { FieldError } from "../validation/messages.ts";
import { checkPasswordPolicy } from "./passwordPolicy.ts";
import { hashPassword } from "./passwords.ts";
import { recordSecurityEvent } from "./securityEvents.ts";

interface Contact {
  phone?: string | undefined;
  email?: string | undefined;
  password: string;
  ip?: string | null | undefined;
}

export interface CitizenRegistration extends Contact {
  kind: "citizen";
  /** Số định danh cá nhân (CCCD): 12 digits. */
  identificationNumber: string;
  fullName: string;
}

export interface OrganisationRegistration extends Contact {
  kind: "organisation";
  /** Mã số thuế / mã số doanh nghiệp: 10 digits, or a branch's 10-3 (`0101234567-001`, also written as 13 digits). */
  taxCode: string;
  organisationName: string;
  representativeName: string;
  representativeIdentificationNumber: string;
}

export type Registration = CitizenRegistration | OrganisationRegistration;

export interface RegisteredAccount {
  userId: string;
  username: string;
  kind: "citizen" | "organisation";
}

const field = (name: string, vi: string, en: string): FieldError => ({ field: name, message: { vi, en } });

/** `0101234567`, `0101234567-001` or `0101234567001` → the dashed form; undefined when malformed. */
export function normalizeTaxCode(raw: string): string | undefined {
  const code = raw.trim();
  if (/^\d{10}$/.test(code) || /^\d{10}-\d{3}$/.test(code)) return code;
  if (/^\d{13}$/.test(code)) return `${code.slice(0, 10)}-${code.slice(10)}`;
  return undefined;
}

const identificationOk = (value: string) => /^\d{12}$/.test(value.trim());
const emailOk = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());

/**
 * Registers a local applicant account (issue #4 §1), ready for the national e-ID login that comes later (R-ACC-1):
 * the identification number is kept, identity level 1 (self-declared, not yet verified). Citizens log in with their
 * identification number, organisations with their tax code. Grants `citizen` or `organisation_representative` with
 * no agency. Outcomes: the account; ValidationError with every broken field; ConflictError ACCOUNT_EXISTS when an
 * account with that username, identification number or tax code exists. Nothing is written on an error.
 */
export async function registerApplicant(
  db: Kysely<Database>,
  registration: Registration,
  now: Date,
): Promise<RegisteredAccount> {
  const errors: FieldError[] = [];
  let username: string;
  if (registration.kind === "citizen") {
    username = registration.identificationNumber.trim();
    if (!identificationOk(registration.identificationNumber))
      errors.push(
        field(
          "identificationNumber",
          "Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số",
          "The personal identification number must have exactly 12 digits",
        ),
      );
  } else {
    username = normalizeTaxCode(registration.taxCode) ?? registration.taxCode.trim();
    if (!normalizeTaxCode(registration.taxCode))
      errors.push(
        field(
          "taxCode",
          "Mã số thuế phải gồm 10 chữ số, hoặc 13 chữ số dạng 0123456789-001 đối với chi nhánh",
          "The tax code must have 10 digits, or 13 in the form 0123456789-001 for a branch",
        ),
      );
    if (!identificationOk(registration.representativeIdentificationNumber))
      errors.push(
        field(
          "representativeIdentificationNumber",
          "Số định danh cá nhân (CCCD) của người đại diện phải gồm đúng 12 chữ số",
          "The representative's identification number must have exactly 12 digits",
        ),
      );
  }
  const phone = registration.phone?.trim() ? normalizePhone(registration.phone) : undefined;
  const email = registration.email?.trim() ? registration.email.trim().toLowerCase() : undefined;
  if (registration.phone?.trim() && !phone)
    errors.push(field("phone", INVALID_PHONE_MESSAGE.vi, INVALID_PHONE_MESSAGE.en));
  if (email && !emailOk(email))
    errors.push(field("email", "Địa chỉ thư điện tử không hợp lệ", "The e-mail address is not valid"));
  if (!registration.phone?.trim() && !email)
    errors.push(
      field(
        "phone",
        "Cần có số điện thoại hoặc địa chỉ thư điện tử để nhận thông báo",
        "A phone number or an e-mail address is required for notifications",
      ),
    );
  errors.push(...checkPasswordPolicy(registration.password, username, "password"));
  if (errors.length > 0) throw new ValidationError(errors);

  const exists = () =>
    new ConflictError("ACCOUNT_EXISTS", {
      vi:
        registration.kind === "citizen"
          ? "Số định danh cá nhân này đã được đăng ký tài khoản. Vui lòng đăng nhập, hoặc liên hệ Bộ phận Một cửa nếu bạn chưa từng đăng ký"
          : "Mã số thuế này đã được đăng ký tài khoản. Vui lòng đăng nhập, hoặc liên hệ Bộ phận Một cửa nếu tổ chức chưa từng đăng ký",
      en:
        registration.kind === "citizen"
          ? "An account already exists for this identification number. Please log in, or contact the counter if you never registered"
          : "An account already exists for this tax code. Please log in, or contact the counter if your organisation never registered",
    });

  // Hashed before the transaction: argon2 is slow and PGlite has a single session.
  const passwordHash = await hashPassword(registration.password);
  const values =
    registration.kind === "citizen"
      ? {
          kind: "citizen" as const,
          full_name: registration.fullName.trim(),
          identification_number: username,
          organisation_tax_code: null,
          organisation_name: null,
        }
      : {
          kind: "organisation" as const,
          full_name: registration.representativeName.trim(),
          identification_number: registration.representativeIdentificationNumber.trim(),
          organisation_tax_code: username,
          organisation_name: registration.organisationName.trim(),
        };
  try {
    return await inTransaction(db, async (trx) => {
      let taken = trx
        .selectFrom("users")
        .select("id")
        .where((eb) =>
          eb.or([
            eb(sql<string>`lower(username)`, "=", username.toLowerCase()),
            registration.kind === "citizen"
              ? eb.and([eb("kind", "=", "citizen"), eb("identification_number", "=", username)])
              : eb.and([eb("kind", "=", "organisation"), eb("organisation_tax_code", "=", username)]),
          ]),
        );
      taken = taken.limit(1);
      if (await taken.executeTakeFirst()) throw exists();
      const user = await trx
        .insertInto("users")
        .values({
          username,
          ...values,
          email: email ?? null,
          phone: phone ?? null,
          identity_level: 1,
          password_hash: passwordHash,
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
          role: registration.kind === "citizen" ? "citizen" : "organisation_representative",
          agency_id: null,
          unit_id: null,
          granted_at: now,
        })
        .execute();
      await recordSecurityEvent(
        trx,
        {
          kind: "registered",
          userId: user.id,
          username,
          ip: registration.ip ?? null,
          route: `/api/auth/register/${registration.kind}`,
        },
        now,
      );
      return { userId: user.id, username, kind: registration.kind };
    });
  } catch (error) {
    // Two registrations racing for the same name: the unique index decides, the loser hears the same 409.
    if ((error as { code?: string }).code === "23505") throw exists();
    throw error;
  }
}
