import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../../src/db/connection.ts";
import type { Actor } from "../../../../src/services/accounts/actor.ts";
import type { DossierRecord } from "../../../../src/services/dossiers/dossierStore.ts";
import { approveResult } from "../../../../src/services/dossiers/processing/approveResult.ts";
import { assignDossier } from "../../../../src/services/dossiers/processing/assignDossier.ts";
import { DEFAULT_WORKFLOW } from "../../../../src/services/dossiers/processing/defaultWorkflow.ts";
import { describeOfficeDossier } from "../../../../src/services/dossiers/processing/describeOfficeDossier.ts";
import { forwardDossier } from "../../../../src/services/dossiers/processing/forwardDossier.ts";
import { refuseAfterAppraisal } from "../../../../src/services/dossiers/processing/refuseAfterAppraisal.ts";
import { sendBackDossier } from "../../../../src/services/dossiers/processing/sendBackDossier.ts";
import { handoverTiming } from "../../../../src/services/dossiers/processing/workflowTasks.ts";
import { runDossierCommand } from "../../../../src/services/dossiers/runDossierCommand.ts";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from "../../../../src/services/errors.ts";
import { createTestUser } from "../../../support/accounts.ts";
import { demoUserIds } from "../../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../../support/testDatabase.ts";
import {
  actorNamed,
  at,
  dossierInProcessing,
  eventsOf,
  snapshot,
  tasksOf,
  uploadPdf,
} from "./processingFixtures.ts";

let handle: DatabaseHandle;
let users: Record<string, string>;
let head: Actor;
let specialist: Actor;
let leader: Actor;
let counter: Actor;
let otherSpecialist: Actor;
let financeLeader: Actor;

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  const extra = await createTestUser(handle.db, {
    password: "Thu-nghiem-2026!",
    role: "specialist",
    agencyCode: "000.20.01.H99",
    unitCode: "PVHXH",
  });
  users = await demoUserIds(handle.db);
  head = await actorNamed(handle.db, users, "truongphong.trungtam");
  specialist = await actorNamed(handle.db, users, "chuyenvien.trungtam");
  leader = await actorNamed(handle.db, users, "lanhdao.trungtam");
  counter = await actorNamed(handle.db, users, "motcua.trungtam");
  financeLeader = await actorNamed(handle.db, users, "lanhdao.sotaichinh");
  otherSpecialist = await actorNamed(handle.db, { [extra.username]: extra.id }, extra.username);
});
afterAll(async () => handle.close());

const monday = at("2026-11-23T09:00");

/** A unit of Phường Trung Tâm (unit codes repeat across agencies). */
async function unitId(code: string): Promise<string> {
  const unit = await handle.db
    .selectFrom("units as u")
    .innerJoin("agencies as a", "a.id", "u.agency_id")
    .select("u.id")
    .where("a.code", "=", "000.20.01.H99")
    .where("u.code", "=", code)
    .executeTakeFirstOrThrow();
  return unit.id;
}

async function expectNothingChanged(dossierId: string, attempt: () => Promise<unknown>, error: unknown) {
  const before = await snapshot(handle.db, dossierId);
  await expect(attempt()).rejects.toThrow(error as never);
  expect(await snapshot(handle.db, dossierId)).toEqual(before);
}

describe("the default linear workflow (issue #4, R-PROC-1)", () => {
  it("is data: unit head assigns, specialist appraises, leader approves, counter returns; shares sum to 1", () => {
    expect(DEFAULT_WORKFLOW.steps.map((step) => [step.step, step.role, step.handover])).toEqual([
      ["awaitingAssignment", "unit_head", "assign"],
      ["appraisal", "specialist", "forward"],
      ["awaitingApproval", "agency_leader", "decide"],
      ["returnResult", "counter_officer", "return"],
    ]);
    expect(DEFAULT_WORKFLOW.steps.reduce((sum, step) => sum + step.share, 0)).toBeCloseTo(1);
  });

  it("R-PROC-5: early before the due day, on time on it, late after the due instant", () => {
    const due = at("2026-11-25T10:00");
    expect(handoverTiming(due, at("2026-11-24T16:00"))).toBe("early");
    expect(handoverTiming(due, at("2026-11-25T07:30"))).toBe("onTime");
    expect(handoverTiming(due, due)).toBe("onTime");
    expect(handoverTiming(due, at("2026-11-25T10:01"))).toBe("late");
    expect(handoverTiming(null, due)).toBeNull();
  });
});

