import { type Kysely, sql } from "kysely";

/**
 * Each agency's receiving account for online payments (issue #15, R-FEE-6): account number, the bank's VietQR BIN and
 * the account name, set by the agency administrator. All null: the account derived from the agency's code applies.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table agencies
      add column payment_account_number text,
      add column payment_bank_bin text,
      add column payment_account_name text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table agencies
      drop column payment_account_number,
      drop column payment_bank_bin,
      drop column payment_account_name`.execute(db);
}
