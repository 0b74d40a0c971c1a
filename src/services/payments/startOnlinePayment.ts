import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { PaymentPlatform } from "../../integrations/payment/paymentPlatform.ts";
import { type Actor, isApplicant } from "../accounts/actor.ts";
import { findDossier } from "../dossiers/dossierStore.ts";
import { dossierNotFound } from "../dossiers/runDossierCommand.ts";
import { ConflictError, ForbiddenError } from "../errors.ts";
import { receivingAccountOf } from "./agencyPaymentAccount.ts";
import { owedFees } from "./owedFees.ts";

export interface PaymentSettings {
  platform: PaymentPlatform;
  /** OneStop's public address: the platform posts callbacks and sends the payer back there. */
  publicUrl: string;
  /** The receiving bank's BIN of the agencies' derived collection accounts (VietQR), when an agency set none. */
  bankBin: string;
}

export interface StartedPayment {
  paymentRequestId: string;
  amount: number;
  currency: "VND";
  redirectUrl: string;
  vietQr: string;
}

export const CALLBACK_PATH = "/api/integration/payments/callback";

export function nothingOwed(): ConflictError {
  return new ConflictError("NOTHING_OWED", {
    vi: "Hồ sơ hiện không có khoản phí, lệ phí nào cần thanh toán",
    en: "The dossier owes no fee or charge at the moment",
  });
}

/**
 * The applicant starts paying online (R-FEE-6): what the dossier owes now becomes a payment request (dossier code,
 * items, amount, the agency's account) sent to the platform, which answers with its page and a VietQR code. A pending
 * request for the same amount is reused, so reloading the page never asks the platform twice. Nothing is marked paid
 * here: only the platform's signed callback does that.
 *
 * Outcomes: the request; 404 not the caller's dossier; 403 not an applicant; 409 nothing owed.
 */
export async function startOnlinePayment(
  db: Kysely<Database>,
  settings: PaymentSettings,
  input: { dossierId: string; actor: Actor; now: Date },
): Promise<StartedPayment> {
  if (!isApplicant(input.actor)) throw new ForbiddenError();
  const record = await findDossier(db, input.dossierId);
  if (!record || record.row.owner_user_id !== input.actor.userId) throw dossierNotFound();
  const owed = await owedFees(db, record);
  if (!owed || owed.total <= 0) throw nothingOwed();
  const agency = await db
    .selectFrom("agencies")
    .select(["code", "name", "payment_account_number", "payment_bank_bin", "payment_account_name"])
    .where("id", "=", record.row.agency_id)
    .executeTakeFirstOrThrow();
  const existing = await db
    .selectFrom("payment_requests")
    .select("id")
    .where("dossier_id", "=", record.row.id)
    .where("purpose", "=", owed.purpose)
    .where("status", "=", "pending")
    .where("amount", "=", String(owed.total))
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  const paymentRequestId =
    existing?.id ??
    (
      await db
        .insertInto("payment_requests")
        .values({
          dossier_id: record.row.id,
          agency_id: record.row.agency_id,
          purpose: owed.purpose,
          amount: owed.total,
          currency: "VND",
          items: JSON.stringify(owed.items),
          status: "pending",
          created_by: input.actor.userId,
          created_at: input.now,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const base = settings.publicUrl.replace(/\/+$/, "");
  const page = await settings.platform.createPayment({
    paymentRequestId,
    dossierCode: record.row.code,
    amount: owed.total,
    currency: "VND",
    items: owed.items,
    // The account the agency's administrator set, else the derived one (R-FEE-6, issue #15).
    account: receivingAccountOf(agency, settings.bankBin),
    returnUrl: `${base}/ho-so-cua-toi/${record.row.id}`,
    callbackUrl: `${base}${CALLBACK_PATH}`,
  });
  return {
    paymentRequestId,
    amount: owed.total,
    currency: "VND",
    redirectUrl: page.redirectUrl,
    vietQr: page.vietQr,
  };
}
