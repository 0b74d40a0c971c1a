import { useI18n } from "../i18n/i18n.tsx";

/** Texts of the e-form declaration (issue #19): the paper layout, the two roles and the generated PDF. */
const texts = {
  vi: {
    motto1: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    motto2: "Độc lập - Tự do - Hạnh phúc",
    addressee: "Kính gửi",
    roles: "Người nộp và người yêu cầu",
    submitter: "Người nộp hồ sơ (chủ tài khoản)",
    requester: "Người yêu cầu (ghi trong tờ khai)",
    sameRequester: "Người yêu cầu chính là người nộp hồ sơ",
    idNumber: "số định danh",
    relation: "quan hệ",
    sign: "(Ký, ghi rõ họ, chữ đệm, tên)",
    signedOnline: "Đã nộp trực tuyến bằng tài khoản định danh điện tử",
    download: "Tải tờ khai (PDF)",
    generated: "Tạo từ tờ khai điện tử anh/chị đã điền — không cần tải lên bản quét",
    generatedShort: "Tạo từ tờ khai điện tử (PDF)",
    emptyLine: "……………………",
  },
  en: {
    motto1: "SOCIALIST REPUBLIC OF VIETNAM",
    motto2: "Independence - Freedom - Happiness",
    addressee: "To",
    roles: "Submitter and requester",
    submitter: "Submitter (account holder)",
    requester: "Requester (named in the declaration)",
    sameRequester: "The requester is the submitter",
    idNumber: "ID number",
    relation: "relationship",
    sign: "(Signature and full name)",
    signedOnline: "Submitted online with an electronic identity account",
    download: "Download the declaration (PDF)",
    generated: "Made from the e-form you filled in — no scan to upload",
    generatedShort: "Made from the e-form (PDF)",
    emptyLine: "……………………",
  },
} as const;

export type DeclarationKey = keyof (typeof texts)["vi"];

export function useDeclarationI18n() {
  const { lang } = useI18n();
  return { dt: (key: DeclarationKey) => texts[lang === "en" ? "en" : "vi"][key] };
}
