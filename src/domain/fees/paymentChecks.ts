/** How a payment was made (R-FEE-1): online through the national platform or the province's gateway, or at the counter. */
export type PaymentMethod = "onlineNational" | "onlineProvincial" | "cash" | "card";

/**
 * `DuocThanhToanTrucTuyen` of a dossier for the DVCQG sync and indicator 3.6 (R-FEE-4, R-KPI-3): `1` paid on the
 * national platform, `2` paid through the ministry's/province's gateway, `3` paid but not online; `undefined` when
 * nothing was paid (no financial obligation, or still owed).
 */
export function paidOnlineCode(methods: readonly PaymentMethod[]): 1 | 2 | 3 | undefined {
  if (methods.includes("onlineNational")) return 1;
  if (methods.includes("onlineProvincial")) return 2;
  return methods.length > 0 ? 3 : undefined;
}

/** What a platform callback says, next to what OneStop asked for. */
export interface CallbackFacts {
  status: "success" | "failed";
  amount: number;
  currency: string;
}

export type CallbackVerdict = "accept" | "failed" | "hold";

/**
 * R-FEE-6: a successful callback is accepted only for exactly the amount requested, in đồng; any other amount or
 * currency is held for an officer, never accepted. A failed one records the failure and changes nothing else.
 */
export function judgeCallback(requested: { amount: number }, callback: CallbackFacts): CallbackVerdict {
  if (callback.status === "failed") return "failed";
  if (callback.currency !== "VND" || callback.amount !== requested.amount) return "hold";
  return "accept";
}

/** A receipt's number inside its series: seven digits, as e-receipt forms print it (R-FEE-3). */
export function receiptNumberText(number: number): string {
  if (!Number.isSafeInteger(number) || number < 1) throw new RangeError("receipt number must be ≥ 1");
  return String(number).padStart(7, "0");
}

/** The series of an agency's receipts for a year: "BL" and the year's last two digits ("BL26"). */
export function receiptSeries(year: number): string {
  return `BL${String(year % 100).padStart(2, "0")}`;
}

/** A sequence of issued numbers has no gap when it is exactly 1…n. */
export function hasNoGaps(numbers: readonly number[]): boolean {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted.every((value, index) => value === index + 1);
}
