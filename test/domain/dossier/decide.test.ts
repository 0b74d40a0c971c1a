import { describe, expect, it } from "vitest";
import type { DossierCommand } from "../../../src/domain/dossier/commands.ts";
import { type DecisionContext, decide } from "../../../src/domain/dossier/decide.ts";
import type { DossierState } from "../../../src/domain/dossier/dossierState.ts";
import {
  ACTORS,
  APPLICANT_ID,
  at,
  CONTEXT,
  dossierAt,
  PATHS,
  run,
  VALID_COMMANDS,
} from "./dossierFixtures.ts";

// Online dossier submitted Monday 14 July 2025 08:00, accepted 08:30 (due Thursday 17 July 08:30), transferred 09:00.

function refusalCode(
  state: DossierState | undefined,
  command: DossierCommand,
  actor = ACTORS.counterOfficer,
  now = at("2025-07-14 11:00"),
  context: DecisionContext = CONTEXT,
) {
  const decision = decide(state, command, actor, now, context);
  return decision.ok ? "OK" : decision.refusal.code;
}

function ok(
  state: DossierState | undefined,
  command: DossierCommand,
  actor = ACTORS.counterOfficer,
  now = at("2025-07-14 11:00"),
  context: DecisionContext = CONTEXT,
) {
  const decision = decide(state, command, actor, now, context);
  if (!decision.ok) throw new Error(`refused: ${decision.refusal.code}`);
  return decision;
}

