import { describe, expect, it } from "vitest";
import type { DossierCommand } from "../../../src/domain/dossier/commands.ts";
import { decide } from "../../../src/domain/dossier/decide.ts";
import type { DossierState } from "../../../src/domain/dossier/dossierState.ts";
import { ACTORS, CONTEXT, dossierAt, nowFor } from "./dossierFixtures.ts";

function decideAs(state: DossierState, command: DossierCommand, actor = ACTORS.applicant) {
  return decide(state, command, actor, nowFor(command.type), CONTEXT);
}

describe("R-SUB-3: the applicant edits an online dossier before acceptance", () => {
  it("keeps status 1 and leaves an `edited` event naming what changed", () => {
    const decision = decideAs(dossierAt(1), {
      type: "editBeforeAcceptance",
      changes: ["formData.tenTre", "files"],
    });
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    expect(decision.state.status).toBe(1);
    expect(decision.events).toMatchObject([
      { type: "edited", from: 1, to: 1, payload: { changes: ["formData.tenTre", "files"] } },
    ]);
  });

  it("refuses an edit that names no change (CHANGES_REQUIRED)", () => {
    const decision = decideAs(dossierAt(1), { type: "editBeforeAcceptance", changes: [" "] });
    expect(decision).toMatchObject({ ok: false, refusal: { code: "CHANGES_REQUIRED", rule: "R-SUB-3" } });
  });

  it("refuses an edit once the dossier is accepted: changes then happen only on the agency's request", () => {
    const decision = decideAs(dossierAt(2), { type: "editBeforeAcceptance", changes: ["formData"] });
    expect(decision).toMatchObject({ ok: false, refusal: { code: "TRANSITION_NOT_ALLOWED" } });
  });

  it("refuses an officer editing the applicant's submission", () => {
    const decision = decideAs(
      dossierAt(1),
      { type: "editBeforeAcceptance", changes: ["formData"] },
      ACTORS.counterOfficer,
    );
    expect(decision).toMatchObject({ ok: false, refusal: { code: "ROLE_NOT_ALLOWED" } });
  });
});

describe("R-SUPP-1: the applicant provides an appraisal-stage supplement", () => {
  it("stays at 5 with a `supplementProvided` event until the counter receives it", () => {
    const decision = decideAs(dossierAt(5), { type: "provideSupplement", documentRefs: ["ban-ve.pdf"] });
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    expect(decision.state.status).toBe(5);
    expect(decision.events).toMatchObject([
      { type: "supplementProvided", payload: { documentRefs: ["ban-ve.pdf"] } },
    ]);
  });

  it("refuses it without documents (OUTPUT_REQUIRED)", () => {
    const decision = decideAs(dossierAt(5), { type: "provideSupplement", documentRefs: [] });
    expect(decision).toMatchObject({ ok: false, refusal: { code: "OUTPUT_REQUIRED", rule: "R-SUPP-1" } });
  });

  it("refuses it for a reception-stage supplement, which is resubmitted instead (WRONG_SUPPLEMENT_STAGE)", () => {
    const decision = decideAs(dossierAt(5, "resubmitSupplement"), {
      type: "provideSupplement",
      documentRefs: ["x.pdf"],
    });
    expect(decision).toMatchObject({ ok: false, refusal: { code: "WRONG_SUPPLEMENT_STAGE" } });
  });
});
