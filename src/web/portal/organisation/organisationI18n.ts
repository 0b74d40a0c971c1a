import { useCallback } from "react";
import { format, useI18n } from "../../i18n/i18n.tsx";

/** Texts of the organisation pages (issue #14): every key exists in both languages (typed). */
const vi = {
  "org.nav": "Tổ chức của tôi",
  "org.title": "Tổ chức của tôi",
  "org.intro":
    "Các tổ chức bạn là người đại diện theo pháp luật hoặc được ủy quyền. Chọn tổ chức để nộp và theo dõi hồ sơ thay cho tổ chức.",
  "org.needVneid":
    "Để thao tác cho tổ chức, vui lòng đăng nhập bằng tài khoản định danh điện tử VNeID của chính bạn.",
  "org.empty": "Bạn chưa là người đại diện hoặc người được ủy quyền của tổ chức nào.",
  "org.taxCode": "Mã số doanh nghiệp: {code}",
  "org.address": "Địa chỉ: {address}",
  "org.role.representative": "Người đại diện theo pháp luật",
  "org.role.authorised": "Được ủy quyền từ {from} đến {until}",
  "org.scope.all": "Tất cả thủ tục",
  "org.scope.some": "Thủ tục: {codes}",
  "org.state.active": "Đang có hiệu lực",
  "org.state.not_yet_valid": "Chưa có hiệu lực",
  "org.state.expired": "Đã hết hạn",
  "org.state.revoked": "Đã thu hồi",
  "org.actFor": "Thao tác cho tổ chức này",
  "org.actingNow": "Bạn đang thao tác cho tổ chức này",
  "org.actForSelf": "Thao tác cho chính tôi",
  "org.manage": "Quản lý ủy quyền",
  "org.switched": "Bạn đang thao tác cho: {name}",
  "org.switchedSelf": "Bạn đang thao tác cho chính mình",
  "switcher.label": "Tôi đang thao tác cho:",
  "switcher.self": "Chính tôi ({name})",
  "mandates.title": "Ủy quyền của {name}",
  "mandates.back": "Tổ chức của tôi",
  "mandates.intro":
    "Người được ủy quyền đăng nhập bằng VNeID của chính họ và thao tác cho tổ chức trong thời hạn và phạm vi ủy quyền. Thu hồi có hiệu lực ngay.",
  "mandates.new": "Ủy quyền mới",
  "mandates.holderIdNumber": "Số định danh cá nhân của người được ủy quyền",
  "mandates.holderName": "Họ và tên người được ủy quyền",
  "mandates.validFrom": "Từ ngày",
  "mandates.validUntil": "Đến ngày",
  "mandates.scope": "Phạm vi ủy quyền",
  "mandates.scopeAll": "Tất cả thủ tục",
  "mandates.scopeSome": "Một số thủ tục",
  "mandates.procedures": "Thủ tục được ủy quyền",
  "mandates.submit": "Ủy quyền",
  "mandates.created": "Đã ủy quyền cho {name}.",
  "mandates.list": "Danh sách ủy quyền",
  "mandates.none": "Chưa có ủy quyền nào.",
  "mandates.period": "Thời hạn: {from} – {until}",
  "mandates.grantedBy": "Người ủy quyền: {name}",
  "mandates.revoke": "Thu hồi ủy quyền của {name}",
  "mandates.revokeConfirm": "Thu hồi ủy quyền của {name}? Người này sẽ không thể thao tác cho tổ chức nữa.",
  "mandates.revokeOk": "Thu hồi",
  "mandates.cancel": "Hủy",
  "mandates.revoked": "Đã thu hồi ủy quyền của {name}.",
  "submitter.label": "Người nộp",
  "submitter.forOrganisation": "{name} — nộp thay cho {organisation}",
  "submitter.asRepresentative": "người đại diện theo pháp luật",
  "submitter.asAuthorised": "theo giấy ủy quyền",
  "submitter.other": "{name} — nộp thay",
} as const;

export type OrganisationKey = keyof typeof vi;

const en: Record<OrganisationKey, string> = {
  "org.nav": "My organisations",
  "org.title": "My organisations",
  "org.intro":
    "The organisations you legally represent or are authorised by. Choose one to file and follow dossiers on its behalf.",
  "org.needVneid": "To act for an organisation, sign in with your own VNeID e-ID account.",
  "org.empty": "You neither represent nor are authorised by any organisation.",
  "org.taxCode": "Enterprise code: {code}",
  "org.address": "Address: {address}",
  "org.role.representative": "Legal representative",
  "org.role.authorised": "Authorised from {from} to {until}",
  "org.scope.all": "All procedures",
  "org.scope.some": "Procedures: {codes}",
  "org.state.active": "In force",
  "org.state.not_yet_valid": "Not yet in force",
  "org.state.expired": "Expired",
  "org.state.revoked": "Revoked",
  "org.actFor": "Act for this organisation",
  "org.actingNow": "You are acting for this organisation",
  "org.actForSelf": "Act for myself",
  "org.manage": "Manage authorisations",
  "org.switched": "You are acting for: {name}",
  "org.switchedSelf": "You are acting for yourself",
  "switcher.label": "I am acting for:",
  "switcher.self": "Myself ({name})",
  "mandates.title": "Authorisations of {name}",
  "mandates.back": "My organisations",
  "mandates.intro":
    "An authorised person signs in with their own VNeID and acts for the organisation within the period and scope. Revoking takes effect at once.",
  "mandates.new": "New authorisation",
  "mandates.holderIdNumber": "Personal ID number of the authorised person",
  "mandates.holderName": "Full name of the authorised person",
  "mandates.validFrom": "From",
  "mandates.validUntil": "Until",
  "mandates.scope": "Scope",
  "mandates.scopeAll": "All procedures",
  "mandates.scopeSome": "Some procedures",
  "mandates.procedures": "Procedures covered",
  "mandates.submit": "Authorise",
  "mandates.created": "{name} is now authorised.",
  "mandates.list": "Authorisations",
  "mandates.none": "No authorisations yet.",
  "mandates.period": "Period: {from} – {until}",
  "mandates.grantedBy": "Authorised by: {name}",
  "mandates.revoke": "Revoke the authorisation of {name}",
  "mandates.revokeConfirm":
    "Revoke the authorisation of {name}? They will no longer act for the organisation.",
  "mandates.revokeOk": "Revoke",
  "mandates.cancel": "Cancel",
  "mandates.revoked": "The authorisation of {name} is revoked.",
  "submitter.label": "Submitted by",
  "submitter.forOrganisation": "{name} — on behalf of {organisation}",
  "submitter.asRepresentative": "legal representative",
  "submitter.asAuthorised": "under an authorisation",
  "submitter.other": "{name} — on the applicant's behalf",
};

const dictionaries = { vi: vi as Record<OrganisationKey, string>, en };

/** The shell's i18n plus this dictionary (`ot`), following the shell's language switch. */
export function useOrganisationI18n() {
  const i18n = useI18n();
  const ot = useCallback(
    (key: OrganisationKey, vars?: Record<string, string | number>) =>
      format(dictionaries[i18n.lang][key], vars),
    [i18n.lang],
  );
  return { ...i18n, ot };
}

/** `YYYY-MM-DD` as dates are written in Vietnam (dd/mm/yyyy), in both languages. */
export function civilDate(date: string): string {
  const [y, m, d] = date.split("-");
  return `${d}/${m}/${y}`;
}