describe("submission and reception (R-RECV)", () => {
  it("R-RECV-1: an online submission on Saturday 09:00 must be answered by Monday 17:00", () => {
    const { state, events } = ok(
      undefined,
      VALID_COMMANDS.submitOnline,
      ACTORS.applicant,
      at("2025-07-12 09:00"),
    );
    expect(state).toMatchObject({
      status: 1,
      channel: "online",
      applicantId: APPLICANT_ID,
      receptionDueAt: at("2025-07-14 17:00"),
    });
    expect(events).toEqual([
      {
        type: "submitted",
        command: "submitOnline",
        from: null,
        to: 1,
        actor: ACTORS.applicant,
        at: at("2025-07-12 09:00"),
        payload: { receptionDueAt: at("2025-07-14 17:00") },
      },
    ]);
  });

  it("R-SUB-2: the system may bring in a DVCQG submission for any applicant; an applicant only for themself", () => {
    expect(refusalCode(undefined, { type: "submitOnline", applicantId: "someone" }, ACTORS.system)).toBe(
      "OK",
    );
    expect(refusalCode(undefined, { type: "submitOnline", applicantId: "someone" }, ACTORS.applicant)).toBe(
      "NOT_DOSSIER_APPLICANT",
    );
    expect(refusalCode(undefined, { type: "submitOnline", applicantId: "  " }, ACTORS.system)).toBe(
      "APPLICANT_REQUIRED",
    );
  });

  it("R-RECV-2 / R-CAL-7: a paper dossier is received at once (→ 2) and its clock starts (R-CAL-9 b)", () => {
    const command = { type: "intakePaper", applicantId: APPLICANT_ID, channel: "postal" } as const;
    const { state, events } = ok(undefined, command, ACTORS.counterOfficer, at("2025-07-18 16:30"));
    expect(state).toMatchObject({
      status: 2,
      channel: "postal",
      receivedAt: at("2025-07-18 16:30"),
      dueAt: at("2025-07-23 16:30"),
      originalDueAt: at("2025-07-23 16:30"),
    });
    expect(events[0]).toMatchObject({ type: "receivedOnPaper", from: null, to: 2 });
  });

  it("R-CAL-7: acceptance sets NgayTiepNhan and the appointment; late acceptance is flagged (R-RECV-1)", () => {
    const submitted = dossierAt(1);
    const onTime = ok(submitted, VALID_COMMANDS.accept, ACTORS.counterOfficer, at("2025-07-14 08:30"));
    expect(onTime.state).toMatchObject({
      status: 2,
      receivedAt: at("2025-07-14 08:30"),
      dueAt: at("2025-07-17 08:30"),
    });
    expect(onTime.events[0]?.payload).toMatchObject({ receivedLate: false });
    const late = ok(submitted, VALID_COMMANDS.accept, ACTORS.counterOfficer, at("2025-07-15 09:00"));
    expect(late.events[0]?.payload).toMatchObject({ receivedLate: true });
    const noDeadline = ok({ ...submitted, receptionDueAt: undefined }, VALID_COMMANDS.accept);
    expect(noDeadline.events[0]?.payload).toMatchObject({ receivedLate: false });
  });

  it.each([[[]], [[""]], [["Lý do", "  "]]])(
    "R-REJ-1: refusing at reception needs reasons (%j)",
    (reasons) => {
      expect(refusalCode(dossierAt(1), { type: "refuse", reasons })).toBe("REASON_REQUIRED");
    },
  );

  it("R-REJ-1: refusal at reception closes the dossier with its reasons (→ 3)", () => {
    const { state } = ok(dossierAt(1), VALID_COMMANDS.refuse);
    expect(state).toMatchObject({
      status: 3,
      refusalReasons: VALID_COMMANDS.refuse.reasons,
      closedAt: at("2025-07-14 11:00"),
    });
  });

  it("R-RECV-6: a supplement at reception needs a reason and the complete, non-empty list of items", () => {
    const state = dossierAt(1);
    expect(refusalCode(state, { ...VALID_COMMANDS.requestSupplementAtReception, reason: " " })).toBe(
      "REASON_REQUIRED",
    );
    expect(refusalCode(state, { ...VALID_COMMANDS.requestSupplementAtReception, items: [] })).toBe(
      "SUPPLEMENT_ITEMS_REQUIRED",
    );
    expect(
      refusalCode(state, { ...VALID_COMMANDS.requestSupplementAtReception, items: ["Tờ khai", ""] }),
    ).toBe("SUPPLEMENT_ITEMS_REQUIRED");
  });

  it("R-RECV-6: resubmitting (5 → 1) restarts the 8-hour reception clock; a second request at reception is refused", () => {
    const waiting = run(PATHS["5-reception"]).state;
    const resubmitted = ok(
      waiting,
      VALID_COMMANDS.resubmitSupplement,
      ACTORS.applicant,
      at("2025-07-15 10:00"),
    );
    expect(resubmitted.state).toMatchObject({ status: 1, receptionDueAt: at("2025-07-16 10:00") });
    expect(resubmitted.state.supplementRequests).toEqual([
      expect.objectContaining({ stage: "reception", completedAt: at("2025-07-15 10:00") }),
    ]);
    const decision = decide(
      resubmitted.state,
      VALID_COMMANDS.requestSupplementAtReception,
      ACTORS.counterOfficer,
      at("2025-07-15 11:00"),
      CONTEXT,
    );
    expect(decision).toMatchObject({
      ok: false,
      refusal: { code: "SUPPLEMENT_ALREADY_REQUESTED", rule: "R-RECV-6" },
    });
  });

  it("R-STATUS-5: before acceptance the applicant resubmits; after appraisal the counter receives — not the other way", () => {
    expect(refusalCode(run(PATHS["5-reception"]).state, VALID_COMMANDS.receiveSupplement)).toBe(
      "WRONG_SUPPLEMENT_STAGE",
    );
    expect(refusalCode(dossierAt(5), VALID_COMMANDS.resubmitSupplement, ACTORS.applicant)).toBe(
      "WRONG_SUPPLEMENT_STAGE",
    );
  });

  it("R-STATUS-5: another applicant cannot act on the dossier", () => {
    const stranger = { role: "applicant", id: "citizen-2" } as const;
    expect(refusalCode(dossierAt(4), VALID_COMMANDS.requestWithdrawal, stranger)).toBe(
      "NOT_DOSSIER_APPLICANT",
    );
  });

  it("DESIGN §3: a command cannot happen before the dossier's last change", () => {
    expect(
      refusalCode(dossierAt(4), VALID_COMMANDS.requestPayment, ACTORS.specialist, at("2025-07-14 08:59")),
    ).toBe("TIME_BEFORE_LAST_CHANGE");
  });
});

