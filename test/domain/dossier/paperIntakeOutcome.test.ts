import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PaperIntakeOutcome } from "../../../src/domain/dossier/commands.ts";
import { decide } from "../../../src/domain/dossier/decide.ts";
import { supplementLimitRefusal } from "../../../src/domain/dossier/supplementLimit.ts";
import { ACTORS, APPLICANT_ID, at, CONTEXT } from "./dossierFixtures.ts";

// Issue #12 §5: a paper dossier found incomplete or refused at the counter is entered with its slip (R-RECV-2 a, b;
// R-RECV-5), through the 1 → 5 and 1 → 3 edges of the table (R-STATUS-5).

const NOW = at("2025-07-14 10:00");
const intake = (outcome?: PaperIntakeOutcome) =>
  ({ type: "intakePaper", applicantId: APPLICANT_ID, channel: "counter", outcome }) as const;
const incomplete: PaperIntakeOutcome = {
  kind: "incomplete",
  reason: "Thiếu giấy tờ",
  items: ["Bản sao giấy chứng sinh", "Tờ khai có chữ ký"],
};
const refused: PaperIntakeOutcome = { kind: "refused", reasons: ["Không thuộc thẩm quyền giải quyết"] };

describe("paper intake with an outcome (R-RECV-2 a, b)", () => {
  it("R-RECV-2 a / R-RECV-6: incomplete → entered (null → 1) then 5 with the one reception request; never received", () => {
    const decision = decide(undefined, intake(incomplete), ACTORS.counterOfficer, NOW, CONTEXT);
    if (!decision.ok) throw new Error(decision.refusal.code);
    expect(decision.state).toMatchObject({ status: 5, channel: "counter", applicantId: APPLICANT_ID });
    expect(decision.state.receivedAt).toBeUndefined();
    expect(decision.state.dueAt).toBeUndefined();
    expect(decision.state.supplementRequests).toEqual([
      {
        stage: "reception",
        requestedAt: NOW,
        requestedBy: ACTORS.counterOfficer,
        reason: "Thiếu giấy tờ",
        items: ["Bản sao giấy chứng sinh", "Tờ khai có chữ ký"],
      },
    ]);
    // The reception request is used up (R-RECV-6): no second one at reception.
    expect(supplementLimitRefusal(decision.state, "reception")).toBeDefined();
    expect(decision.events.map(({ type, from, to }) => ({ type, from, to }))).toEqual([
      { type: "enteredOnPaper", from: null, to: 1 },
      { type: "supplementRequested", from: 1, to: 5 },
    ]);
    expect(decision.events[0]?.payload).toEqual({ channel: "counter", outcome: "incomplete" });
    expect(decision.events[1]?.payload).toMatchObject({
      stage: "reception",
      reason: "Thiếu giấy tờ",
      items: ["Bản sao giấy chứng sinh", "Tờ khai có chữ ký"],
    });
  });

  it("R-RECV-2 b / R-REJ-1: refused → entered then 3 with its reasons, closed at once", () => {
    const decision = decide(undefined, intake(refused), ACTORS.counterOfficer, NOW, CONTEXT);
    if (!decision.ok) throw new Error(decision.refusal.code);
    expect(decision.state).toMatchObject({
      status: 3,
      refusalReasons: ["Không thuộc thẩm quyền giải quyết"],
      closedAt: NOW,
    });
    expect(decision.state.receivedAt).toBeUndefined();
    expect(decision.events.map(({ type, from, to }) => ({ type, from, to }))).toEqual([
      { type: "enteredOnPaper", from: null, to: 1 },
      { type: "refusedAtReception", from: 1, to: 3 },
    ]);
    expect(decision.events[1]?.payload).toEqual({ reasons: ["Không thuộc thẩm quyền giải quyết"] });
  });

  it.each([
    [
      "incomplete without items",
      { kind: "incomplete", reason: "Thiếu", items: [] },
      "SUPPLEMENT_ITEMS_REQUIRED",
    ],
    [
      "incomplete with a blank item",
      { kind: "incomplete", reason: "Thiếu", items: [" "] },
      "SUPPLEMENT_ITEMS_REQUIRED",
    ],
    [
      "incomplete without a reason",
      { kind: "incomplete", reason: " ", items: ["Tờ khai"] },
      "REASON_REQUIRED",
    ],
    ["refused without reasons", { kind: "refused", reasons: [] }, "REASON_REQUIRED"],
  ] as [string, PaperIntakeOutcome, string][])(
    "%s is refused (%s), nothing is created",
    (_name, outcome, code) => {
      const decision = decide(undefined, intake(outcome), ACTORS.counterOfficer, NOW, CONTEXT);
      expect(decision.ok ? "OK" : decision.refusal.code).toBe(code);
    },
  );

  it.each(["applicant", "specialist", "leader", "system"] as const)(
    "R-STATUS-5: only the counter enters paper, with any outcome (%s refused)",
    (role) => {
      for (const outcome of [incomplete, refused]) {
        const decision = decide(undefined, intake(outcome), ACTORS[role], NOW, CONTEXT);
        expect(decision.ok ? "OK" : decision.refusal.code).toBe("ROLE_NOT_ALLOWED");
      }
    },
  );

  it("an existing dossier cannot be entered again, whatever the outcome", () => {
    const created = decide(undefined, intake(refused), ACTORS.counterOfficer, NOW, CONTEXT);
    if (!created.ok) throw new Error(created.refusal.code);
    const again = decide(created.state, intake(incomplete), ACTORS.counterOfficer, NOW, CONTEXT);
    expect(again.ok ? "OK" : again.refusal.code).toBe("DOSSIER_ALREADY_EXISTS");
  });

  it("property: any non-blank outcome lands in 5 or 3 through exactly two events, the list kept in order", () => {
    const text = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0);
    const outcome: fc.Arbitrary<PaperIntakeOutcome> = fc.oneof(
      fc.record({
        kind: fc.constant("incomplete" as const),
        reason: text,
        items: fc.array(text, { minLength: 1 }),
      }),
      fc.record({ kind: fc.constant("refused" as const), reasons: fc.array(text, { minLength: 1 }) }),
    );
    fc.assert(
      fc.property(outcome, fc.constantFrom("counter" as const, "postal" as const), (chosen, channel) => {
        const command = { type: "intakePaper", applicantId: APPLICANT_ID, channel, outcome: chosen } as const;
        const decision = decide(undefined, command, ACTORS.counterOfficer, NOW, CONTEXT);
        if (!decision.ok) return false;
        const [entry, answer] = decision.events;
        const listed = chosen.kind === "incomplete" ? chosen.items : chosen.reasons;
        const written = chosen.kind === "incomplete" ? answer?.payload.items : answer?.payload.reasons;
        return (
          decision.events.length === 2 &&
          decision.state.status === (chosen.kind === "incomplete" ? 5 : 3) &&
          decision.state.channel === channel &&
          decision.state.receivedAt === undefined &&
          entry?.to === 1 &&
          answer?.from === 1 &&
          JSON.stringify(written) === JSON.stringify(listed)
        );
      }),
    );
  });

  it("without an outcome the complete paper dossier is received as before (R-RECV-2 c)", () => {
    const decision = decide(undefined, intake(), ACTORS.counterOfficer, NOW, CONTEXT);
    expect(decision.ok && decision.state.status).toBe(2);
  });
});
