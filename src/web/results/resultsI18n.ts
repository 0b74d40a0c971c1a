import { useCallback } from "react";
import { format, useI18n } from "../i18n/i18n.tsx";

/**
 * Texts of the verifiable results, the dossier forms and the register (issue #7), Vietnamese first; every key must
 * exist in English too (the type checks it). Follows the shell's language switch.
 */
const vi = {
  "verify.title": "Xác thực kết quả giải quyết",
  "verify.lead":
    "Nhập mã xác thực in trên kết quả (hoặc quét mã QR) để xem cơ quan ban hành, hồ sơ, thủ tục và ngày ban hành, kiểm tra con dấu điện tử của hệ thống và đối chiếu tệp kết quả bạn đang có.",
  "verify.codeLabel": "Mã xác thực",
  "verify.codePlaceholder": "Ví dụ: 7KQ2M-XW4PA-9HDT3",
  "verify.submit": "Xác thực",
  "verify.notFound":
    "Không tìm thấy kết quả có mã xác thực {code}. Vui lòng kiểm tra lại mã in trên kết quả.",
  "verify.facts": "Thông tin kết quả",
  "verify.agency": "Cơ quan ban hành",
  "verify.dossierCode": "Mã hồ sơ",
  "verify.procedure": "Thủ tục",
  "verify.issuedAt": "Ngày ban hành",
  "verify.holder": "Người nhận kết quả",
  "verify.sha256": "Mã băm SHA-256 của tệp",
  "verify.signature": "Con dấu điện tử của hệ thống",
  "verify.checking": "Đang kiểm tra con dấu điện tử…",
  "verify.valid":
    "Con dấu điện tử hợp lệ: kết quả do cơ quan nêu trên ban hành qua hệ thống và nội dung không bị thay đổi. Đây là con dấu điện tử của hệ thống, không phải chữ ký số của cán bộ.",
  "verify.validKey": "Khóa của con dấu: {kid}",
  "verify.reason.malformed": "Mã đóng dấu không đúng định dạng (quét lại mã QR hoặc nhập lại).",
  "verify.reason.unknownKey": "Mã không được đóng dấu bằng khóa nào do tỉnh công bố.",
  "verify.reason.badSignature": "Con dấu điện tử không khớp: nội dung đã bị thay đổi hoặc giả mạo.",
  "verify.reason.badClaims": "Mã đóng dấu không phải là kết quả giải quyết hợp lệ.",
  "verify.reason.mismatch": "Mã đóng dấu trong đường dẫn không thuộc kết quả có mã xác thực này.",
  "verify.offline":
    "Không kết nối được máy chủ: thông tin dưới đây được đọc từ mã QR và kiểm tra bằng khóa công khai đã lưu.",
  "verify.noKeys": "Chưa có khóa công khai để kiểm tra con dấu điện tử khi không có mạng.",
  "verify.file": "Đối chiếu tệp kết quả",
  "verify.fileLead":
    "Chọn tệp kết quả bạn nhận được: trình duyệt tính mã băm SHA-256 và so với kết quả đã ban hành. Tệp không được gửi đi khi trình duyệt tự tính được.",
  "verify.fileLabel": "Tệp kết quả",
  "verify.fileMatch": "Tệp khớp với kết quả đã ban hành.",
  "verify.fileMismatch": "Tệp KHÔNG khớp với kết quả đã ban hành (mã băm khác).",
  "verify.fileHash": "Mã băm của tệp đã chọn: {sha256}",
  "verify.qr": "Mã QR của kết quả",
  "verify.qrAlt": "Mã QR xác thực kết quả {code}",
  "verify.another": "Xác thực kết quả khác",

  "results.title": "Kết quả điện tử và mã xác thực",
  "results.lead":
    "Mỗi kết quả điện tử có mã xác thực và mã QR mang con dấu điện tử của hệ thống (không phải chữ ký số của cán bộ); bất kỳ ai cũng kiểm tra được tại trang Xác thực kết quả.",
  "results.code": "Mã xác thực: {code}",
  "results.file": "Tệp kết quả: {file}",
  "results.issuedAt": "Ban hành lúc {at}",
  "results.open": "Mở trang xác thực",
  "results.slip": "Phiếu xác thực kết quả (PDF)",
  "results.loadError": "Không tải được kết quả điện tử của hồ sơ.",

  "forms.title": "Biểu mẫu",
  "forms.lead": "Các biểu mẫu đã có dữ liệu của hồ sơ, dạng PDF để in hoặc tải về.",
  "forms.none": "Hồ sơ chưa có biểu mẫu nào.",
  "forms.open": "{title} (PDF)",

  "register.title": "Sổ theo dõi hồ sơ",
  "register.lead":
    "Sổ theo dõi hồ sơ của cơ quan theo lĩnh vực và khoảng thời gian tiếp nhận, dạng PDF để in hoặc Excel.",
  "register.agency": "Cơ quan",
  "register.sector": "Lĩnh vực",
  "register.from": "Từ ngày",
  "register.to": "Đến ngày",
  "register.pdf": "In sổ (PDF)",
  "register.excel": "Tải sổ (Excel)",
  "register.menu": "Sổ theo dõi hồ sơ",
  "register.choose": "Chọn cơ quan, lĩnh vực và khoảng thời gian (tối đa 366 ngày).",
} as const;