describe("transfer (R-XFER-1)", () => {
  const paperAt = (receivedAt: Date) =>
    run([
      [
        { type: "intakePaper", applicantId: APPLICANT_ID, channel: "counter" },
        ACTORS.counterOfficer,
        receivedAt,
      ],
    ]).state;

  it("R-XFER-1: electronic data move at once; no paper deadline for online dossiers", () => {
    const { state, events } = ok(dossierAt(2), VALID_COMMANDS.transfer);
    expect(state).toMatchObject({
      status: 4,
      internalStep: "awaitingAssignment",
      transferredAt: at("2025-07-14 11:00"),
    });
    expect(state.paperTransferDueAt).toBeUndefined();
    expect(events[0]?.payload).toEqual({ paper: false });
  });

  it("R-XFER-1 / R-CAL-9 c: paper received Thursday 15:30 is due at the agency at the start of Friday; on time by then", () => {
    const { state, events } = ok(
      paperAt(at("2025-07-17 15:30")),
      VALID_COMMANDS.transfer,
      ACTORS.counterOfficer,
      at("2025-07-18 07:00"),
    );
    expect(state.paperTransferDueAt).toEqual(at("2025-07-18 07:00"));
    expect(events[0]?.payload).toEqual({
      paper: true,
      paperTransferDueAt: at("2025-07-18 07:00"),
      paperTransferOnTime: true,
    });
  });

  it("R-XFER-1: paper received Thursday 10:00 and moved on Friday is late, recorded not refused", () => {
    const { events } = ok(
      paperAt(at("2025-07-17 10:00")),
      VALID_COMMANDS.transfer,
      ACTORS.system,
      at("2025-07-18 10:00"),
    );
    expect(events[0]?.payload).toMatchObject({
      paperTransferDueAt: at("2025-07-17 10:00"),
      paperTransferOnTime: false,
    });
  });
});

