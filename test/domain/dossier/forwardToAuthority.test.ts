import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide } from "../../../src/domain/dossier/decide.ts";
import { ACTORS, APPLICANT_ID, at, CONTEXT, dossierAt, run } from "./dossierFixtures.ts";

/** R-XFER-2 (issue #12 §5): a misdirected dossier goes to the competent authority's counter, under the 15:00 rule. */
const paperAt = (receivedAt: Date) =>
  run([
    [
      { type: "intakePaper", applicantId: APPLICANT_ID, channel: "counter" },
      ACTORS.counterOfficer,
      receivedAt,
    ],
  ]).state;
const forward = (reason = "Thuộc thẩm quyền của Sở Tài chính") => ({
  type: "forwardToAuthority" as const,
  reason,
});

describe("forwardToAuthority (R-XFER-2)", () => {
  it("paper received Thursday 10:00: on time any time that day; the status stays 2", () => {
    const decision = decide(
      paperAt(at("2025-07-17 10:00")),
      forward(),
      ACTORS.counterOfficer,
      at("2025-07-17 16:30"),
      CONTEXT,
    );
    if (!decision.ok) throw new Error(decision.refusal.code);
    expect(decision.state.status).toBe(2);
    expect(decision.events[0]).toMatchObject({
      type: "forwardedToAuthority",
      from: 2,
      to: 2,
      payload: {
        reason: "Thuộc thẩm quyền của Sở Tài chính",
        paper: true,
        paperTransferDueAt: at("2025-07-17 10:00"),
        paperTransferOnTime: true,
      },
    });
  });

  it("paper received Thursday 15:30: on time only by the start of Friday", () => {
    const state = paperAt(at("2025-07-17 15:30"));
    const atStart = decide(state, forward(), ACTORS.counterOfficer, at("2025-07-18 07:00"), CONTEXT);
    const later = decide(state, forward(), ACTORS.counterOfficer, at("2025-07-18 09:00"), CONTEXT);
    expect(atStart.ok && atStart.events[0]?.payload.paperTransferOnTime).toBe(true);
    expect(later.ok && later.events[0]?.payload.paperTransferOnTime).toBe(false);
  });

  it("an accepted online dossier moves electronically at once: no paper deadline", () => {
    const decision = decide(dossierAt(2), forward(), ACTORS.counterOfficer, at("2025-07-15 09:00"), CONTEXT);
    expect(decision.ok && decision.events[0]?.payload).toEqual({
      reason: "Thuộc thẩm quyền của Sở Tài chính",
      paper: false,
    });
  });

  it("refuses a blank reason, another role, and any status but 2", () => {
    const state = paperAt(at("2025-07-17 10:00"));
    const now = at("2025-07-17 11:00");
    const code = (decision: ReturnType<typeof decide>) => (decision.ok ? "OK" : decision.refusal.code);
    expect(code(decide(state, forward("  "), ACTORS.counterOfficer, now, CONTEXT))).toBe("REASON_REQUIRED");
    expect(code(decide(state, forward(), ACTORS.specialist, now, CONTEXT))).not.toBe("OK");
    expect(code(decide(state, forward(), ACTORS.applicant, now, CONTEXT))).not.toBe("OK");
    for (const status of [1, 4, 5, 6, 7, 9] as const)
      expect(
        code(decide(dossierAt(status), forward(), ACTORS.counterOfficer, at("2025-12-01 09:00"), CONTEXT)),
      ).not.toBe("OK");
  });

  it("property: the forward is on time exactly when the transfer would be (the same 15:00 rule)", () => {
    const minutes = fc.integer({ min: 0, max: 5 * 24 * 60 });
    fc.assert(
      fc.property(minutes, minutes, (receivedOffset, delay) => {
        const receivedAt = new Date(at("2025-07-14 06:00").getTime() + receivedOffset * 60_000);
        const state = paperAt(receivedAt);
        const now = new Date(receivedAt.getTime() + delay * 60_000);
        const forwarded = decide(state, forward(), ACTORS.counterOfficer, now, CONTEXT);
        const transferred = decide(state, { type: "transfer" }, ACTORS.counterOfficer, now, CONTEXT);
        if (!forwarded.ok || !transferred.ok) throw new Error("refused");
        expect(forwarded.events[0]?.payload.paperTransferOnTime).toBe(
          transferred.events[0]?.payload.paperTransferOnTime,
        );
        expect(forwarded.events[0]?.payload.paperTransferDueAt).toEqual(
          transferred.events[0]?.payload.paperTransferDueAt,
        );
      }),
      { numRuns: 200 },
    );
  });
});
