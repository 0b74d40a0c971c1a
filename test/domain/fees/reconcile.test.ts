import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  hasNoGaps,
  judgeCallback,
  paidOnlineCode,
  receiptNumberText,
  receiptSeries,
} from "../../../src/domain/fees/paymentChecks.ts";
import { reconcile, type StatementLine } from "../../../src/domain/fees/reconcile.ts";

const line = (transactionId: string, amount: number): StatementLine => ({
  transactionId,
  amount,
  paymentRequestId: "p",
  dossierCode: "d",
  paidAt: new Date("2026-12-01T03:00:00Z"),
});

describe("daily reconciliation (R-FEE-2)", () => {
  it("lists unknown here, missing there and amount mismatches, and counts the matches", () => {
    const outcome = reconcile(
      [line("T1", 100), line("T2", 200), line("T4", 50), line("T1", 100)],
      [
        { transactionId: "T1", amount: 100 },
        { transactionId: "T2", amount: 250 },
        { transactionId: "T3", amount: 70 },
      ],
    );
    expect(outcome).toEqual({
      matched: 1,
      differences: [
        { kind: "amountMismatch", transactionId: "T2", statementAmount: 200, recordedAmount: 250 },
        { kind: "missingThere", transactionId: "T3", statementAmount: null, recordedAmount: 70 },
        { kind: "unknownHere", transactionId: "T4", statementAmount: 50, recordedAmount: null },
      ],
      statementTotal: 350,
      recordedTotal: 420,
    });
  });

  it("property: matched + differences cover every transaction once, and with no differences the totals agree", () => {
    const entry = fc.record({
      id: fc.constantFrom("A", "B", "C", "D", "E", "F"),
      amount: fc.integer({ min: 1, max: 9 }),
    });
    fc.assert(
      fc.property(fc.array(entry), fc.array(entry), (left, right) => {
        const outcome = reconcile(
          left.map((e) => line(e.id, e.amount)),
          right.map((e) => ({ transactionId: e.id, amount: e.amount })),
        );
        const ids = new Set([...left, ...right].map((e) => e.id));
        expect(outcome.matched + outcome.differences.length).toBe(ids.size);
        if (outcome.differences.length === 0) expect(outcome.statementTotal).toBe(outcome.recordedTotal);
      }),
    );
  });
});

describe("payment checks (R-FEE-6, R-FEE-4, R-FEE-3)", () => {
  it("accepts only the exact amount in đồng; holds any other; records a failure", () => {
    expect(judgeCallback({ amount: 100 }, { status: "success", amount: 100, currency: "VND" })).toBe(
      "accept",
    );
    expect(judgeCallback({ amount: 100 }, { status: "success", amount: 99, currency: "VND" })).toBe("hold");
    expect(judgeCallback({ amount: 100 }, { status: "success", amount: 100, currency: "USD" })).toBe("hold");
    expect(judgeCallback({ amount: 100 }, { status: "failed", amount: 1, currency: "USD" })).toBe("failed");
  });

  it("DuocThanhToanTrucTuyen: 1 national platform, 2 provincial gateway, 3 not online, nothing when unpaid", () => {
    expect(paidOnlineCode(["cash", "onlineNational"])).toBe(1);
    expect(paidOnlineCode(["onlineProvincial", "card"])).toBe(2);
    expect(paidOnlineCode(["cash"])).toBe(3);
    expect(paidOnlineCode([])).toBeUndefined();
  });

  it("receipt numbers and series", () => {
    expect(receiptNumberText(42)).toBe("0000042");
    expect(() => receiptNumberText(0)).toThrow(RangeError);
    expect(receiptSeries(2026)).toBe("BL26");
    expect(receiptSeries(2105)).toBe("BL05");
    expect(hasNoGaps([3, 1, 2])).toBe(true);
    expect(hasNoGaps([1, 3])).toBe(false);
    expect(hasNoGaps([])).toBe(true);
  });
});