describe("processing, results and payment (R-STATUS-2, R-STATUS-3, R-RES, R-FEE)", () => {
  it("R-STATUS-2 / R-STATUS-3: an internal step needs its output and keeps public status 4", () => {
    expect(
      refusalCode(dossierAt(4), { type: "advanceStep", step: "appraisal", output: "" }, ACTORS.specialist),
    ).toBe("OUTPUT_REQUIRED");
    const { state, events } = ok(dossierAt(4), VALID_COMMANDS.advanceStep, ACTORS.specialist);
    expect(state).toMatchObject({ status: 4, internalStep: "appraisal" });
    expect(events[0]).toMatchObject({
      from: 4,
      to: 4,
      payload: { previousStep: "awaitingAssignment", step: "appraisal" },
    });
    const unknownStep = ok(
      { ...dossierAt(4), internalStep: undefined },
      VALID_COMMANDS.advanceStep,
      ACTORS.specialist,
    );
    expect(unknownStep.events[0]?.payload).toMatchObject({ previousStep: null });
  });

  it.each([[[]], [[" "]]])(
    "R-STATUS-3: a result cannot be approved or decided without its documents (%j)",
    (documentRefs) => {
      expect(refusalCode(dossierAt(4), { type: "approveResult", documentRefs }, ACTORS.leader)).toBe(
        "OUTPUT_REQUIRED",
      );
      expect(refusalCode(dossierAt(2), { type: "decideAtCounter", documentRefs })).toBe("OUTPUT_REQUIRED");
    },
  );

  it("R-STATUS-3: approving records the signed result and the decision (→ 9)", () => {
    const { state } = ok(dossierAt(4), VALID_COMMANDS.approveResult, ACTORS.unitHead);
    expect(state).toMatchObject({
      status: 9,
      decisionIssued: true,
      result: { kind: "granted", documentRefs: ["giay-phep-1.pdf"], issuedBy: ACTORS.unitHead },
    });
    const atCounter = ok(dossierAt(2), VALID_COMMANDS.decideAtCounter);
    expect(atCounter.state).toMatchObject({ status: 9, decisionIssued: true, result: { kind: "granted" } });
  });

  it("R-RES-1 / R-STATUS-6: returning the result by a valid channel closes the dossier (→ 10)", () => {
    expect(refusalCode(dossierAt(9), { type: "returnResult", channel: "fax" as "post" })).toBe(
      "RETURN_CHANNEL_REQUIRED",
    );
    for (const channel of ["counter", "post", "online"] as const) {
      const { state, events } = ok(dossierAt(9), { type: "returnResult", channel });
      expect(state).toMatchObject({ status: 10, returnChannel: channel, closedAt: at("2025-07-14 11:00") });
      expect(events[0]?.payload).toEqual({ channel, onTime: true });
    }
    const late = ok(dossierAt(9), VALID_COMMANDS.returnResult, ACTORS.counterOfficer, at("2025-07-18 09:00"));
    expect(late.events[0]?.payload).toMatchObject({ onTime: false });
    const noAppointment = ok({ ...dossierAt(9), dueAt: undefined }, VALID_COMMANDS.returnResult);
    expect(noAppointment.events[0]?.payload).toMatchObject({ onTime: true });
  });

  it("R-REJ-2: refusal after appraisal needs reasons and the signed notice, entered as the result (→ 8)", () => {
    const state = dossierAt(4);
    expect(refusalCode(state, { ...VALID_COMMANDS.refuseAfterAppraisal, reasons: [] }, ACTORS.leader)).toBe(
      "REASON_REQUIRED",
    );
    expect(refusalCode(state, { ...VALID_COMMANDS.refuseAfterAppraisal, noticeRef: "" }, ACTORS.leader)).toBe(
      "OUTPUT_REQUIRED",
    );
    const refused = ok(state, VALID_COMMANDS.refuseAfterAppraisal, ACTORS.leader);
    expect(refused.state).toMatchObject({
      status: 8,
      decisionIssued: true,
      stopReason: "refusedAfterAppraisal",
      closedAt: at("2025-07-14 11:00"),
      result: { kind: "refused", documentRefs: ["phieu-tu-choi-1.pdf"] },
    });
  });

  it("R-STATUS-5 [M] / §24.6: with the option, a refusal after appraisal is a result (→ 9 → 10) and blocks withdrawal", () => {
    const context = { ...CONTEXT, options: { refusalAfterAppraisalStatus: 9 as const } };
    const refused = ok(
      dossierAt(4),
      VALID_COMMANDS.refuseAfterAppraisal,
      ACTORS.leader,
      at("2025-07-14 11:00"),
      context,
    );
    expect(refused.state).toMatchObject({ status: 9, result: { kind: "refused" } });
    expect(refused.state.closedAt).toBeUndefined();
    expect(
      refusalCode(
        refused.state,
        VALID_COMMANDS.requestWithdrawal,
        ACTORS.applicant,
        at("2025-07-14 11:30"),
        context,
      ),
    ).toBe("WITHDRAWAL_AFTER_DECISION");
    expect(
      ok(refused.state, VALID_COMMANDS.returnResult, ACTORS.counterOfficer, at("2025-07-14 11:30"), context)
        .state.status,
    ).toBe(10);
  });

  it.each([
    [[]],
    [[{ name: "Lệ phí", amount: 0 }]],
    [[{ name: "Lệ phí", amount: Number.NaN }]],
    [[{ name: " ", amount: 1000 }]],
  ])("R-FEE-1: a payment request needs named obligations with positive amounts (%j)", (obligations) => {
    expect(refusalCode(dossierAt(4), { type: "requestPayment", obligations }, ACTORS.specialist)).toBe(
      "PAYMENT_ITEMS_REQUIRED",
    );
  });

  it("R-STATUS-5: payment 4 → 6 → 4 with a receipt", () => {
    const waiting = dossierAt(6);
    expect(waiting.pendingPayment?.obligations).toEqual(VALID_COMMANDS.requestPayment.obligations);
    expect(refusalCode(waiting, { type: "confirmPayment", receiptRef: "" }, ACTORS.paymentSystem)).toBe(
      "RECEIPT_REQUIRED",
    );
    const paid = ok(waiting, VALID_COMMANDS.confirmPayment, ACTORS.paymentSystem);
    expect(paid.state.status).toBe(4);
    expect(paid.state.pendingPayment).toBeUndefined();
    expect(paid.events[0]?.payload).toEqual({
      receiptRef: "BL-0001",
      obligations: VALID_COMMANDS.requestPayment.obligations,
    });
    const unknown = ok(
      { ...waiting, pendingPayment: undefined },
      VALID_COMMANDS.confirmPayment,
      ACTORS.paymentSystem,
    );
    expect(unknown.events[0]?.payload).toMatchObject({ obligations: [] });
  });
});

