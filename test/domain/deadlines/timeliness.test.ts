import { describe, expect, it } from "vitest";
import { classifyTimeliness, type TimelinessInput } from "../../../src/domain/deadlines/timeliness.ts";
import { at, testCalendar } from "./testCalendar.ts";

// Received Monday 14 July 2025 09:00; the appointment is Thursday 17 July 09:00 (3 working days).
const calendar = testCalendar();
const periodEnd = at("2025-07-31 17:00");
const receivedAt = at("2025-07-14 09:00");
const appointmentAt = at("2025-07-17 09:00");

function classify(input: Partial<TimelinessInput>, options: { periodEnd?: Date; subtract?: boolean } = {}) {
  return classifyTimeliness(
    { receivedAt, appointmentAt, terminalEvents: [], supplementRequests: [], ...input },
    {
      calendar,
      periodEnd: options.periodEnd ?? periodEnd,
      ...(options.subtract === undefined ? {} : { subtractSupplementTimeFromAppointment: options.subtract }),
    },
  );
}

describe("on-time classification of indicator 2.1 (R-KPI-4)", () => {
  it("R-KPI-4: processed a working day before the appointment → early", () => {
    expect(classify({ terminalEvents: [{ kind: "processed", at: at("2025-07-16 09:00") }] })).toEqual({
      verdict: "early",
      reason: "COMPARED_WITH_APPOINTMENT",
      end: at("2025-07-16 09:00"),
      endSource: "processed",
      spareWorkingHours: 8,
      supplementWorkingHours: 0,
    });
  });

  it("R-KPI-4: processed exactly at the appointment → on time", () => {
    const result = classify({ terminalEvents: [{ kind: "processed", at: appointmentAt }] });
    expect(result).toMatchObject({ verdict: "onTime", spareWorkingHours: 0 });
  });

  it("R-KPI-4: processed after closing on the appointment day, no working time later → on time", () => {
    const result = classify({
      appointmentAt: at("2025-07-17 17:00"),
      terminalEvents: [{ kind: "processed", at: at("2025-07-17 18:30") }],
    });
    expect(result.verdict).toBe("onTime");
  });

  it("R-KPI-4: processed a minute of working time after the appointment → late", () => {
    const result = classify({ terminalEvents: [{ kind: "processed", at: at("2025-07-17 09:01") }] });
    expect(result.verdict).toBe("late");
    expect(result.spareWorkingHours).toBeCloseTo(-1 / 60, 6);
  });

  it("R-KPI-4: priority Đã xử lý xong > Đã trả kết quả: the processed time is the end even if returned earlier", () => {
    const result = classify({
      terminalEvents: [
        { kind: "returned", at: at("2025-07-16 09:00") },
        { kind: "processed", at: at("2025-07-18 09:00") },
      ],
    });
    expect(result).toMatchObject({ verdict: "late", endSource: "processed", end: at("2025-07-18 09:00") });
  });

  it("R-KPI-4: the first event of the winning kind is the end", () => {
    const result = classify({
      terminalEvents: [
        { kind: "processed", at: at("2025-07-18 09:00") },
        { kind: "processed", at: at("2025-07-16 09:00") },
      ],
    });
    expect(result).toMatchObject({ verdict: "early", end: at("2025-07-16 09:00") });
  });

  it("R-KPI-4: without processed, Đã trả kết quả is the end", () => {
    const result = classify({
      terminalEvents: [
        { kind: "stopped", at: at("2025-07-15 09:00") },
        { kind: "returned", at: at("2025-07-18 09:00") },
      ],
    });
    expect(result).toMatchObject({ verdict: "late", endSource: "returned" });
  });

  it.each(["stopped", "refused", "withdrawn"] as const)(
    "R-KPI-4: an accepted dossier ended by %s counts with that time as the end",
    (kind) => {
      const result = classify({ terminalEvents: [{ kind, at: at("2025-07-15 09:00") }] });
      expect(result).toMatchObject({ verdict: "early", endSource: "stopped", spareWorkingHours: 16 });
    },
  );

  it("R-KPI-4: a withdrawal before acceptance is not applicable", () => {
    const result = classifyTimeliness(
      { terminalEvents: [{ kind: "withdrawn", at: at("2025-07-15 09:00") }], supplementRequests: [] },
      { calendar, periodEnd },
    );
    expect(result).toEqual({ verdict: "notApplicable", reason: "NOT_ACCEPTED" });
  });

  it("R-KPI-4: a withdrawal after acceptance ends processing at the withdrawal (on the time it took)", () => {
    const result = classify({ terminalEvents: [{ kind: "withdrawn", at: at("2025-07-18 09:00") }] });
    expect(result).toMatchObject({ verdict: "late", endSource: "stopped", end: at("2025-07-18 09:00") });
  });

  it("R-KPI-4: a refusal at reception (never accepted) is not applicable", () => {
    const result = classifyTimeliness(
      { terminalEvents: [{ kind: "refused", at: at("2025-07-14 10:00") }], supplementRequests: [] },
      { calendar, periodEnd },
    );
    expect(result).toEqual({ verdict: "notApplicable", reason: "NOT_ACCEPTED" });
  });

  it("R-KPI-4: priority Đã xử lý xong > Dừng xử lý: a later processed event still wins over an earlier stop", () => {
    const result = classify({
      terminalEvents: [
        { kind: "stopped", at: at("2025-07-15 09:00") },
        { kind: "processed", at: at("2025-07-18 09:00") },
      ],
    });
    expect(result).toMatchObject({ verdict: "late", endSource: "processed" });
  });

  it("R-KPI-4: one supplement and a terminal event → the terminal event is the end, waiting subtracted", () => {
    const result = classify({
      terminalEvents: [{ kind: "returned", at: at("2025-07-18 09:00") }],
      supplementRequests: [{ requestedAt: at("2025-07-15 09:00"), completedAt: at("2025-07-16 09:00") }],
    });
    expect(result).toMatchObject({ verdict: "onTime", endSource: "returned", supplementWorkingHours: 8 });
  });

  it("R-KPI-4: one supplement still pending and a later stop → the stop is the end, waiting runs up to it", () => {
    const result = classify({
      terminalEvents: [{ kind: "stopped", at: at("2025-07-17 09:00") }],
      supplementRequests: [{ requestedAt: at("2025-07-15 09:00") }],
    });
    expect(result).toMatchObject({ verdict: "early", endSource: "stopped", supplementWorkingHours: 16 });
  });

  it("R-KPI-4: a dossier accepted after the period's end is not applicable to that period", () => {
    expect(classify({}, { periodEnd: at("2025-07-13 17:00") })).toEqual({
      verdict: "notApplicable",
      reason: "NOT_ACCEPTED",
    });
  });

  it("R-KPI-4: only one supplement request and nothing else → its time is the end", () => {
    const result = classify({ supplementRequests: [{ requestedAt: at("2025-07-15 09:00") }] });
    expect(result).toMatchObject({
      verdict: "early",
      endSource: "supplementRequest",
      end: at("2025-07-15 09:00"),
      supplementWorkingHours: 0,
    });
  });

  it("R-KPI-4: a supplement completed only after the period still counts as pending at its end", () => {
    const result = classify({
      supplementRequests: [{ requestedAt: at("2025-07-15 09:00"), completedAt: at("2025-08-04 09:00") }],
    });
    expect(result).toMatchObject({ endSource: "supplementRequest", end: at("2025-07-15 09:00") });
  });

  it("R-KPI-4 / R-SUPP-2: more than one supplement request → late, whatever the times", () => {
    const result = classify({
      terminalEvents: [{ kind: "processed", at: at("2025-07-15 09:00") }],
      supplementRequests: [
        { requestedAt: at("2025-07-14 10:00"), completedAt: at("2025-07-14 11:00") },
        { requestedAt: at("2025-07-14 14:00"), completedAt: at("2025-07-14 15:00") },
      ],
    });
    expect(result).toEqual({ verdict: "late", reason: "MORE_THAN_ONE_SUPPLEMENT_REQUEST" });
  });

  it("R-KPI-4: a second supplement request after the period's end is not yet known", () => {
    const result = classify(
      {
        supplementRequests: [
          { requestedAt: at("2025-07-15 09:00") },
          { requestedAt: at("2025-08-05 09:00") },
        ],
      },
      { periodEnd: at("2025-07-31 17:00") },
    );
    expect(result.reason).toBe("COMPARED_WITH_APPOINTMENT");
  });

  it("R-KPI-4: supplement waiting time (request → completion) is subtracted", () => {
    const input = {
      terminalEvents: [{ kind: "processed" as const, at: at("2025-07-18 09:00") }],
      supplementRequests: [{ requestedAt: at("2025-07-15 09:00"), completedAt: at("2025-07-16 09:00") }],
    };
    expect(classify(input)).toMatchObject({
      verdict: "onTime",
      supplementWorkingHours: 8,
      spareWorkingHours: 0,
    });
    // Stricter option when NgayHenTra already moved with the supplement (R-SUPP-3): no second subtraction.
    expect(classify(input, { subtract: false })).toMatchObject({ verdict: "late", spareWorkingHours: -8 });
  });

  it("R-KPI-4: no NgayHenTra → working time minus supplement time compared with the legal maximum", () => {
    const legalTime = { amount: 3, unit: "wd" } as const;
    const noAppointment = { appointmentAt: undefined, legalTime };
    expect(
      classify({ ...noAppointment, terminalEvents: [{ kind: "processed", at: at("2025-07-17 09:00") }] }),
    ).toMatchObject({ verdict: "onTime", reason: "COMPARED_WITH_LEGAL_TIME", spareWorkingHours: 0 });
    expect(
      classify({ ...noAppointment, terminalEvents: [{ kind: "processed", at: at("2025-07-18 09:00") }] }),
    ).toMatchObject({ verdict: "late", spareWorkingHours: -8 });
    expect(
      classify({
        ...noAppointment,
        terminalEvents: [{ kind: "processed", at: at("2025-07-18 09:00") }],
        supplementRequests: [{ requestedAt: at("2025-07-15 09:00"), completedAt: at("2025-07-16 09:00") }],
      }),
    ).toMatchObject({ verdict: "onTime", supplementWorkingHours: 8 });
    expect(
      classify({ ...noAppointment, terminalEvents: [{ kind: "processed", at: at("2025-07-15 09:00") }] }),
    ).toMatchObject({ verdict: "early", spareWorkingHours: 16 });
  });

  it("R-KPI-4: no NgayHenTra and a legal time in calendar days", () => {
    const result = classify({
      appointmentAt: undefined,
      legalTime: { amount: 3, unit: "d" },
      terminalEvents: [{ kind: "processed", at: at("2025-07-16 10:00") }],
    });
    expect(result).toMatchObject({ verdict: "early", reason: "COMPARED_WITH_LEGAL_TIME" });
  });

  it("R-KPI-4: neither NgayHenTra nor a legal time → not applicable", () => {
    const result = classify({
      appointmentAt: undefined,
      terminalEvents: [{ kind: "processed", at: at("2025-07-17 10:00") }],
    });
    expect(result).toMatchObject({ verdict: "notApplicable", reason: "NO_APPOINTMENT_NOR_LEGAL_TIME" });
  });

  it("R-KPI-4: still open at the period's end and within time → on time (never early)", () => {
    const result = classify({}, { periodEnd: at("2025-07-16 17:00") });
    expect(result).toMatchObject({ verdict: "onTime", endSource: "periodEnd", end: at("2025-07-16 17:00") });
  });

  it("R-KPI-4: still open at the period's end and past the appointment → late", () => {
    expect(classify({})).toMatchObject({ verdict: "late", endSource: "periodEnd", end: periodEnd });
  });

  it("R-KPI-4: an event after the period's end has not happened for that period", () => {
    const result = classify(
      { terminalEvents: [{ kind: "processed", at: at("2025-07-16 09:00") }] },
      { periodEnd: at("2025-07-15 17:00") },
    );
    expect(result).toMatchObject({ verdict: "onTime", endSource: "periodEnd" });
  });

  it("R-KPI-4: open with one completed supplement → period end, waiting time subtracted", () => {
    const result = classify({
      supplementRequests: [{ requestedAt: at("2025-07-15 09:00"), completedAt: at("2025-07-16 09:00") }],
    });
    expect(result).toMatchObject({ endSource: "periodEnd", verdict: "late", supplementWorkingHours: 8 });
  });
});
