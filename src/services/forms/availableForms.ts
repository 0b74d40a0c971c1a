/** The forms a dossier can print (R-FORM-1…5, R-FORM-7), by the name used in URLs. */
export const FORM_NAMES = [
  "reception-slip",
  "supplement-request",
  "refusal-notice",
  "control-sheet",
  "apology-letter",
  "stop-notice",
] as const;

export type FormName = (typeof FORM_NAMES)[number];

export interface FormDefinition {
  title: string;
  /** File name stem; the dossier code follows (`giay-tiep-nhan-<code>.pdf`). */
  fileStem: string;
  /** The internal control sheet stays with the office (R-FORM-8 keeps it with the dossier, not the applicant). */
  applicantMay: boolean;
}

export const FORMS: Record<FormName, FormDefinition> = {
  "reception-slip": {
    title: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    fileStem: "giay-tiep-nhan",
    applicantMay: true,
  },
  "supplement-request": {
    title: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    fileStem: "phieu-yeu-cau-bo-sung",
    applicantMay: true,
  },
  "refusal-notice": {
    title: "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    fileStem: "phieu-tu-choi",
    applicantMay: true,
  },
  "control-sheet": {
    title: "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    fileStem: "phieu-kiem-soat",
    applicantMay: false,
  },
  "apology-letter": {
    title: "Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết",
    fileStem: "phieu-xin-loi",
    applicantMay: true,
  },
  "stop-notice": {
    title: "Thông báo dừng giải quyết hồ sơ",
    fileStem: "thong-bao-dung",
    applicantMay: true,
  },
};

export function isFormName(value: string): value is FormName {
  return (FORM_NAMES as readonly string[]).includes(value);
}

export interface SourceEvent {
  sequence: number;
  type: string;
  at: Date;
}

const last = (events: readonly SourceEvent[], types: readonly string[]) =>
  events.findLast((e) => types.includes(e.type));

/**
 * The event whose data a form prints, or nothing when the dossier has no data for it ("a form is only offered when
 * its data exist"). Its sequence keys the stored PDF: the same event always gives the same document, and a later
 * event (a second supplement request, a new appointment, one more handover) gives a new one.
 */
export function sourceEventOf(
  form: FormName,
  dossier: { receivedAt: Date | null },
  events: readonly SourceEvent[],
): SourceEvent | undefined {
  switch (form) {
    case "reception-slip":
      // R-FORM-1: only a received dossier has a slip; it shows the appointment in force (supplement, extension).
      if (!dossier.receivedAt || last(events, ["refusedAtReception"])) return undefined;
      return last(events, ["accepted", "receivedOnPaper", "supplementReceived", "extensionGranted"]);
    case "supplement-request":
      return last(events, ["supplementRequested"]);
    case "refusal-notice":
      return last(events, ["refusedAtReception", "refusedAfterAppraisal"]);
    case "control-sheet":
      // R-FORM-4: the trail starts with the transfer and grows with each handover: the newest event dates it.
      return last(events, ["transferred"]) ? events.at(-1) : undefined;
    case "apology-letter":
      return last(events, ["extensionGranted"]);
    case "stop-notice":
      // R-STOP-1 on the applicant's request; R-SUPP-4 when the requested supplement never came.
      return last(events, ["stopped", "closedForMissingSupplement"]);
  }
}

/** The forms the dossier has data for, in the order of the procedure. */
export function availableForms(
  dossier: { receivedAt: Date | null },
  events: readonly SourceEvent[],
): FormName[] {
  return FORM_NAMES.filter((form) => sourceEventOf(form, dossier, events) !== undefined);
}
