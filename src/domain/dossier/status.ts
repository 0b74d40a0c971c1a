/**
 * The public dossier statuses synchronised with DVCQG and shown to applicants (R-STATUS-1): exactly these ten codes
 * and Vietnamese labels, identical across every national-portal integration (E2).
 */
export const PUBLIC_STATUSES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

export const STATUS_LABELS: Readonly<Record<PublicStatus, { vi: string; en: string }>> = Object.freeze({
  1: { vi: "Mới đăng ký", en: "Newly registered" },
  2: { vi: "Được tiếp nhận", en: "Received" },
  3: { vi: "Không được tiếp nhận", en: "Not received" },
  4: { vi: "Đang xử lý", en: "Processing" },
  5: { vi: "Yêu cầu bổ sung giấy tờ", en: "Supplement requested" },
  6: { vi: "Yêu cầu thực hiện nghĩa vụ tài chính", en: "Financial obligation requested" },
  7: { vi: "Công dân yêu cầu rút hồ sơ", en: "Applicant requested withdrawal" },
  8: { vi: "Dừng xử lý", en: "Processing stopped" },
  9: { vi: "Đã xử lý xong", en: "Processed" },
  10: { vi: "Đã trả kết quả", en: "Result returned" },
});

/** Nothing follows these (R-STATUS-5): refused at reception, stopped, result returned. */
export const TERMINAL_STATUSES: ReadonlySet<PublicStatus> = new Set<PublicStatus>([3, 8, 10]);

export function isPublicStatus(value: unknown): value is PublicStatus {
  return typeof value === "number" && (PUBLIC_STATUSES as readonly number[]).includes(value);
}

export function isTerminalStatus(status: PublicStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

/**
 * Internal steps inside the competent agency. The public sees them all as `4` Đang xử lý (R-STATUS-2 [M]: the
 * TT 22/2019 annex is believed to list the same ten statuses); the workflow engine will add its own steps.
 */
export const INTERNAL_STEPS = [
  "awaitingAssignment",
  "assigned",
  "appraisal",
  "awaitingApproval",
  "awaitingSignature",
  "awaitingIssue",
  "awaitingConsultation",
  "interAgencyLeg",
] as const;

export type InternalStep = (typeof INTERNAL_STEPS)[number];

export function publicStatusOfInternalStep(_step: InternalStep): PublicStatus {
  return 4;
}
