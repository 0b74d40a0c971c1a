import { describe, expect, it } from "vitest";
import {
  type PlanLookups,
  planNotifications,
} from "../../../src/services/notifications/planNotifications.ts";

const lookups: PlanLookups = {
  consultation: async (id) => (id === "c1" ? { requestedBy: "u-asker", question: "Xác minh?" } : undefined),
  stepLabel: (step) => ({ vi: `Bước ${step}`, en: `Step ${step}` }),
};
const plan = (type: string, payload: Record<string, unknown> = {}) =>
  planNotifications({ type, payload }, lookups);

describe("which events notify whom (R-LOOK-3)", () => {
  it.each([
    ["submitted", "submitted"],
    ["receivedOnPaper", "accepted"],
    ["accepted", "accepted"],
    ["supplementRequested", "supplementRequested"],
    ["extensionGranted", "extensionGranted"],
    ["resultApproved", "resultReady"],
    ["decidedAtCounter", "resultReady"],
    ["refusedAtReception", "refused"],
    ["refusedAfterAppraisal", "refused"],
    ["resultReturned", "returned"],
    ["paymentRequested", "paymentRequested"],
  ])("%s → the applicant is told: %s", async (type, kind) => {
    const planned = await plan(type);
    expect(planned).toHaveLength(1);
    expect(planned[0]!.content.kind).toBe(kind);
    expect(planned[0]!.audience).toEqual({ kind: "applicant" });
  });

  it("the event's data reach the content: appointment, items, new date, amounts", async () => {
    expect((await plan("accepted", { dueAt: "2026-11-24T02:00:00.000Z" }))[0]!.content).toEqual({
      kind: "accepted",
      appointmentAt: "2026-11-24T02:00:00.000Z",
    });
    expect((await plan("supplementRequested", { reason: "r", items: ["a", "b"] }))[0]!.content).toEqual({
      kind: "supplementRequested",
      reason: "r",
      items: ["a", "b"],
      windowEndsAt: null,
    });
    expect(
      (await plan("extensionGranted", { previousDueAt: "p", newDueAt: "n", reason: "x" }))[0]!.content,
    ).toEqual({ kind: "extensionGranted", previousDueAt: "p", newDueAt: "n", reason: "x" });
    expect(
      (await plan("paymentRequested", { obligations: [{ name: "Lệ phí", amount: 8000 }] }))[0]!.content,
    ).toEqual({
      kind: "paymentRequested",
      obligations: [{ name: "Lệ phí", amount: 8000 }],
    });
  });

  it("reception due soon or overdue → the counter officers; consultation → the officer who asked", async () => {
    expect(await plan("dueSoon", { deadline: "reception", dueAt: "d" })).toEqual([
      {
        content: { kind: "receptionDeadline", level: "dueSoon", dueAt: "d" },
        audience: { kind: "counterOfficers" },
      },
    ]);
    expect(await plan("overdue", { deadline: "consultation", consultationId: "c1", dueAt: "d" })).toEqual([
      {
        content: { kind: "consultationDeadline", level: "overdue", dueAt: "d", question: "Xác minh?" },
        audience: { kind: "users", userIds: ["u-asker"] },
      },
    ]);
    // Processing and task deadlines are the inboxes' business here; an unknown consultation notifies nobody.
    expect(await plan("dueSoon", { deadline: "processing", dueAt: "d" })).toEqual([]);
    expect(await plan("overdue", { deadline: "consultation", consultationId: "gone", dueAt: "d" })).toEqual(
      [],
    );
  });

  it("a handover naming a person tells that person; one to a unit or role tells nobody", async () => {
    expect(
      await plan("stepAdvanced", {
        handover: { toStep: "appraisal", nextDueAt: "d", receiver: { assigneeId: "u-specialist" } },
      }),
    ).toEqual([
      {
        content: { kind: "taskAssigned", step: { vi: "Bước appraisal", en: "Step appraisal" }, dueAt: "d" },
        audience: { kind: "users", userIds: ["u-specialist"] },
      },
    ]);
    expect(
      await plan("stepAdvanced", { handover: { toStep: "approval", receiver: { assigneeId: null } } }),
    ).toEqual([]);
    expect(await plan("edited", {})).toEqual([]);
  });
});