describe("a whole default flow: accept → transfer → assign → forward → approve → return", () => {
  let dossierId: string;
  let approved: DossierRecord;

  beforeAll(async () => {
    dossierId = await dossierInProcessing(handle.db, users, monday);
  });

  it("assign: the head's task closes, the specialist's appraisal task opens with its share of the time", async () => {
    const record = await assignDossier(handle.db, {
      dossierId,
      actor: head,
      now: at("2026-11-23T10:00"),
      assigneeId: specialist.userId,
      note: "Kiểm tra kỹ bản sao",
      expectedVersion: 3,
    });
    expect(record.row).toMatchObject({ status: 4, internal_step: "appraisal", version: 4 });
    expect(record.row.current_assignee_id).toBe(specialist.userId);
    const tasks = await tasksOf(handle.db, dossierId);
    expect(tasks).toHaveLength(2);
    const pvhxh = { id: await unitId("PVHXH") };
    // The first step's task is dated from the transfer (the transfer opened none); 4 of 40 working hours → 15:00.
    expect(tasks[0]).toMatchObject({
      step: "awaitingAssignment",
      role: "unit_head",
      unit_id: pvhxh.id,
      status: "done",
      outcome: "assigned",
      handed_over_by: head.userId,
      created_at: monday,
      due_at: at("2026-11-23T15:00"),
      completed_at: at("2026-11-23T10:00"),
    });
    // 24 working hours from Monday 10:00 → Thursday 10:00.
    expect(tasks[1]).toMatchObject({
      step: "appraisal",
      role: "specialist",
      unit_id: pvhxh.id,
      assignee_id: specialist.userId,
      status: "open",
      due_at: at("2026-11-26T10:00"),
    });
    const event = (await eventsOf(handle.db, dossierId)).at(-1)!;
    expect(event).toMatchObject({
      sequence: 4,
      type: "stepAdvanced",
      step: "appraisal",
      actor_role: "unit_head",
    });
    expect(event.payload).toMatchObject({
      output: "Phân công Phạm Minh Tuấn: Thẩm định hồ sơ. Ý kiến: Kiểm tra kỹ bản sao",
      previousStep: "awaitingAssignment",
      handover: {
        fromStep: "awaitingAssignment",
        toStep: "appraisal",
        givenBy: { userId: head.userId, name: "Hoàng Thị Lan" },
        receiver: { assigneeId: specialist.userId, name: "Phạm Minh Tuấn", role: "specialist" },
        timing: "onTime",
        taskDueAt: at("2026-11-23T15:00").toISOString(),
      },
    });
  });

  it("forward: only the assigned specialist, with the appraisal opinion; the leader's task opens", async () => {
    await expectNothingChanged(
      dossierId,
      () =>
        forwardDossier(handle.db, {
          dossierId,
          actor: otherSpecialist,
          now: at("2026-11-23T14:00"),
          opinion: "x",
        }),
      ForbiddenError,
    );
    const record = await forwardDossier(handle.db, {
      dossierId,
      actor: specialist,
      now: at("2026-11-23T14:00"),
      opinion: "Hồ sơ đủ điều kiện, đề nghị lãnh đạo phê duyệt",
    });
    expect(record.row.internal_step).toBe("awaitingApproval");
    const tasks = await tasksOf(handle.db, dossierId);
    expect(tasks.map((task) => [task.step, task.status, task.outcome])).toEqual([
      ["awaitingAssignment", "done", "assigned"],
      ["appraisal", "done", "forwarded"],
      ["awaitingApproval", "open", null],
    ]);
    const ld = { id: await unitId("LD") };
    // 8 working hours from Monday 14:00 → Tuesday 14:00.
    expect(tasks[2]).toMatchObject({
      role: "agency_leader",
      unit_id: ld.id,
      assignee_id: null,
      due_at: at("2026-11-24T14:00"),
    });
    const event = (await eventsOf(handle.db, dossierId)).at(-1)!;
    expect(event.payload).toMatchObject({
      output: "Hồ sơ đủ điều kiện, đề nghị lãnh đạo phê duyệt",
      handover: { outcome: "forwarded", timing: "early", givenBy: { userId: specialist.userId } },
    });
  });

  it("a specialist cannot approve (403), a unit head not at their step cannot either, and nothing changes", async () => {
    const uploadId = await uploadPdf(handle.db, specialist, at("2026-11-24T08:00"));
    await expectNothingChanged(
      dossierId,
      () => approveResult(handle.db, { dossierId, actor: specialist, now: at("2026-11-24T08:00"), uploadId }),
      ForbiddenError,
    );
    const headUpload = await uploadPdf(handle.db, head, at("2026-11-24T08:00"));
    await expectNothingChanged(
      dossierId,
      () =>
        approveResult(handle.db, {
          dossierId,
          actor: head,
          now: at("2026-11-24T08:00"),
          uploadId: headUpload,
        }),
      ForbiddenError,
    );
  });

  it("approve: 400 for an upload that is not the leader's, then the result file, status 9 and the counter's task", async () => {
    const foreign = await uploadPdf(handle.db, specialist, at("2026-11-25T08:00"));
    await expectNothingChanged(
      dossierId,
      () =>
        approveResult(handle.db, {
          dossierId,
          actor: leader,
          now: at("2026-11-25T09:00"),
          uploadId: foreign,
        }),
      ValidationError,
    );
    const uploadId = await uploadPdf(handle.db, leader, at("2026-11-25T08:00"));
    approved = await approveResult(handle.db, {
      dossierId,
      actor: leader,
      now: at("2026-11-25T09:00"),
      uploadId,
    });
    expect(approved.row).toMatchObject({ status: 9, internal_step: null, current_assignee_id: null });
    expect(approved.state.result).toMatchObject({ kind: "granted" });
    const files = await handle.db
      .selectFrom("dossier_files")
      .selectAll()
      .where("dossier_id", "=", dossierId)
      .where("purpose", "=", "result")
      .execute();
    expect(files).toHaveLength(1);
    expect(approved.state.result?.documentRefs).toEqual([files[0]!.id]);
    expect(files[0]).toMatchObject({ uploaded_by: leader.userId, event_sequence: approved.row.version });
    const upload = await handle.db
      .selectFrom("uploads")
      .select("attached_at")
      .where("id", "=", uploadId)
      .executeTakeFirstOrThrow();
    expect(upload.attached_at).toEqual(at("2026-11-25T09:00"));
    const tasks = await tasksOf(handle.db, dossierId);
    const ttpvhcc = { id: await unitId("TTPVHCC") };
    expect(tasks.at(-2)).toMatchObject({ step: "awaitingApproval", status: "done", outcome: "approved" });
    expect(tasks.at(-1)).toMatchObject({
      step: "returnResult",
      role: "counter_officer",
      unit_id: ttpvhcc.id,
      status: "open",
    });
    expect(approved.row.current_unit_id).toBe(ttpvhcc.id);
    const event = (await eventsOf(handle.db, dossierId)).at(-1)!;
    expect(event).toMatchObject({
      type: "resultApproved",
      from_status: 4,
      to_status: 9,
      actor_role: "agency_leader",
    });
    // Approval was due Tuesday 14:00 and came Wednesday: late on the control sheet.
    expect(event.payload).toMatchObject({ documentRefs: [files[0]!.id], handover: { timing: "late" } });
  });

  it("the officer view shows the control sheet: giver, receiver, times and the judgement of each handover", async () => {
    const view = await describeOfficeDossier(handle.db, { dossierId, actor: counter });
    expect(
      view.tasks.map((task) => [task.step, task.outcome, task.timing, task.handedOverBy?.name ?? null]),
    ).toEqual([
      ["awaitingAssignment", "assigned", "onTime", "Hoàng Thị Lan"],
      ["appraisal", "forwarded", "early", "Phạm Minh Tuấn"],
      ["awaitingApproval", "approved", "late", "Đỗ Quang Huy"],
      ["returnResult", null, null, null],
    ]);
    expect(view.tasks[1]?.assignee).toEqual({ id: specialist.userId, name: "Phạm Minh Tuấn" });
    expect(view.history.map((entry) => entry.type)).toEqual([
      "submitted",
      "accepted",
      "transferred",
      "stepAdvanced",
      "stepAdvanced",
      "resultApproved",
    ]);
    await expect(describeOfficeDossier(handle.db, { dossierId, actor: financeLeader })).rejects.toThrow(
      NotFoundError,
    );
  });

  it("the counter returns the result (status 10)", async () => {
    const returned = await runDossierCommand(handle.db, {
      dossierId,
      command: { type: "returnResult", channel: "counter" },
      actor: { role: "counterOfficer", id: counter.userId },
      author: { userId: counter.userId, role: "counter_officer" },
      now: at("2026-11-25T10:00"),
      authorize: () => {},
    });
    expect(returned.row.status).toBe(10);
  });
});