describe("supplement after appraisal (R-SUPP)", () => {
  const supplement = VALID_COMMANDS.requestSupplementAfterAppraisal;

  it("R-SUPP-1: the request needs reasons and every item", () => {
    expect(refusalCode(dossierAt(4), { ...supplement, reason: "" }, ACTORS.specialist)).toBe(
      "REASON_REQUIRED",
    );
    expect(refusalCode(dossierAt(4), { ...supplement, items: [] }, ACTORS.specialist)).toBe(
      "SUPPLEMENT_ITEMS_REQUIRED",
    );
  });

  it("R-SUPP-1: allowed until 3 working days after reception (Thursday 08:30), refused a minute later", () => {
    expect(refusalCode(dossierAt(4), supplement, ACTORS.specialist, at("2025-07-17 08:30"))).toBe("OK");
    const decision = decide(dossierAt(4), supplement, ACTORS.specialist, at("2025-07-17 08:31"), CONTEXT);
    expect(decision).toMatchObject({
      ok: false,
      refusal: { code: "SUPPLEMENT_WINDOW_PASSED", rule: "R-SUPP-1" },
    });
  });

  it("R-SUPP-1: sector law may set another window", () => {
    const context = { ...CONTEXT, policy: { supplementWindow: { amount: 5, unit: "wd" as const } } };
    expect(refusalCode(dossierAt(4), supplement, ACTORS.specialist, at("2025-07-18 09:00"), context)).toBe(
      "OK",
    );
  });

  it("R-SUPP-1 / R-SUPP-3: the complete supplement restarts the clock; previous and new appointments are recorded", () => {
    const { state, events } = ok(
      dossierAt(5),
      VALID_COMMANDS.receiveSupplement,
      ACTORS.counterOfficer,
      at("2025-07-16 10:00"),
    );
    expect(state).toMatchObject({
      status: 4,
      internalStep: "appraisal",
      dueAt: at("2025-07-21 10:00"),
      originalDueAt: at("2025-07-21 10:00"),
    });
    expect(state.supplementRequests).toEqual([
      expect.objectContaining({
        stage: "appraisal",
        requestedAt: at("2025-07-14 09:30"),
        completedAt: at("2025-07-16 10:00"),
        previousDueAt: at("2025-07-17 08:30"),
        newDueAt: at("2025-07-21 10:00"),
      }),
    ]);
    expect(events[0]?.payload).toEqual({
      previousDueAt: at("2025-07-17 08:30"),
      newDueAt: at("2025-07-21 10:00"),
      supplementClock: "restart",
    });
  });

  it("R-SUPP-3: with pause-and-extend, every appointment moves by the 16.5 working hours waited", () => {
    const context = { ...CONTEXT, policy: { supplementClock: "pauseAndExtend" as const } };
    const { state } = ok(
      dossierAt(5),
      VALID_COMMANDS.receiveSupplement,
      ACTORS.counterOfficer,
      at("2025-07-16 10:00"),
      context,
    );
    expect(state).toMatchObject({ dueAt: at("2025-07-21 09:00"), originalDueAt: at("2025-07-21 09:00") });
    expect(state.extendedDueAt).toBeUndefined();
  });

  it("R-SUPP-3 / R-LATE-3: a pause also moves an extended appointment; a restart drops it but the extension stays used", () => {
    const extended = run([
      ...PATHS[4],
      [VALID_COMMANDS.requestExtension, ACTORS.specialist, at("2025-07-14 10:00")],
      [supplement, ACTORS.specialist, at("2025-07-14 10:30")],
    ]).state;
    const pause = { ...CONTEXT, policy: { supplementClock: "pauseAndExtend" as const } };
    const paused = ok(
      extended,
      VALID_COMMANDS.receiveSupplement,
      ACTORS.counterOfficer,
      at("2025-07-15 10:30"),
      pause,
    );
    expect(paused.state).toMatchObject({
      originalDueAt: at("2025-07-18 08:30"),
      extendedDueAt: at("2025-07-21 17:00"),
      dueAt: at("2025-07-21 17:00"),
    });
    const restarted = ok(
      extended,
      VALID_COMMANDS.receiveSupplement,
      ACTORS.counterOfficer,
      at("2025-07-15 10:30"),
    );
    expect(restarted.state).toMatchObject({ dueAt: at("2025-07-18 10:30"), extensionUsed: true });
    expect(restarted.state.extendedDueAt).toBeUndefined();
    expect(
      refusalCode(
        restarted.state,
        VALID_COMMANDS.requestExtension,
        ACTORS.specialist,
        at("2025-07-15 11:00"),
      ),
    ).toBe("EXTENSION_ALREADY_USED");
  });

  it("R-SUPP-2: a second supplement request after appraisal is refused", () => {
    const back = ok(
      dossierAt(5),
      VALID_COMMANDS.receiveSupplement,
      ACTORS.counterOfficer,
      at("2025-07-14 10:00"),
    ).state;
    const decision = decide(back, supplement, ACTORS.specialist, at("2025-07-14 11:00"), CONTEXT);
    expect(decision).toMatchObject({
      ok: false,
      refusal: { code: "SUPPLEMENT_ALREADY_REQUESTED", rule: "R-SUPP-2" },
    });
  });

  it("R-SUPP-2 Clarified / R-RECV-6: one at reception and one after appraisal; the second counts as late; a third is refused", () => {
    const afterReceptionSupplement = run([
      ...PATHS["5-reception"],
      [VALID_COMMANDS.resubmitSupplement, ACTORS.applicant, at("2025-07-14 09:00")],
      [VALID_COMMANDS.accept, ACTORS.counterOfficer, at("2025-07-14 09:10")],
      [VALID_COMMANDS.transfer, ACTORS.counterOfficer, at("2025-07-14 09:20")],
    ]).state;
    const second = ok(afterReceptionSupplement, supplement, ACTORS.specialist, at("2025-07-14 11:00"));
    expect(second.events[0]?.payload).toMatchObject({ stage: "appraisal", countsAsLate: true });
    const back = ok(
      second.state,
      VALID_COMMANDS.receiveSupplement,
      ACTORS.counterOfficer,
      at("2025-07-14 14:00"),
    ).state;
    const third = decide(back, supplement, ACTORS.specialist, at("2025-07-14 15:00"), CONTEXT);
    expect(third).toMatchObject({
      ok: false,
      refusal: { code: "SUPPLEMENT_ALREADY_REQUESTED", rule: "R-SUPP-2" },
    });
    expect(!third.ok && third.refusal.message.vi).toContain("hai lần");
  });

  it("R-SUPP-2: a first request after appraisal does not count as late", () => {
    const decision = ok(dossierAt(4), supplement, ACTORS.specialist, at("2025-07-14 09:30"));
    expect(decision.events[0]?.payload).toMatchObject({ countsAsLate: false });
  });

  it("R-SUPP-3: the history keeps the reception request untouched when the appraisal one completes", () => {
    const { state } = run([
      ...PATHS["5-reception"],
      [VALID_COMMANDS.resubmitSupplement, ACTORS.applicant, at("2025-07-14 09:00")],
      [VALID_COMMANDS.accept, ACTORS.counterOfficer, at("2025-07-14 09:10")],
      [VALID_COMMANDS.transfer, ACTORS.counterOfficer, at("2025-07-14 09:20")],
      [supplement, ACTORS.specialist, at("2025-07-14 09:30")],
      [VALID_COMMANDS.receiveSupplement, ACTORS.counterOfficer, at("2025-07-14 10:00")],
    ]);
    expect(state.supplementRequests.map((r) => [r.stage, r.completedAt, r.newDueAt])).toEqual([
      ["reception", at("2025-07-14 09:00"), undefined],
      ["appraisal", at("2025-07-14 10:00"), at("2025-07-17 10:00")],
    ]);
  });

  it("R-STATUS-5: a status-5 dossier without an open request cannot be resubmitted or received", () => {
    const broken = { ...dossierAt(5), supplementRequests: [] };
    expect(refusalCode(broken, VALID_COMMANDS.resubmitSupplement, ACTORS.applicant)).toBe(
      "WRONG_SUPPLEMENT_STAGE",
    );
    expect(refusalCode(broken, VALID_COMMANDS.receiveSupplement)).toBe("WRONG_SUPPLEMENT_STAGE");
  });

  it("R-SUPP-4: closing for a missing supplement waits 15 working days after the notice (configurable)", () => {
    const waiting = dossierAt(5); // notice Monday 14 July 09:30 → closable Monday 4 August 09:30
    const early = decide(
      waiting,
      VALID_COMMANDS.closeForMissingSupplement,
      ACTORS.system,
      at("2025-08-04 09:29"),
      CONTEXT,
    );
    expect(early).toMatchObject({
      ok: false,
      refusal: { code: "ABANDONMENT_PERIOD_NOT_OVER", rule: "R-SUPP-4" },
    });
    const closed = ok(
      waiting,
      VALID_COMMANDS.closeForMissingSupplement,
      ACTORS.system,
      at("2025-08-04 09:30"),
    );
    expect(closed.state).toMatchObject({
      status: 8,
      stopReason: "missingSupplement",
      closedAt: at("2025-08-04 09:30"),
    });
    const shortPeriod = { ...CONTEXT, policy: { abandonmentWorkingDays: 1 } };
    expect(
      refusalCode(
        waiting,
        VALID_COMMANDS.closeForMissingSupplement,
        ACTORS.system,
        at("2025-07-15 09:30"),
        shortPeriod,
      ),
    ).toBe("OK");
  });
});

