import { Type } from "typebox";
import type { ReceiptView } from "../../../services/payments/receipts.ts";

export const FeeLine = Type.Object({
  code: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  amount: Type.Integer({ description: "Số tiền (đồng); 0 khi được miễn" }),
  exemptReason: Type.Optional(Type.String()),
  basis: Type.Optional(Type.String({ description: "Cách tính" })),
});

export const FeeBreakdown = Type.Object({
  purpose: Type.Union([Type.Literal("submission"), Type.Literal("processing")]),
  total: Type.Integer(),
  lines: Type.Array(FeeLine),
});

export const ReceiptSummary = Type.Object({
  id: Type.String({ format: "uuid" }),
  series: Type.String(),
  number: Type.String(),
  kind: Type.String(),
  amount: Type.Integer(),
  amountInWords: Type.String(),
  method: Type.Union([Type.String(), Type.Null()]),
  issuedAt: Type.String({ format: "date-time" }),
  verificationCode: Type.String(),
  cancelled: Type.Boolean(),
  pdfUrl: Type.String(),
});

export function receiptSummaryOf(receipt: ReceiptView) {
  return {
    id: receipt.id,
    series: receipt.series,
    number: receipt.number,
    kind: receipt.kind,
    amount: receipt.amount,
    amountInWords: receipt.amountInWords,
    method: receipt.method,
    issuedAt: receipt.issuedAt.toISOString(),
    verificationCode: receipt.verificationCode,
    cancelled: receipt.cancelled,
    pdfUrl: `/api/dossiers/${receipt.dossierId}/receipts/${receipt.id}/bien-lai.pdf`,
  };
}
