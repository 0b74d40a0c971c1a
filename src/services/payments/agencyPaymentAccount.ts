import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import type { Actor } from "../accounts/actor.ts";
import { type AdminScope, requireInScope } from "../admin/adminScope.ts";
import { recordAdminChange } from "../admin/auditLog.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import type { FieldError } from "../validation/messages.ts";

export interface ReceivingAccount {
  bankBin: string;
  accountNumber: string;
  accountName: string;
}

export interface AgencyPaymentAccountView {
  /** What the agency set (all null: nothing set). */
  configured: { accountNumber: string | null; bankBin: string | null; accountName: string | null };
  /** The account the payment requests use now. */
  effective: ReceivingAccount;
  /** True when nothing is set and the account is derived from the agency's code. */
  derived: boolean;
}

const unknownAgency = { vi: "Không tìm thấy cơ quan", en: "No such agency" };

/** The fallback (demo): the State Treasury account numbered after the agency's code, at PAYMENT_BANK_BIN. */
export function derivedReceivingAccount(
  agency: { code: string; name: string },
  bankBin: string,
): ReceivingAccount {
  return {
    bankBin,
    accountNumber: `3511${agency.code.replace(/\D/g, "")}`.slice(0, 19),
    accountName: agency.name,
  };
}

type AgencyAccountRow = {
  code: string;
  name: string;
  payment_account_number: string | null;
  payment_bank_bin: string | null;
  payment_account_name: string | null;
};

/**
 * The agency's receiving account for online payments (R-FEE-6, issue #15): the one its administrator set, else the
 * account derived from its code. A half-set account cannot exist (setAgencyPaymentAccount sets all three or none).
 */
export function receivingAccountOf(agency: AgencyAccountRow, defaultBankBin: string): ReceivingAccount {
  if (agency.payment_account_number && agency.payment_bank_bin && agency.payment_account_name)
    return {
      bankBin: agency.payment_bank_bin,
      accountNumber: agency.payment_account_number,
      accountName: agency.payment_account_name,
    };
  return derivedReceivingAccount(agency, defaultBankBin);
}

async function loadAgency(db: Kysely<Database>, id: string): Promise<AgencyAccountRow | undefined> {
  return db
    .selectFrom("agencies")
    .select(["code", "name", "payment_account_number", "payment_bank_bin", "payment_account_name"])
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function getAgencyPaymentAccount(
  db: Kysely<Database>,
  scope: AdminScope,
  agencyId: string,
  defaultBankBin: string,
): Promise<AgencyPaymentAccountView> {
  requireInScope(scope, agencyId, unknownAgency);
  const row = await loadAgency(db, agencyId);
  if (!row) throw new NotFoundError(unknownAgency);
  return viewOf(row, defaultBankBin);
}

function viewOf(row: AgencyAccountRow, defaultBankBin: string): AgencyPaymentAccountView {
  return {
    configured: {
      accountNumber: row.payment_account_number,
      bankBin: row.payment_bank_bin,
      accountName: row.payment_account_name,
    },
    effective: receivingAccountOf(row, defaultBankBin),
    derived: !row.payment_account_number,
  };
}

export interface PaymentAccountInput {
  accountNumber?: string | null;
  bankBin?: string | null;
  accountName?: string | null;
}

/** Checks the account: all three or none; digits as banks and VietQR accept them. */
export function checkPaymentAccount(input: PaymentAccountInput): FieldError[] {
  const number = input.accountNumber?.trim() ?? "";
  const bin = input.bankBin?.trim() ?? "";
  const name = input.accountName?.trim() ?? "";
  if (!number && !bin && !name) return [];
  const errors: FieldError[] = [];
  if (!/^[0-9]{6,19}$/.test(number))
    errors.push({
      field: "accountNumber",
      message: {
        vi: "Số tài khoản phải gồm 6 đến 19 chữ số",
        en: "The account number must have 6 to 19 digits",
      },
    });
  if (!/^[0-9]{6}$/.test(bin))
    errors.push({
      field: "bankBin",
      message: {
        vi: "Mã ngân hàng (BIN) phải gồm đúng 6 chữ số",
        en: "The bank identifier (BIN) must have exactly 6 digits",
      },
    });
  if (name.length === 0 || name.length > 200)
    errors.push({
      field: "accountName",
      message: {
        vi: "Tên tài khoản phải có, tối đa 200 ký tự",
        en: "The account name is required, at most 200 characters",
      },
    });
  return errors;
}

/**
 * The agency administrator sets (or, with all fields empty, clears) the agency's receiving account. Audited with
 * before/after in the same transaction (issue #15, R-FEE-6).
 */
export async function setAgencyPaymentAccount(
  db: Kysely<Database>,
  actor: Actor,
  scope: AdminScope,
  agencyId: string,
  input: PaymentAccountInput,
  defaultBankBin: string,
  now: Date,
): Promise<AgencyPaymentAccountView> {
  requireInScope(scope, agencyId, unknownAgency);
  const errors = checkPaymentAccount(input);
  if (errors.length > 0) throw new ValidationError(errors);
  const cleared = !input.accountNumber?.trim();
  const after = {
    payment_account_number: cleared ? null : input.accountNumber!.trim(),
    payment_bank_bin: cleared ? null : input.bankBin!.trim(),
    payment_account_name: cleared ? null : input.accountName!.trim(),
  };
  await inTransaction(db, async (trx) => {
    const before = await loadAgency(trx, agencyId);
    if (!before) throw new NotFoundError(unknownAgency);
    await trx
      .updateTable("agencies")
      .set({ ...after, updated_at: now })
      .where("id", "=", agencyId)
      .execute();
    await recordAdminChange(trx, actor, now, {
      agencyId,
      action: "agency.paymentAccount",
      entity: "agency",
      entityId: agencyId,
      summary: `${before.code}: ${cleared ? "tài khoản nhận tiền theo mặc định" : `tài khoản nhận tiền ${after.payment_bank_bin}/${after.payment_account_number}`}`,
      before: {
        accountNumber: before.payment_account_number,
        bankBin: before.payment_bank_bin,
        accountName: before.payment_account_name,
      },
      after: {
        accountNumber: after.payment_account_number,
        bankBin: after.payment_bank_bin,
        accountName: after.payment_account_name,
      },
    });
  });
  const row = await loadAgency(db, agencyId);
  return viewOf(row!, defaultBankBin);
}