describe("assign, reassign and send back", () => {
  it("the head reassigns the appraisal (same deadline); the old assignee loses it", async () => {
    const dossierId = await dossierInProcessing(handle.db, users, monday);
    await assignDossier(handle.db, {
      dossierId,
      actor: head,
      now: at("2026-11-23T09:30"),
      assigneeId: specialist.userId,
    });
    await expectNothingChanged(
      dossierId,
      () =>
        assignDossier(handle.db, {
          dossierId,
          actor: head,
          now: at("2026-11-23T10:00"),
          assigneeId: specialist.userId,
        }),
      ValidationError,
    );
    const record = await assignDossier(handle.db, {
      dossierId,
      actor: head,
      now: at("2026-11-23T10:00"),
      assigneeId: otherSpecialist.userId,
    });
    expect(record.row.current_assignee_id).toBe(otherSpecialist.userId);
    const tasks = await tasksOf(handle.db, dossierId);
    expect(tasks.map((task) => [task.step, task.status, task.outcome, task.assignee_id])).toEqual([
      ["awaitingAssignment", "done", "assigned", null],
      ["appraisal", "done", "reassigned", specialist.userId],
      ["appraisal", "open", null, otherSpecialist.userId],
    ]);
    expect(tasks[2]!.due_at).toEqual(tasks[1]!.due_at);
    await expect(
      forwardDossier(handle.db, { dossierId, actor: specialist, now: at("2026-11-23T11:00"), opinion: "x" }),
    ).rejects.toThrow(ForbiddenError);
  });

  it("400: the assignee must hold the step's role in the deciding agency", async () => {
    const dossierId = await dossierInProcessing(handle.db, users, monday);
    for (const assigneeId of [
      leader.userId,
      users["chuyenvien.sotaichinh"]!,
      "00000000-0000-4000-8000-000000000000",
    ]) {
      const before = await snapshot(handle.db, dossierId);
      const error = await assignDossier(handle.db, {
        dossierId,
        actor: head,
        now: at("2026-11-23T10:00"),
        assigneeId,
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields.map((field) => field.field)).toEqual(["assigneeId"]);
      // The transfer-time task opened by the failed attempt was rolled back with it.
      expect(await snapshot(handle.db, dossierId)).toEqual(before);
    }
  });

  it("409: forward while awaiting assignment; send back from the first step; stale version", async () => {
    const dossierId = await dossierInProcessing(handle.db, users, monday);
    const refused = async (attempt: () => Promise<unknown>, code: string) => {
      const before = await snapshot(handle.db, dossierId);
      const error = await attempt().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).code).toBe(code);
      expect(await snapshot(handle.db, dossierId)).toEqual(before);
    };
    await refused(
      () => forwardDossier(handle.db, { dossierId, actor: head, now: at("2026-11-23T10:00"), opinion: "x" }),
      "STEP_NOT_ALLOWED",
    );
    await refused(
      () => sendBackDossier(handle.db, { dossierId, actor: head, now: at("2026-11-23T10:00"), reason: "x" }),
      "STEP_NOT_ALLOWED",
    );
    await refused(
      () =>
        assignDossier(handle.db, {
          dossierId,
          actor: head,
          now: at("2026-11-23T10:00"),
          assigneeId: specialist.userId,
          expectedVersion: 2,
        }),
      "STALE_DOSSIER",
    );
  });

  it("404 for an officer of another agency and for an unknown dossier", async () => {
    const dossierId = await dossierInProcessing(handle.db, users, monday);
    const financeHead = await actorNamed(handle.db, users, "truongphong.sotaichinh");
    await expectNothingChanged(
      dossierId,
      () =>
        assignDossier(handle.db, {
          dossierId,
          actor: financeHead,
          now: at("2026-11-23T10:00"),
          assigneeId: specialist.userId,
        }),
      NotFoundError,
    );
    await expect(
      assignDossier(handle.db, {
        dossierId: "00000000-0000-4000-8000-000000000000",
        actor: head,
        now: at("2026-11-23T10:00"),
        assigneeId: specialist.userId,
      }),
    ).rejects.toThrow(NotFoundError);
  });

  it("send back: the leader returns the appraisal to its specialist; the specialist returns it to the head", async () => {
    const dossierId = await dossierInProcessing(handle.db, users, monday);
    await assignDossier(handle.db, {
      dossierId,
      actor: head,
      now: at("2026-11-23T09:30"),
      assigneeId: specialist.userId,
    });
    await forwardDossier(handle.db, {
      dossierId,
      actor: specialist,
      now: at("2026-11-23T10:00"),
      opinion: "Đủ điều kiện",
    });
    const back = await sendBackDossier(handle.db, {
      dossierId,
      actor: leader,
      now: at("2026-11-23T11:00"),
      reason: "Bổ sung ý kiến về bản sao",
    });
    expect(back.row).toMatchObject({ internal_step: "appraisal", current_assignee_id: specialist.userId });
    const toHead = await sendBackDossier(handle.db, {
      dossierId,
      actor: specialist,
      now: at("2026-11-23T13:30"),
      reason: "Không thuộc lĩnh vực được giao",
    });
    expect(toHead.row).toMatchObject({ internal_step: "awaitingAssignment", current_assignee_id: null });
    const tasks = await tasksOf(handle.db, dossierId);
    expect(tasks.map((task) => [task.step, task.status, task.outcome, task.assignee_id])).toEqual([
      ["awaitingAssignment", "done", "assigned", null],
      ["appraisal", "done", "forwarded", specialist.userId],
      ["awaitingApproval", "done", "sentBack", null],
      ["appraisal", "done", "sentBack", specialist.userId],
      ["awaitingAssignment", "open", null, null],
    ]);
    const event = (await eventsOf(handle.db, dossierId)).at(-1)!;
    expect(event.payload).toMatchObject({
      output: 'Trả lại bước "Chờ phân công xử lý": Không thuộc lĩnh vực được giao',
      sendBackReason: "Không thuộc lĩnh vực được giao",
    });
  });
});

