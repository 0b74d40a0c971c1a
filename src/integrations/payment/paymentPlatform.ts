/**
 * The port to the national payment platform (Nền tảng thanh toán trên Cổng DVCQG, R-FEE-6): create a payment request
 * and get the page to send the payer to, fetch a day's statement (R-FEE-2), ask for a refund and follow it (R-STOP-2).
 * The platform confirms payments by signed callback to `POST /api/integration/payments/callback`.
 */
export interface PlatformPaymentRequest {
  paymentRequestId: string;
  dossierCode: string;
  amount: number;
  currency: "VND";
  items: { code: string | null; name: string; amount: number }[];
  /** The agency's receiving account. */
  account: { bankBin: string; accountNumber: string; accountName: string };
  /** Where the payer's browser comes back to (never trusted alone: only the callback marks a payment). */
  returnUrl: string;
  /** Where the platform posts the signed result. */
  callbackUrl: string;
}

export interface PlatformPaymentPage {
  redirectUrl: string;
  vietQr: string;
}

export interface PlatformRefundRequest {
  refundId: string;
  transactionId: string;
  amount: number;
  reason: string;
}

export interface PlatformRefundStatus {
  platformRefundId: string;
  status: "pending" | "completed" | "rejected";
}

export interface PaymentPlatform {
  createPayment(request: PlatformPaymentRequest): Promise<PlatformPaymentPage>;
  /** The statement CSV of one day (`YYYY-MM-DD`, Vietnam time). */
  fetchStatement(day: string): Promise<string>;
  requestRefund(request: PlatformRefundRequest): Promise<PlatformRefundStatus>;
  refundStatus(platformRefundId: string): Promise<PlatformRefundStatus>;
}

export class PaymentPlatformError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "PaymentPlatformError";
  }
}
