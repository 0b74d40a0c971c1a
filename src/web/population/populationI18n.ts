import { useCallback } from "react";
import { format, useI18n } from "../i18n/i18n.tsx";

/** Texts of the population database's pages and marks (Vietnamese first; English must have every key). */
const vi = {
  "pop.mark.verified": "✓ Đã xác thực với Cơ sở dữ liệu quốc gia về dân cư",
  "pop.mark.changed": "Đã sửa khác dữ liệu dân cư: sẽ được đối chiếu khi nộp",
  "pop.mark.unverified": "Chưa xác thực",
  "pop.prefill.answered":
    "Các thông tin có dấu ✓ được điền sẵn từ Cơ sở dữ liệu quốc gia về dân cư; bạn không cần nhập lại.",
  "pop.prefill.unavailable":
    "Tạm thời chưa kết nối được Cơ sở dữ liệu quốc gia về dân cư. Bạn vẫn nộp được hồ sơ; thông tin bạn tự nhập sẽ được ghi là chưa xác thực.",
  "pop.prefill.notFound":
    "Không tìm thấy thông tin của bạn trong Cơ sở dữ liệu quốc gia về dân cư; vui lòng tự nhập, thông tin sẽ được ghi là chưa xác thực.",
  "pop.log.title": "Ai đã tra cứu dữ liệu của tôi",
  "pop.log.nav": "Ai đã tra cứu dữ liệu của tôi",
  "pop.log.lead":
    "Mỗi lần hệ thống tra cứu thông tin của bạn trong Cơ sở dữ liệu quốc gia về dân cư đều được ghi lại: ai tra cứu, thuộc cơ quan nào, cho hồ sơ nào và vì sao.",
  "pop.log.at": "Thời gian",
  "pop.log.who": "Người tra cứu",
  "pop.log.agency": "Cơ quan",
  "pop.log.dossier": "Hồ sơ",
  "pop.log.purpose": "Mục đích",
  "pop.log.outcome": "Kết quả",
  "pop.log.self": "Bạn (điền tờ khai của bạn)",
  "pop.log.portal": "Cổng Dịch vụ công",
  "pop.log.empty": "Chưa có lần tra cứu nào dữ liệu của bạn qua hệ thống này.",
  "pop.log.noIdentity":
    "Tài khoản của bạn chưa có số định danh cá nhân nên không có dữ liệu dân cư nào được tra cứu.",
  "pop.log.applicantsOnly": "Trang này dành cho công dân và tổ chức xem ai đã tra cứu dữ liệu của mình.",
  "pop.purpose.prefill": "Điền sẵn tờ khai",
  "pop.purpose.submission_check": "Đối chiếu tờ khai khi nộp hồ sơ",
  "pop.purpose.officer_check": "Cán bộ đối chiếu nhân thân",
  "pop.outcome.answered": "Đã trả lời",
  "pop.outcome.not_found": "Không có dữ liệu",
  "pop.outcome.unavailable": "Không kết nối được",
  "pop.checks.title": "Đối chiếu Cơ sở dữ liệu quốc gia về dân cư",
  "pop.checks.none": "Tờ khai không có thông tin lấy từ Cơ sở dữ liệu quốc gia về dân cư.",
  "pop.checks.field": "Thông tin",
  "pop.checks.status": "Kết quả đối chiếu",
  "pop.status.verified": "✓ Đã xác thực",
  "pop.status.mismatch": "Khác dữ liệu dân cư",
  "pop.status.unverified": "Chưa xác thực",
  "pop.verify.button": "Đối chiếu nhân thân người nộp",
  "pop.verify.reason": "Lý do tra cứu (người dân sẽ xem được)",
  "pop.verify.submit": "Tra cứu",
  "pop.verify.idNumber": "Số định danh cá nhân",
  "pop.verify.fullName": "Họ, chữ đệm và tên",
  "pop.verify.birthDate": "Ngày sinh",
  "pop.verify.match": "Khớp",
  "pop.verify.mismatch": "Không khớp",
  "pop.verify.unavailable": "Chưa kết nối được Cơ sở dữ liệu quốc gia về dân cư; vui lòng thử lại sau.",
  "pop.verify.notFound": "Không có công dân nào mang số định danh này.",
  "pop.usage.title": "Khai thác dữ liệu dân cư",
  "pop.usage.nav": "Khai thác dữ liệu dân cư",
  "pop.usage.lead":
    "Số lần hệ thống tra cứu Cơ sở dữ liệu quốc gia về dân cư theo cơ quan và tháng, để báo cáo cơ quan công an.",
  "pop.usage.from": "Từ tháng",
  "pop.usage.to": "Đến tháng",
  "pop.usage.show": "Xem",
  "pop.usage.month": "Tháng",
  "pop.usage.agency": "Cơ quan",
  "pop.usage.queries": "Tổng số lần",
  "pop.usage.prefill": "Điền sẵn tờ khai",
  "pop.usage.submissionCheck": "Đối chiếu khi nộp",
  "pop.usage.officerCheck": "Cán bộ đối chiếu",
  "pop.usage.unavailable": "Không kết nối được",
  "pop.usage.portal": "Cổng Dịch vụ công (người dân tự điền)",
  "pop.usage.empty": "Không có lần tra cứu nào trong khoảng thời gian này.",
};

