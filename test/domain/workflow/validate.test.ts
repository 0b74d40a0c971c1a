import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "../../../src/domain/workflow/definition.ts";
import { standardWorkflow } from "../../../src/domain/workflow/standardWorkflow.ts";
import { validateWorkflow } from "../../../src/domain/workflow/validate.ts";
import { action, context, linear, step } from "./workflowFixtures.ts";

const codes = (definition: WorkflowDefinition, ctx = context()) =>
  validateWorkflow(definition, ctx).map(
    (issue) => `${issue.code}@${issue.step ?? ""}${issue.action ? `/${issue.action}` : ""}`,
  );

describe("workflow validation (R-CAT-4, R-PROC-4)", () => {
  it("the standard workflow of every demo legal time is valid", () => {
    for (const legal of [
      { amount: 1, unit: "wd" },
      { amount: 5, unit: "wd" },
      { amount: 15, unit: "d" },
      { amount: 4, unit: "wh" },
    ] as const)
      expect(validateWorkflow(standardWorkflow(legal), context({ legalTime: legal }))).toEqual([]);
  });

  it("a workflow without steps is reported once", () => {
    const issues = validateWorkflow({ start: "a", steps: [], actions: [], timers: [] }, context());
    expect(issues).toEqual([expect.objectContaining({ code: "NO_STEPS", rule: "R-CAT-4" })]);
  });

  it("duplicate step and action codes, unknown ends of an action, unknown timer steps", () => {
    const definition = linear([1, 1]);
    definition.steps.push(step("s1", { publicStatus: 9 }));
    definition.actions.push(action("s0", "s1"), action("s0", "ghost", { code: "toGhost" }));
    definition.timers.push({ step: "nowhere", kind: "warn", offsetHours: -2 });
    expect(codes(definition)).toEqual([
      "DUPLICATE_STEP@s1",
      "DUPLICATE_ACTION@/s0->s1",
      "UNKNOWN_STEP@ghost/toGhost",
      "UNKNOWN_STEP@nowhere",
    ]);
  });

  it("an unknown start: nothing else about the graph can be said", () => {
    const definition = { ...linear([1, 1]), start: "zz" };
    expect(codes(definition)).toEqual(["UNKNOWN_START@zz"]);
  });

  it("unreachable steps, dead ends and ends that map to a non-final status, each naming its step", () => {
    const definition = linear([1, 1]);
    definition.steps.push(
      step("island", { publicStatus: 9 }),
      step("loopA"),
      step("loopB"),
      step("stuck", { publicStatus: 4 }),
    );
    definition.actions.push(
      action("s0", "loopA"),
      action("loopA", "loopB"),
      action("loopB", "loopA"),
      action("s0", "stuck"),
    );
    expect(codes(definition)).toEqual([
      "UNREACHABLE_STEP@island",
      "DEAD_END@loopA",
      "DEAD_END@loopB",
      "TERMINAL_STATUS@stuck",
    ]);
    const stuck = validateWorkflow(definition, context()).find((issue) => issue.step === "stuck")!;
    expect(stuck.rule).toBe("R-STATUS-1");
    expect(stuck.message.vi).toContain("9, 3 hoặc 8");
  });

  it("ends may be processed (9), not received (3) or stopped (8)", () => {
    for (const status of [9, 3, 8] as const) {
      const definition = linear([1, 1]);
      definition.steps[1]!.publicStatus = status;
      expect(codes(definition)).toEqual([]);
    }
  });

  it("durations must be positive and finite; fractions of a day are fine (R-PROC-1)", () => {
    const definition = linear([1, 1]);
    definition.steps[0]!.duration = { amount: 0, unit: "wd" };
    definition.steps[1]!.duration = { amount: Number.NaN, unit: "wh" };
    expect(codes(definition)).toEqual(["INVALID_DURATION@s0", "INVALID_DURATION@s1"]);
    definition.steps[0]!.duration = { amount: 0.25, unit: "wd" };
    definition.steps[1]!.duration = { amount: 0.5, unit: "wd" };
    expect(codes(definition)).toEqual([]);
  });

  it("every step's role must be held in its agency; unknown agencies are reported", () => {
    const definition = linear([1, 1, 1, 1]);
    definition.steps[0]!.actor = { agency: { kind: "receiving" }, unit: "counter", role: "agency_admin" };
    definition.steps[1]!.actor = {
      agency: { kind: "agency", agencyCode: "000.00.11.H99" },
      unit: "professional",
      role: "unit_head",
    };
    definition.steps[2]!.actor = {
      agency: { kind: "agency", agencyCode: "nope" },
      unit: "professional",
      role: "specialist",
    };
    const ctx = context({
      roles: { ...context().roles, receiving: ["counter_officer"] },
    });
    expect(codes(definition, ctx)).toEqual([
      "ROLE_NOT_IN_AGENCY@s0",
      "ROLE_NOT_IN_AGENCY@s1",
      "UNKNOWN_AGENCY@s2",
    ]);
    const unknown = validateWorkflow(definition, ctx).find((issue) => issue.code === "UNKNOWN_AGENCY")!;
    expect(unknown.message.en).toContain("nope");
    definition.steps[2]!.actor = { agency: { kind: "receiving" }, unit: "counter", role: "counter_officer" };
    const receivingUnknown = context();
    // A context without the receiving agency's roles (never built by the service, but the rule holds).
    (receivingUnknown.roles as { receiving: unknown }).receiving = undefined;
    expect(codes(definition, receivingUnknown)).toContain("UNKNOWN_AGENCY@s0");
    expect(validateWorkflow(definition, receivingUnknown)[0]!.message.vi).toContain("receiving");
  });

  it("action roles are checked in the agency of the step they leave, following 'same person as'", () => {
    const definition = linear([1, 1, 1]);
    definition.steps[0]!.actor = { agency: { kind: "deciding" }, unit: "professional", role: "specialist" };
    definition.steps[1]!.actor = { sameAs: "s0" };
    definition.actions[0]!.roles = ["specialist", "counter_officer"];
    definition.actions[1]!.roles = ["agency_leader"];
    const ctx = context({ roles: { ...context().roles, deciding: ["specialist"] } });
    const issues = validateWorkflow(definition, ctx);
    expect(issues.map((issue) => `${issue.code}@${issue.step}/${issue.action}`)).toEqual([
      "ROLE_NOT_IN_AGENCY@s0/s0->s1",
      "ROLE_NOT_IN_AGENCY@s1/s1->s2",
    ]);
    expect(issues[0]!.message.en).toContain('(action "s0->s1")');
  });

  it("'same person as' must name another step that names its own actor", () => {
    const definition = linear([1, 1, 1, 1]);
    definition.steps[1]!.actor = { sameAs: "s1" };
    definition.steps[2]!.actor = { sameAs: "ghost" };
    definition.steps[3]!.actor = { sameAs: "s2" };
    // Roles of an action leaving a step whose actor cannot be resolved are not checked twice.
    definition.actions[2]!.roles = ["specialist"];
    expect(codes(definition)).toEqual(["SAME_AS_INVALID@s1", "SAME_AS_INVALID@s2", "SAME_AS_INVALID@s3"]);
  });

  it("consultations need someone to ask, a positive deadline and known agencies (R-PROC-3)", () => {
    const definition = linear([1, 1]);
    definition.actions.push(
      action("s0", "s0", {
        code: "consult",
        effects: [
          { kind: "notify", recipient: "assignee" },
          { kind: "consult", targets: [], join: "all", duration: { amount: 0, unit: "wd" } },
          {
            kind: "consult",
            targets: [{ agencyCode: "000.00.11.H99" }, { agencyCode: "ghost" }, { unit: "leadership" }],
            join: "any",
            duration: { amount: 2, unit: "wd" },
          },
        ],
      }),
    );
    expect(codes(definition)).toEqual([
      "CONSULT_WITHOUT_TARGETS@s0/consult",
      "INVALID_DURATION@s0/consult",
      "UNKNOWN_AGENCY@s0/consult",
    ]);
  });

  it("the longest path must fit the legal time; loops and paused steps do not count (R-PROC-4)", () => {
    const definition = linear([8, 16, 8, 8]);
    definition.actions.push(action("s2", "s1", { code: "sendBack" }));
    expect(codes(definition, context({ legalTime: { amount: 5, unit: "wd" } }))).toEqual([]);
    const tight = validateWorkflow(definition, context({ legalTime: { amount: 4, unit: "wd" } }));
    expect(tight).toEqual([
      expect.objectContaining({ code: "EXCEEDS_LEGAL_TIME", rule: "R-PROC-4", step: "s3" }),
    ]);
    expect(tight[0]!.message.vi).toContain("s0 → s1 → s2 → s3");
    expect(tight[0]!.message.en).toContain("40 working hours");
    definition.steps[1]!.clock = "paused";
    expect(codes(definition, context({ legalTime: { amount: 3, unit: "wd" } }))).toEqual([]);
    expect(codes(definition, context({ legalTime: null }))).toEqual([]);
  });

  it("inter-agency chain: the lead takes part, legs own their steps, deadlines cover them (R-PROC-4)", () => {
    const definition = linear([4, 3, 1]);
    definition.steps[1]!.actor = {
      agency: { kind: "agency", agencyCode: "000.00.17.H99" },
      unit: "professional",
      role: "specialist",
    };
    definition.interAgency = {
      leadAgencyCode: "000.20.01.H99",
      legs: [
        {
          agencyCode: "000.20.01.H99",
          task: { vi: "chủ trì", en: "lead" },
          steps: ["s0"],
          deadline: { amount: 0.5, unit: "wd" },
        },
        {
          agencyCode: "000.00.17.H99",
          task: { vi: "công an", en: "police" },
          steps: ["s1"],
          deadline: { amount: 3, unit: "wh" },
        },
      ],
    };
    expect(codes(definition)).toEqual([]);
    definition.interAgency = {
      leadAgencyCode: "000.00.99.H99",
      legs: [
        {
          agencyCode: "000.20.01.H99",
          task: { vi: "a", en: "a" },
          steps: ["s1", "ghost"],
          deadline: { amount: 1, unit: "wh" },
        },
        {
          agencyCode: "000.00.17.H99",
          task: { vi: "b", en: "b" },
          steps: [],
          deadline: { amount: 0, unit: "wh" },
        },
      ],
    };
    expect(codes(definition)).toEqual([
      "LEAD_AGENCY_NOT_IN_CHAIN@s0",
      "LEG_STEP_NOT_OWNED@s1",
      "UNKNOWN_STEP@ghost",
      "LEG_DEADLINE_TOO_SHORT@ghost",
      "LEG_DEADLINE_TOO_SHORT@s0",
    ]);
  });

  it("a chain leg may hold a paused step and a 'same person as' step; a step of the receiving agency is no leg's", () => {
    const definition = linear([2, 2, 2, 2]);
    definition.steps[1]!.clock = "paused";
    definition.steps[2]!.actor = { sameAs: "s0" };
    definition.steps[3]!.actor = { agency: { kind: "receiving" }, unit: "counter", role: "counter_officer" };
    definition.interAgency = {
      leadAgencyCode: "000.20.01.H99",
      legs: [
        {
          agencyCode: "000.20.01.H99",
          task: { vi: "a", en: "a" },
          steps: ["s0", "s1", "s2", "s3"],
          deadline: { amount: 4, unit: "wh" },
        },
      ],
    };
    expect(codes(definition)).toEqual(["LEG_STEP_NOT_OWNED@s3", "LEG_DEADLINE_TOO_SHORT@s3"]);
  });

  it("property: a generated linear workflow within its legal time always validates", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: 1, max: 40 }).map((q) => q / 4),
          { minLength: 1, maxLength: 12 },
        ),
        (hours) => {
          const total = hours.reduce((sum, h) => sum + h, 0);
          expect(
            validateWorkflow(linear(hours), context({ legalTime: { amount: total, unit: "wh" } })),
          ).toEqual([]);
        },
      ),
    );
  });

  it("property: removing an action that makes a step unreachable is always reported", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.nat(), (length, pick) => {
        const definition = linear(Array.from({ length }, () => 1));
        const removed = pick % definition.actions.length;
        const [gone] = definition.actions.splice(removed, 1);
        const issues = validateWorkflow(definition, context({ legalTime: null }));
        expect(issues).toContainEqual(expect.objectContaining({ code: "UNREACHABLE_STEP", step: gone!.to }));
      }),
    );
  });
});
