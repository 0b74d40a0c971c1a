import type { LocalizedText } from "../validation/messages.ts";

/** The dossier events of the postal service (issue #18), as a person reads them in the dossier's history. */
export const POSTAL_EVENT_LABELS: Readonly<Record<string, LocalizedText>> = {
  postalOrderRequested: { vi: "Đăng ký dịch vụ bưu chính công ích", en: "Postal service requested" },
  postalAccepted: { vi: "Bưu điện đã nhận yêu cầu", en: "Accepted by the postal service" },
  postalCollected: { vi: "Bưu điện đã thu gom", en: "Collected by the postal service" },
  postalDelivered: { vi: "Bưu điện đã phát thành công", en: "Delivered by the postal service" },
  postalFailed: { vi: "Bưu điện không thực hiện được", en: "The postal service could not complete it" },
  postalHandedOver: {
    vi: "Giao kết quả cho bưu điện để chuyển phát",
    en: "Result handed to the postal service",
  },
  postalDeliveryDueSoon: {
    vi: "Sắp hết 24 giờ chuyển phát kết quả qua bưu điện",
    en: "The 24-hour postal delivery is almost over",
  },
  postalDeliveryOverdue: {
    vi: "Quá 24 giờ chưa phát được kết quả qua bưu điện",
    en: "The result was not delivered by post within 24 hours",
  },
  postalConsentRecorded: {
    vi: "Nhân viên bưu điện nộp hồ sơ trực tuyến thay công dân (có sự đồng ý)",
    en: "Filed online by postal staff on the citizen's behalf (with consent)",
  },
};