export type PopulationKey = keyof typeof vi;

const en: Record<PopulationKey, string> = {
  "pop.mark.verified": "✓ Verified with the national population database",
  "pop.mark.changed": "Changed from the population data: it will be checked on submission",
  "pop.mark.unverified": "Not verified",
  "pop.prefill.answered":
    "The details marked ✓ were filled in from the national population database; you need not type them again.",
  "pop.prefill.unavailable":
    "The national population database cannot be reached right now. You can still submit; what you type yourself will be recorded as not verified.",
  "pop.prefill.notFound":
    "Your details were not found in the national population database; please type them, they will be recorded as not verified.",
  "pop.log.title": "Who looked at my data",
  "pop.log.nav": "Who looked at my data",
  "pop.log.lead":
    "Every time the system looks you up in the national population database it is recorded: who asked, for which agency, for which dossier and why.",
  "pop.log.at": "Time",
  "pop.log.who": "Asked by",
  "pop.log.agency": "Agency",
  "pop.log.dossier": "Dossier",
  "pop.log.purpose": "Purpose",
  "pop.log.outcome": "Result",
  "pop.log.self": "You (filling in your form)",
  "pop.log.portal": "Public service portal",
  "pop.log.empty": "Nobody has looked up your data through this system yet.",
  "pop.log.noIdentity":
    "Your account has no personal identification number, so no population data was looked up.",
  "pop.log.applicantsOnly": "This page lets citizens and organisations see who looked at their data.",
  "pop.purpose.prefill": "Filling in a form",
  "pop.purpose.submission_check": "Checking a form on submission",
  "pop.purpose.officer_check": "Identity check by an officer",
  "pop.outcome.answered": "Answered",
  "pop.outcome.not_found": "No record",
  "pop.outcome.unavailable": "Could not connect",
  "pop.checks.title": "Check against the national population database",
  "pop.checks.none": "The form has no details taken from the national population database.",
  "pop.checks.field": "Detail",
  "pop.checks.status": "Result of the check",
  "pop.status.verified": "✓ Verified",
  "pop.status.mismatch": "Differs from the population data",
  "pop.status.unverified": "Not verified",
  "pop.verify.button": "Check the applicant's identity",
  "pop.verify.reason": "Reason for the lookup (the citizen will see it)",
  "pop.verify.submit": "Look up",
  "pop.verify.idNumber": "Personal identification number",
  "pop.verify.fullName": "Full name",
  "pop.verify.birthDate": "Date of birth",
  "pop.verify.match": "Matches",
  "pop.verify.mismatch": "Does not match",
  "pop.verify.unavailable": "The national population database cannot be reached; please try again later.",
  "pop.verify.notFound": "No citizen has this identification number.",
  "pop.usage.title": "Use of population data",
  "pop.usage.nav": "Population data use",
  "pop.usage.lead":
    "How often the system queried the national population database, per agency and month, for the police's report.",
  "pop.usage.from": "From month",
  "pop.usage.to": "To month",
  "pop.usage.show": "Show",
  "pop.usage.month": "Month",
  "pop.usage.agency": "Agency",
  "pop.usage.queries": "Queries",
  "pop.usage.prefill": "Form prefill",
  "pop.usage.submissionCheck": "Check on submission",
  "pop.usage.officerCheck": "Officer check",
  "pop.usage.unavailable": "Could not connect",
  "pop.usage.portal": "Public service portal (citizens' own forms)",
  "pop.usage.empty": "No queries in this period.",
};

const dictionaries = { vi: vi as Record<PopulationKey, string>, en };

export function usePopulationI18n() {
  const i18n = useI18n();
  const pt = useCallback(
    (key: PopulationKey, vars?: Record<string, string | number>) =>
      format(dictionaries[i18n.lang][key] ?? key, vars),
    [i18n.lang],
  );
  return { ...i18n, pt };
}