describe("withdrawal and stop (R-STOP-1)", () => {
  it.each([1, 2, 4, 5, 6] as const)(
    "R-STOP-1: the applicant may ask to withdraw from status %d (→ 7 → 8)",
    (status) => {
      const requested = ok(dossierAt(status), VALID_COMMANDS.requestWithdrawal, ACTORS.applicant);
      expect(requested.state).toMatchObject({
        status: 7,
        withdrawal: { statusBefore: status, reason: "Không còn nhu cầu" },
      });
      const stopped = ok(
        requested.state,
        VALID_COMMANDS.confirmStop,
        ACTORS.counterOfficer,
        at("2025-07-14 11:30"),
      );
      expect(stopped.state).toMatchObject({
        status: 8,
        stopReason: "withdrawal",
        closedAt: at("2025-07-14 11:30"),
      });
    },
  );

  it("R-STOP-1: the counter may record a request made in person, without a reason", () => {
    const { state, events } = ok(dossierAt(4), { type: "requestWithdrawal" }, ACTORS.counterOfficer);
    expect(state.withdrawal).toEqual({ requestedAt: at("2025-07-14 11:00"), statusBefore: 4 });
    expect(events[0]?.payload).toEqual({ statusBefore: 4, reason: null });
  });

  it("R-STOP-1: refused once a decision or result notice exists", () => {
    expect(refusalCode(dossierAt(9), VALID_COMMANDS.requestWithdrawal, ACTORS.applicant)).toBe(
      "WITHDRAWAL_AFTER_DECISION",
    );
    const decidedButOpen = { ...dossierAt(4), decisionIssued: true };
    expect(refusalCode(decidedButOpen, VALID_COMMANDS.requestWithdrawal, ACTORS.applicant)).toBe(
      "WITHDRAWAL_AFTER_DECISION",
    );
    const decidedWhileWaiting = { ...dossierAt(7), decisionIssued: true };
    expect(refusalCode(decidedWhileWaiting, VALID_COMMANDS.confirmStop)).toBe("WITHDRAWAL_AFTER_DECISION");
  });

  it("R-STOP-1: the stop needs its Thông báo dừng giải quyết hồ sơ", () => {
    expect(refusalCode(dossierAt(7), { type: "confirmStop", noticeRef: " " })).toBe("OUTPUT_REQUIRED");
  });
});