export type ResultsKey = keyof typeof vi;

const en: Record<ResultsKey, string> = {
  "verify.title": "Verify a result",
  "verify.lead":
    "Enter the verification code printed on the result (or scan its QR code) to see the issuing agency, dossier, procedure and issue date, check the system's electronic seal and compare the result file you hold.",
  "verify.codeLabel": "Verification code",
  "verify.codePlaceholder": "For example: 7KQ2M-XW4PA-9HDT3",
  "verify.submit": "Verify",
  "verify.notFound":
    "No result has the verification code {code}. Please check the code printed on the result.",
  "verify.facts": "The result",
  "verify.agency": "Issuing agency",
  "verify.dossierCode": "Dossier code",
  "verify.procedure": "Procedure",
  "verify.issuedAt": "Issued on",
  "verify.holder": "Holder",
  "verify.sha256": "SHA-256 of the file",
  "verify.signature": "The system's electronic seal",
  "verify.checking": "Checking the electronic seal…",
  "verify.valid":
    "Valid electronic seal: issued through the system by the agency shown and unchanged. This is the system's electronic seal, not an officer's digital signature.",
  "verify.validKey": "Seal key: {kid}",
  "verify.reason.malformed": "The sealed code is malformed (scan the QR code again or retype it).",
  "verify.reason.unknownKey": "The code is not sealed with any key the province publishes.",
  "verify.reason.badSignature": "The electronic seal does not match: the content was changed or forged.",
  "verify.reason.badClaims": "The token is not a valid result.",
  "verify.reason.mismatch": "The token in the address does not belong to the result with this code.",
  "verify.offline":
    "The server cannot be reached: the facts below are read from the QR code and checked with the saved public keys.",
  "verify.noKeys": "No saved public keys to check the electronic seal offline.",
  "verify.file": "Compare a result file",
  "verify.fileLead":
    "Choose the result file you received: the browser computes its SHA-256 and compares it with the issued result. The file is not sent anywhere when the browser can compute it itself.",
  "verify.fileLabel": "Result file",
  "verify.fileMatch": "The file matches the issued result.",
  "verify.fileMismatch": "The file does NOT match the issued result (different hash).",
  "verify.fileHash": "SHA-256 of the chosen file: {sha256}",
  "verify.qr": "The result's QR code",
  "verify.qrAlt": "QR code verifying result {code}",
  "verify.another": "Verify another result",

  "results.title": "Electronic result and verification code",
  "results.lead":
    "Each electronic result has a verification code and a QR code carrying the system's electronic seal (not an officer's digital signature); anyone can check it on the Verify a result page.",
  "results.code": "Verification code: {code}",
  "results.file": "Result file: {file}",
  "results.issuedAt": "Issued at {at}",
  "results.open": "Open the verify page",
  "results.slip": "Result verification slip (PDF)",
  "results.loadError": "The dossier's electronic results could not be loaded.",

  "forms.title": "Forms",
  "forms.lead": "The dossier's forms that have data, as PDF to print or download.",
  "forms.none": "The dossier has no forms yet.",
  "forms.open": "{title} (PDF)",

  "register.title": "Dossier register",
  "register.lead":
    "The agency's dossier register by sector and reception period, as PDF to print or as Excel.",
  "register.agency": "Agency",
  "register.sector": "Sector",
  "register.from": "From",
  "register.to": "To",
  "register.pdf": "Print the register (PDF)",
  "register.excel": "Download the register (Excel)",
  "register.menu": "Dossier register",
  "register.choose": "Choose the agency, sector and period (366 days at most).",
};

const dictionaries = { vi: vi as Record<ResultsKey, string>, en };

export type ResultsTranslate = (key: ResultsKey, vars?: Record<string, string | number>) => string;

/** The shell's i18n plus this dictionary (`rt`). */
export function useResultsI18n() {
  const i18n = useI18n();
  const rt = useCallback<ResultsTranslate>(
    (key, vars) => format(dictionaries[i18n.lang][key] ?? key, vars),
    [i18n.lang],
  );
  return { ...i18n, rt };
}
