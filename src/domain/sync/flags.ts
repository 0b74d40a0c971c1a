import type { Flag } from "./payloads.ts";

/** R-SYNC-3: booleans travel as "0"/"1". */
export function flag(value: boolean): Flag {
  return value ? "1" : "0";
}

/**
 * TaiKhoanDuocXacThucVoiVNeID (R-SYNC-2, 766 indicator 4.5): the applicant's account was verified with VNeID.
 * Today the only evidence is the account's identity level (level 2 = identity verified by the national ID system);
 * when VNeID login arrives, wire its verification here and nowhere else.
 */
export function vneidVerifiedFlag(facts: { ownerIdentityLevel: number | null }): Flag {
  return flag((facts.ownerIdentityLevel ?? 0) >= 2);
}

/**
 * DuocThanhToanTrucTuyen (R-SYNC-2, 766 indicator 3.6: values 1 and 2 count as paid online): "0" not paid online,
 * "1" paid online (today: a payment confirmed by the payment system itself rather than by a counter officer), "2" paid
 * online through the national payment platform (not connected yet). When online payments arrive, wire them here.
 */
export function onlinePaymentFlag(facts: {
  paymentConfirmations: readonly { by: "paymentSystem" | "counterOfficer" | string }[];
  paidThroughNationalPlatform?: boolean;
}): "0" | "1" | "2" {
  if (facts.paidThroughNationalPlatform) return "2";
  return facts.paymentConfirmations.some((payment) => payment.by === "paymentSystem") ? "1" : "0";
}
