import { describe, expect, it } from "vitest";
import { formatDong, formatInstant } from "../../../src/services/notifications/formatting.ts";
import type { NotificationContent } from "../../../src/services/notifications/notificationContent.ts";
import { renderNotification } from "../../../src/services/notifications/templates.ts";

const facts = {
  code: "000.20.01.H99-261123-0001",
  procedureName: "Đăng ký khai sinh",
  agencyName: "UBND phường Trung Tâm",
  applicantName: "Nguyễn Văn An",
};

const every: NotificationContent[] = [
  { kind: "submitted", receptionDueAt: "2026-11-23T10:00:00.000Z" },
  { kind: "accepted", appointmentAt: "2026-11-24T02:00:00.000Z" },
  {
    kind: "supplementRequested",
    reason: "Bản quét mờ",
    items: ["Giấy chứng sinh", "Tờ khai"],
    windowEndsAt: null,
  },
  {
    kind: "extensionGranted",
    previousDueAt: "2026-11-24T02:00:00.000Z",
    newDueAt: "2026-11-27T09:30:00.000Z",
    reason: "Chờ xác minh",
  },
  { kind: "resultReady" },
  { kind: "refused", reasons: ["Không thuộc thẩm quyền"] },
  { kind: "returned" },
  {
    kind: "paymentRequested",
    obligations: [
      { name: "Lệ phí", amount: 8000 },
      { name: "Phí", amount: 1_500_000 },
    ],
  },
  { kind: "receptionDeadline", level: "dueSoon", dueAt: "2026-11-23T10:00:00.000Z" },
  { kind: "receptionDeadline", level: "overdue", dueAt: "2026-11-23T10:00:00.000Z" },
  {
    kind: "taskAssigned",
    step: { vi: "Thẩm định hồ sơ", en: "Appraisal" },
    dueAt: "2026-11-25T03:00:00.000Z",
  },
  {
    kind: "consultationDeadline",
    level: "dueSoon",
    dueAt: "2026-11-25T03:00:00.000Z",
    question: "Xác minh nơi cư trú?",
  },
  {
    kind: "consultationDeadline",
    level: "overdue",
    dueAt: "2026-11-25T03:00:00.000Z",
    question: "Xác minh nơi cư trú?",
  },
];

describe("notification templates (R-LOOK-3)", () => {
  it.each(
    every.flatMap((content) =>
      (["vi", "en"] as const).map((language) => [content.kind, language, content] as const),
    ),
  )("%s in %s: subject, greeting, the code in every part, the signature", (_kind, language, content) => {
    const rendered = renderNotification(content, facts, language, "Nguyễn Văn An");
    expect(rendered.subject).toContain(facts.code);
    expect(rendered.short).toContain(facts.code);
    expect(rendered.body).toContain(facts.code);
    expect(rendered.body.split("\n")[0]).toBe(
      language === "vi" ? "Kính gửi ông/bà Nguyễn Văn An," : "Dear Nguyễn Văn An,",
    );
    expect(rendered.body).toMatch(language === "vi" ? /vui lòng không trả lời/ : /please do not reply/);
  });

  it("every kind reads differently (no template is a copy of another)", () => {
    const subjects = every.map((content) => renderNotification(content, facts, "vi", "A").subject);
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it("acceptance: the appointment on the province's clock", () => {
    const rendered = renderNotification(every[1]!, facts, "vi", "A");
    expect(rendered.body).toContain("Ngày hẹn trả kết quả: 09:00 ngày 24/11/2026.");
    expect(renderNotification(every[1]!, facts, "en", "A").body).toContain(
      "Result appointment: 09:00 on 24/11/2026.",
    );
    expect(renderNotification({ kind: "accepted", appointmentAt: null }, facts, "vi", "A").body).toContain(
      "Ngày hẹn trả kết quả sẽ được thông báo sau.",
    );
  });

  it("supplement request: the reason and the full list, numbered (R-SUPP-1)", () => {
    const rendered = renderNotification(every[2]!, facts, "vi", "A");
    expect(rendered.body).toContain(
      "Lý do: Bản quét mờ\nCác nội dung cần bổ sung (đầy đủ, một lần):\n  1. Giấy chứng sinh\n  2. Tờ khai",
    );
    expect(rendered.short).toContain("cần bổ sung 2 nội dung: Giấy chứng sinh; Tờ khai.");
  });

  it("extension: the apology, the reason, the old and the new appointment (R-LATE-2)", () => {
    const rendered = renderNotification(every[3]!, facts, "vi", "A");
    expect(rendered.body).toContain("xin lỗi");
    expect(rendered.body).toContain("Ngày hẹn trước đây: 09:00 ngày 24/11/2026.");
    expect(rendered.body).toContain("Ngày hẹn trả kết quả mới: 16:30 ngày 27/11/2026.");
  });

  it("payment: each amount and the total in đồng", () => {
    const rendered = renderNotification(every[7]!, facts, "vi", "A");
    expect(rendered.body).toContain(
      "  1. Lệ phí: 8.000 đồng\n  2. Phí: 1.500.000 đồng\nTổng cộng: 1.508.000 đồng.",
    );
    expect(formatDong(1_508_000, "en")).toBe("VND 1.508.000");
  });

  it("instants are written on the province's wall clock whatever the server's zone", () => {
    expect(formatInstant("2026-12-31T17:30:00.000Z", "vi")).toBe("00:30 ngày 01/01/2027");
    expect(formatInstant("2026-12-31T16:59:00.000Z", "en")).toBe("23:59 on 31/12/2026");
  });
});