describe("refuse after appraisal (R-REJ-2)", () => {
  it("the leader refuses with reasons and the notice file: status 8, the notice kept, the step closed", async () => {
    const dossierId = await dossierInProcessing(handle.db, users, monday);
    await assignDossier(handle.db, {
      dossierId,
      actor: head,
      now: at("2026-11-23T09:30"),
      assigneeId: specialist.userId,
    });
    const early = await uploadPdf(handle.db, leader, at("2026-11-23T09:40"), "tu choi");
    await expect(
      refuseAfterAppraisal(handle.db, {
        dossierId,
        actor: leader,
        now: at("2026-11-23T09:45"),
        reasons: ["x"],
        uploadId: early,
      }),
    ).rejects.toThrow(ConflictError);
    await forwardDossier(handle.db, {
      dossierId,
      actor: specialist,
      now: at("2026-11-23T10:00"),
      opinion: "Đề nghị từ chối",
    });
    const refused = await refuseAfterAppraisal(handle.db, {
      dossierId,
      actor: leader,
      now: at("2026-11-23T11:00"),
      reasons: ["Người yêu cầu đã có giấy khai sinh hợp lệ"],
      uploadId: early,
    });
    expect(refused.row.status).toBe(8);
    expect(refused.state.result).toMatchObject({ kind: "refused" });
    const notice = await handle.db
      .selectFrom("dossier_files")
      .select("id")
      .where("dossier_id", "=", dossierId)
      .where("purpose", "=", "notice")
      .executeTakeFirstOrThrow();
    expect(refused.state.result?.documentRefs).toEqual([notice.id]);
    const tasks = await tasksOf(handle.db, dossierId);
    expect(tasks.at(-1)).toMatchObject({ step: "awaitingApproval", status: "done", outcome: "refused" });
    expect(tasks.filter((task) => task.status === "open")).toEqual([]);
  });
});