describe("extension (R-LATE)", () => {
  const extension = VALID_COMMANDS.requestExtension;

  it("R-LATE-1 / R-LATE-3: a new appointment once, the original kept visible, no status change", () => {
    const { state, events } = ok(dossierAt(4), extension, ACTORS.specialist);
    expect(state).toMatchObject({
      status: 4,
      extensionUsed: true,
      originalDueAt: at("2025-07-17 08:30"),
      extendedDueAt: at("2025-07-18 17:00"),
      dueAt: at("2025-07-18 17:00"),
    });
    expect(events[0]).toMatchObject({
      type: "extensionGranted",
      from: 4,
      to: 4,
      payload: {
        previousDueAt: at("2025-07-17 08:30"),
        newDueAt: at("2025-07-18 17:00"),
        originalDueAt: at("2025-07-17 08:30"),
      },
    });
    const again = decide(
      state,
      { ...extension, newDueAt: at("2025-07-25 17:00") },
      ACTORS.leader,
      at("2025-07-14 11:30"),
      CONTEXT,
    );
    expect(again).toMatchObject({ ok: false, refusal: { code: "EXTENSION_ALREADY_USED", rule: "R-LATE-3" } });
  });

  it("R-LATE-1: asked at least 1 working day before the due instant (Wednesday 08:30 yes, 08:31 no)", () => {
    expect(refusalCode(dossierAt(4), extension, ACTORS.specialist, at("2025-07-16 08:30"))).toBe("OK");
    const late = decide(dossierAt(4), extension, ACTORS.specialist, at("2025-07-16 08:31"), CONTEXT);
    expect(late).toMatchObject({ ok: false, refusal: { code: "EXTENSION_TOO_LATE", rule: "R-LATE-1" } });
  });

  it("R-LATE-1: the apology states its reason and a later appointment", () => {
    expect(refusalCode(dossierAt(4), { ...extension, reason: "" }, ACTORS.specialist)).toBe(
      "REASON_REQUIRED",
    );
    expect(
      refusalCode(dossierAt(4), { ...extension, newDueAt: at("2025-07-17 08:30") }, ACTORS.specialist),
    ).toBe("EXTENSION_NOT_LATER");
    expect(
      refusalCode(dossierAt(4), { ...extension, newDueAt: new Date(Number.NaN) }, ACTORS.specialist),
    ).toBe("EXTENSION_NOT_LATER");
    const withoutOriginal = ok({ ...dossierAt(4), originalDueAt: undefined }, extension, ACTORS.specialist);
    expect(withoutOriginal.events[0]?.payload).toMatchObject({ originalDueAt: null });
  });
});
