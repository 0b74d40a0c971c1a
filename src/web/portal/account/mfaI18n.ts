import { useCallback } from "react";
import { format, useI18n } from "../../i18n/i18n.tsx";

/** Texts of the officers' SSO sign-in, the code step and the account security page (issue #14), both languages. */
const vi = {
  "sso.button": "Đăng nhập bằng tài khoản một cửa của tỉnh (SSO)",
  "sso.help": "Dành cho cán bộ, công chức: dùng tài khoản đăng nhập một lần (SSO) do tỉnh cấp.",
  "sso.error.sso_unavailable":
    "Hệ thống đăng nhập một lần của tỉnh đang không phản hồi. Vui lòng thử lại sau.",
  "sso.error.sso_rejected": "Không xác thực được kết quả đăng nhập từ SSO của tỉnh. Vui lòng đăng nhập lại.",
  "sso.error.sso_cancelled": "Bạn đã hủy đăng nhập bằng SSO của tỉnh.",
  "sso.error.sso_unknown":
    "Tài khoản SSO này chưa gắn với tài khoản cán bộ nào trên hệ thống. Vui lòng liên hệ quản trị viên của cơ quan.",
  "sso.error.sso_disabled": "Tài khoản đã bị vô hiệu hóa. Vui lòng liên hệ quản trị hệ thống.",
  "code.title": "Xác thực hai lớp",
  "code.intro": "Nhập mã 6 chữ số đang hiển thị trong ứng dụng xác thực trên điện thoại của bạn.",
  "code.label": "Mã xác thực",
  "code.help": "Mất điện thoại? Nhập một trong các mã khôi phục đã được cấp khi bật xác thực hai lớp.",
  "code.required": "Vui lòng nhập mã xác thực",
  "code.submit": "Xác nhận",
  "code.restart": "Đăng nhập lại",
  "security.title": "Bảo mật tài khoản",
  "security.required": "Tài khoản quản trị phải bật xác thực hai lớp trước khi tiếp tục sử dụng hệ thống.",
  "security.on": "Xác thực hai lớp đang bật (từ {date}). Còn {left} mã khôi phục chưa dùng.",
  "security.off":
    "Xác thực hai lớp đang tắt. Khi bật, mỗi lần đăng nhập cần thêm mã 6 chữ số từ ứng dụng xác thực.",
  "security.start": "Bật xác thực hai lớp",
  "security.scan":
    "Quét mã QR bằng ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…), hoặc nhập khóa dưới đây.",
  "security.qr": "Mã QR để thêm tài khoản vào ứng dụng xác thực",
  "security.secret": "Khóa bí mật (nhập thủ công)",
  "security.confirm": "Nhập mã 6 chữ số ứng dụng đang hiển thị để xác nhận",
  "security.confirmSubmit": "Xác nhận và bật",
  "security.recovery":
    "Đã bật xác thực hai lớp. Hãy lưu các mã khôi phục dưới đây ở nơi an toàn: mỗi mã dùng được một lần và chỉ hiển thị lần này.",
  "security.continue": "Tiếp tục",
};
type MfaKey = keyof typeof vi;

const en: Record<MfaKey, string> = {
  "sso.button": "Sign in with the province's one-stop account (SSO)",
  "sso.help": "For officers: use the single sign-on account issued by the province.",
  "sso.error.sso_unavailable": "The province's single sign-on is not answering. Please try again later.",
  "sso.error.sso_rejected": "The province SSO sign-in could not be verified. Please sign in again.",
  "sso.error.sso_cancelled": "You cancelled the province SSO sign-in.",
  "sso.error.sso_unknown":
    "This SSO account is not tied to any officer account here. Please contact your agency's administrator.",
  "sso.error.sso_disabled": "This account is disabled. Please contact the administrator.",
  "code.title": "Two-step verification",
  "code.intro": "Enter the 6-digit code shown by the authenticator app on your phone.",
  "code.label": "Verification code",
  "code.help": "Lost your phone? Enter one of the recovery codes you were given when you turned this on.",
  "code.required": "Please enter the code",
  "code.submit": "Confirm",
  "code.restart": "Sign in again",
  "security.title": "Account security",
  "security.required": "Administrator accounts must turn on two-step verification before they continue.",
  "security.on": "Two-step verification is on (since {date}). {left} unused recovery codes left.",
  "security.off":
    "Two-step verification is off. Once on, every sign-in also asks for a 6-digit code from an app.",
  "security.start": "Turn on two-step verification",
  "security.scan":
    "Scan the QR code with an authenticator app (Google Authenticator, Microsoft Authenticator…), or enter the key below.",
  "security.qr": "QR code to add the account to an authenticator app",
  "security.secret": "Secret key (manual entry)",
  "security.confirm": "Enter the 6-digit code the app shows to confirm",
  "security.confirmSubmit": "Confirm and turn on",
  "security.recovery":
    "Two-step verification is on. Keep these recovery codes somewhere safe: each works once and they are shown only now.",
  "security.continue": "Continue",
};

const dictionaries = { vi: vi as Record<MfaKey, string>, en };

export type SsoErrorCode =
  | "sso_unavailable"
  | "sso_rejected"
  | "sso_cancelled"
  | "sso_unknown"
  | "sso_disabled";

export function isSsoErrorCode(code: string | null): code is SsoErrorCode {
  return code !== null && `sso.error.${code}` in vi;
}

/** The shell's i18n plus this dictionary (`mt`), following the shell's language switch. */
export function useMfaI18n() {
  const i18n = useI18n();
  const mt = useCallback(
    (key: MfaKey, vars?: Record<string, string | number>) => format(dictionaries[i18n.lang][key], vars),
    [i18n.lang],
  );
  return { ...i18n, mt };
}
