import { describe, expect, it } from "vitest";
import { SUBMISSION_CHANNEL_SYNC_CODES } from "../../../src/domain/dossier/channel.ts";
import { dossierRefusals } from "../../../src/domain/dossier/dossierRefusals.ts";
import { DOSSIER_EVENT_TYPES } from "../../../src/domain/dossier/events.ts";
import {
  INTERNAL_STEPS,
  isPublicStatus,
  isTerminalStatus,
  PUBLIC_STATUSES,
  publicStatusOfInternalStep,
  STATUS_LABELS,
} from "../../../src/domain/dossier/status.ts";
import { TRANSITIONS } from "../../../src/domain/dossier/transitionTable.ts";

describe("public statuses (R-STATUS-1, R-STATUS-2)", () => {
  it("R-STATUS-1: exactly the ten DVCQG codes with their Vietnamese labels", () => {
    expect(PUBLIC_STATUSES).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(Object.fromEntries(PUBLIC_STATUSES.map((s) => [s, STATUS_LABELS[s].vi]))).toEqual({
      1: "Mới đăng ký",
      2: "Được tiếp nhận",
      3: "Không được tiếp nhận",
      4: "Đang xử lý",
      5: "Yêu cầu bổ sung giấy tờ",
      6: "Yêu cầu thực hiện nghĩa vụ tài chính",
      7: "Công dân yêu cầu rút hồ sơ",
      8: "Dừng xử lý",
      9: "Đã xử lý xong",
      10: "Đã trả kết quả",
    });
    for (const status of PUBLIC_STATUSES) expect(STATUS_LABELS[status].en.length).toBeGreaterThan(0);
  });

  it("R-STATUS-5: 3, 8 and 10 are terminal, no other", () => {
    expect(PUBLIC_STATUSES.filter(isTerminalStatus)).toEqual([3, 8, 10]);
  });

  it("R-STATUS-1: only the ten codes are statuses", () => {
    expect([0, 11, 4.5, "4", null].some(isPublicStatus)).toBe(false);
    expect(PUBLIC_STATUSES.every(isPublicStatus)).toBe(true);
  });

  it.each(INTERNAL_STEPS)("R-STATUS-2: internal step %s is public 4 Đang xử lý", (step) => {
    expect(publicStatusOfInternalStep(step)).toBe(4);
  });

  it("R-STATUS-3: every event the transition table leaves is a known event type", () => {
    for (const transition of TRANSITIONS) expect(DOSSIER_EVENT_TYPES).toContain(transition.event);
  });

  it("R-SYNC-3: KenhThucHien codes 1 counter, 2 online, 3 postal", () => {
    expect(SUBMISSION_CHANNEL_SYNC_CODES).toEqual({ counter: 1, online: 2, postal: 3 });
  });
});

describe("refusal messages (DESIGN §7)", () => {
  const all = [
    dossierRefusals.dossierAlreadyExists(),
    dossierRefusals.dossierNotFound(),
    dossierRefusals.terminalStatus(10),
    dossierRefusals.transitionNotAllowed(4, "accept"),
    dossierRefusals.transitionNotAllowed(null, "accept"),
    dossierRefusals.roleNotAllowed("applicant", "accept"),
    dossierRefusals.notDossierApplicant(),
    dossierRefusals.timeBeforeLastChange(),
    dossierRefusals.reasonRequired("R-REJ-1"),
    dossierRefusals.itemsRequired("R-SUPP-1"),
    dossierRefusals.outputRequired("R-STATUS-3"),
    dossierRefusals.supplementAlreadyRequested("R-SUPP-2"),
    dossierRefusals.supplementWindowPassed(new Date(0)),
    dossierRefusals.wrongSupplementStage("reception"),
    dossierRefusals.wrongSupplementStage("appraisal"),
    dossierRefusals.abandonmentPeriodNotOver(new Date(0)),
    dossierRefusals.withdrawalAfterDecision(),
    dossierRefusals.extensionAlreadyUsed(),
    dossierRefusals.extensionTooLate(),
    dossierRefusals.extensionNotLater(),
    dossierRefusals.paymentItemsRequired(),
    dossierRefusals.receiptRequired(),
    dossierRefusals.returnChannelRequired(),
    dossierRefusals.applicantRequired(),
  ];

  it.each(all.map((r) => [r.code, r] as const))(
    "R-STATUS-3: %s has a stable code and a Vietnamese message with diacritics",
    (_code, refusal) => {
      expect(refusal.code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
      expect(refusal.message.vi).toMatch(
        /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i,
      );
      expect(refusal.message.en).toMatch(/^[\x20-\x7e]+$/);
      if (refusal.rule !== undefined) expect(refusal.rule).toMatch(/^R-[A-Z]+-\d+$/);
    },
  );

  it("R-STATUS-5: the status named in a message is the human label", () => {
    expect(dossierRefusals.terminalStatus(10).message.vi).toContain("Đã trả kết quả");
    expect(dossierRefusals.transitionNotAllowed(null, "accept").message.en).toContain("not created");
  });
});
