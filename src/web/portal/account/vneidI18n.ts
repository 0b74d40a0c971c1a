import { useCallback } from "react";
import { format, useI18n } from "../../i18n/i18n.tsx";

/** Texts of the VNeID sign-in, account link and account-completion pages (issue #14); typed in both languages. */
const vi = {
  "vneid.button": "Đăng nhập bằng VNeID",
  "vneid.or": "hoặc đăng nhập bằng tài khoản của Cổng",
  "vneid.help": "Dùng tài khoản định danh điện tử VNeID (Bộ Công an) — không cần đăng ký.",
  "vneid.error.vneid_unavailable":
    "Hệ thống định danh điện tử VNeID đang không phản hồi. Vui lòng thử lại sau ít phút.",
  "vneid.error.vneid_rejected": "Không xác thực được kết quả đăng nhập từ VNeID. Vui lòng đăng nhập lại.",
  "vneid.error.vneid_cancelled": "Bạn đã hủy đăng nhập bằng VNeID.",
  "vneid.error.vneid_claims":
    "VNeID không cung cấp đủ thông tin định danh (số định danh, họ tên, mức độ tài khoản).",
  "vneid.error.vneid_conflict":
    "Số định danh này đã được liên kết với một tài khoản VNeID khác. Vui lòng liên hệ Bộ phận Một cửa.",
  "vneid.error.vneid_disabled": "Tài khoản đã bị vô hiệu hóa. Vui lòng liên hệ quản trị hệ thống.",
  "link.title": "Liên kết tài khoản với VNeID",
  "link.intro":
    "VNeID đã xác thực {vneidName}. Số định danh này đã có tài khoản {username} ({fullName}) trên Cổng. Nhập mật khẩu của tài khoản đó để liên kết; từ lần sau bạn chỉ cần đăng nhập bằng VNeID.",
  "link.password": "Mật khẩu của tài khoản hiện có",
  "link.required": "Vui lòng nhập mật khẩu",
  "link.submit": "Liên kết và đăng nhập",
  "link.restart": "Đăng nhập lại bằng VNeID",
  "complete.title": "Bổ sung thông tin tài khoản",
  "complete.intro":
    "Bạn đã đăng nhập bằng VNeID. Để nhận thông báo về hồ sơ, vui lòng bổ sung số điện thoại (có thể bỏ qua và bổ sung sau).",
  "complete.verified": "Tài khoản đã xác thực với VNeID — mức độ {level}",
  "complete.phone": "Số điện thoại",
  "complete.phoneRequired": "Vui lòng nhập số điện thoại",
  "complete.save": "Lưu và tiếp tục",
  "complete.skip": "Bỏ qua",
  "complete.saved": "Đã lưu số điện thoại.",
};
type VneidKey = keyof typeof vi;

const en: Record<VneidKey, string> = {
  "vneid.button": "Sign in with VNeID",
  "vneid.or": "or sign in with a portal account",
  "vneid.help":
    "Use your national e-ID account VNeID (Ministry of Public Security) — no registration needed.",
  "vneid.error.vneid_unavailable":
    "The national e-ID VNeID is not answering. Please try again in a few minutes.",
  "vneid.error.vneid_rejected": "The VNeID sign-in could not be verified. Please sign in again.",
  "vneid.error.vneid_cancelled": "You cancelled the VNeID sign-in.",
  "vneid.error.vneid_claims": "VNeID did not provide enough identity data (ID number, name, account level).",
  "vneid.error.vneid_conflict":
    "This ID number is already linked to another VNeID account. Please contact the one-stop counter.",
  "vneid.error.vneid_disabled": "This account is disabled. Please contact the administrator.",
  "link.title": "Link your account with VNeID",
  "link.intro":
    "VNeID verified {vneidName}. This ID number already has the portal account {username} ({fullName}). Enter that account's password to link it; next time VNeID alone is enough.",
  "link.password": "Password of the existing account",
  "link.required": "Please enter the password",
  "link.submit": "Link and sign in",
  "link.restart": "Sign in with VNeID again",
  "complete.title": "Complete your account",
  "complete.intro":
    "You signed in with VNeID. To be notified about your dossiers, please add a phone number (you may skip this and add it later).",
  "complete.verified": "Account verified with VNeID — level {level}",
  "complete.phone": "Phone number",
  "complete.phoneRequired": "Please enter a phone number",
  "complete.save": "Save and continue",
  "complete.skip": "Skip",
  "complete.saved": "Phone number saved.",
};

const dictionaries = { vi: vi as Record<VneidKey, string>, en };

export type VneidErrorCode =
  | "vneid_unavailable"
  | "vneid_rejected"
  | "vneid_cancelled"
  | "vneid_claims"
  | "vneid_conflict"
  | "vneid_disabled";

export function isVneidErrorCode(code: string | null): code is VneidErrorCode {
  return code !== null && `vneid.error.${code}` in vi;
}

/** The shell's i18n plus this dictionary (`vt`), following the shell's language switch. */
export function useVneidI18n() {
  const i18n = useI18n();
  const vt = useCallback(
    (key: VneidKey, vars?: Record<string, string | number>) => format(dictionaries[i18n.lang][key], vars),
    [i18n.lang],
  );
  return { ...i18n, vt };
}
