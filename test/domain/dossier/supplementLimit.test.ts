import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SupplementRequestRecord } from "../../../src/domain/dossier/dossierState.ts";
import {
  MAX_SUPPLEMENT_REQUESTS,
  supplementCountsAsLate,
  supplementLimitRefusal,
} from "../../../src/domain/dossier/supplementLimit.ts";
import { ACTORS, dossierAt } from "./dossierFixtures.ts";

/** R-RECV-6, R-SUPP-1, R-SUPP-2 *Clarified*: one at reception, one after appraisal, the second warned, no third. */
const request = (stage: SupplementRequestRecord["stage"]): SupplementRequestRecord => ({
  stage,
  requestedAt: new Date("2025-07-14T02:00:00Z"),
  requestedBy: ACTORS.counterOfficer,
  reason: "Thiếu",
  items: ["Giấy tờ"],
  completedAt: new Date("2025-07-14T03:00:00Z"),
});
const withHistory = (stages: SupplementRequestRecord["stage"][]) => ({
  ...dossierAt(4),
  supplementRequests: stages.map(request),
});
const STAGES = ["reception", "appraisal"] as const;

describe("supplement limit, every history of up to three requests", () => {
  const histories: SupplementRequestRecord["stage"][][] = [[]];
  for (let length = 1; length <= 3; length++)
    for (const previous of histories.filter((h) => h.length === length - 1))
      for (const stage of STAGES) histories.push([...previous, stage]);

  for (const history of histories)
    for (const stage of STAGES)
      it(`[${history.join(", ")}] then ${stage}`, () => {
        const refusal = supplementLimitRefusal(withHistory(history), stage);
        const allowed = history.length < MAX_SUPPLEMENT_REQUESTS && !history.includes(stage);
        expect(refusal === undefined).toBe(allowed);
        if (refusal) {
          expect(refusal.code).toBe("SUPPLEMENT_ALREADY_REQUESTED");
          expect(refusal.message.vi).toMatch(/bổ sung/);
        }
        expect(supplementCountsAsLate(withHistory(history))).toBe(history.length >= 1);
      });
});

describe("properties", () => {
  it("never more than two requests, never two at the same stage, and only a later one counts as late", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...STAGES), { maxLength: 6 }), (attempts) => {
        const history: SupplementRequestRecord["stage"][] = [];
        const warned: boolean[] = [];
        for (const stage of attempts) {
          const state = withHistory(history);
          if (supplementLimitRefusal(state, stage) === undefined) {
            warned.push(supplementCountsAsLate(state));
            history.push(stage);
          }
        }
        expect(history.length).toBeLessThanOrEqual(2);
        expect(new Set(history).size).toBe(history.length);
        expect(warned).toEqual(history.map((_, index) => index > 0));
      }),
    );
  });
});
