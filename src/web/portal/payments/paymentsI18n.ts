import { useCallback } from "react";
import { format, useI18n } from "../../i18n/i18n.tsx";

/** Texts of the fees and payment panel (Vietnamese first; English must have every key — the type checks it). */
const vi = {
  "fees.title": "Phí, lệ phí",
  "fees.owed": "Số tiền cần thanh toán",
  "fees.owedAtSubmission": "Khoản phải nộp khi nộp hồ sơ",
  "fees.owedInProcessing": "Cơ quan giải quyết yêu cầu thực hiện nghĩa vụ tài chính",
  "fees.item": "Khoản thu",
  "fees.basis": "Cách tính",
  "fees.amount": "Số tiền",
  "fees.exempt": "Miễn: {reason}",
  "fees.total": "Tổng cộng",
  "fees.pay": "Thanh toán trực tuyến",
  "fees.paying": "Đang chuyển đến Nền tảng thanh toán…",
  "fees.vietQr": "Hoặc quét mã VietQR bằng ứng dụng ngân hàng",
  "fees.vietQrAlt": "Mã VietQR thanh toán {amount}",
  "fees.waiting":
    "Nếu bạn vừa thanh toán, hệ thống đang chờ Nền tảng thanh toán xác nhận; trang sẽ tự cập nhật.",
  "fees.none": "Hồ sơ hiện không có khoản phí, lệ phí nào cần thanh toán.",
  "fees.receipts": "Biên lai điện tử",
  "fees.receipt": "Biên lai {series}-{number}: {amount} ({words}), {at}",
  "fees.receiptCancelled": "đã hủy, được thay thế",
  "fees.download": "Tải biên lai {series}-{number} (PDF)",
  "fees.verifyCode": "Mã tra cứu biên lai: {code}",
};

type PaymentKey = keyof typeof vi;

const en: Record<PaymentKey, string> = {
  "fees.title": "Fees and charges",
  "fees.owed": "Amount to pay",
  "fees.owedAtSubmission": "Owed with the submission",
  "fees.owedInProcessing": "The agency asks for the financial obligations",
  "fees.item": "Item",
  "fees.basis": "Basis",
  "fees.amount": "Amount",
  "fees.exempt": "Exempt: {reason}",
  "fees.total": "Total",
  "fees.pay": "Pay online",
  "fees.paying": "Taking you to the payment platform…",
  "fees.vietQr": "Or scan the VietQR code with a banking app",
  "fees.vietQrAlt": "VietQR code paying {amount}",
  "fees.waiting":
    "If you have just paid, the system is waiting for the payment platform to confirm; this page updates itself.",
  "fees.none": "The dossier owes no fee or charge at the moment.",
  "fees.receipts": "Electronic receipts",
  "fees.receipt": "Receipt {series}-{number}: {amount} ({words}), {at}",
  "fees.receiptCancelled": "cancelled, replaced",
  "fees.download": "Download receipt {series}-{number} (PDF)",
  "fees.verifyCode": "Receipt check code: {code}",
};

const dictionaries = { vi: vi as Record<PaymentKey, string>, en };

export function usePaymentsI18n() {
  const i18n = useI18n();
  const ft = useCallback(
    (key: PaymentKey, vars?: Record<string, string | number>) => format(dictionaries[i18n.lang][key], vars),
    [i18n.lang],
  );
  return { ...i18n, ft };
}
