import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import type { WorkflowDefinition } from "../../../src/domain/workflow/definition.ts";
import { standardWorkflow } from "../../../src/domain/workflow/standardWorkflow.ts";
import { validateWorkflow } from "../../../src/domain/workflow/validate.ts";
import { runWorkflowTimers } from "../../../src/jobs/workflowTimers.ts";
import type { Actor } from "../../../src/services/accounts/actor.ts";
import { acceptDossier } from "../../../src/services/dossiers/counter/acceptDossier.ts";
import { transferDossier } from "../../../src/services/dossiers/counter/transferDossier.ts";
import { answerConsultation } from "../../../src/services/dossiers/processing/answerConsultation.ts";
import { approveResult } from "../../../src/services/dossiers/processing/approveResult.ts";
import { assignDossier } from "../../../src/services/dossiers/processing/assignDossier.ts";
import { consultAgency } from "../../../src/services/dossiers/processing/consultAgency.ts";
import { forwardDossier } from "../../../src/services/dossiers/processing/forwardDossier.ts";
import { ForbiddenError, NotFoundError } from "../../../src/services/errors.ts";
import {
  describeWorkflows,
  publishWorkflow,
  WorkflowInvalidError,
} from "../../../src/services/workflows/adminWorkflows.ts";
import { findOffering, validationContextFor } from "../../../src/services/workflows/workflowStore.ts";
import { createTestUser } from "../../support/accounts.ts";
import { demoUserIds, submitBirthRegistration } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";
import { actorNamed, at, dossierInProcessing, uploadPdf } from "../dossiers/processing/processingFixtures.ts";

let handle: DatabaseHandle;
let users: Record<string, string>;
let admin: Actor;
let head: Actor;
let specialist: Actor;
let leader: Actor;
let financeSpecialist: Actor;
let wardEconomist: Actor;
let police: Actor;

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  users = await demoUserIds(handle.db);
  admin = await actorNamed(handle.db, users, "quantri.hethong");
  head = await actorNamed(handle.db, users, "truongphong.trungtam");
  specialist = await actorNamed(handle.db, users, "chuyenvien.trungtam");
  leader = await actorNamed(handle.db, users, "lanhdao.trungtam");
  financeSpecialist = await actorNamed(handle.db, users, "chuyenvien.sotaichinh");
  const extra = async (agencyCode: string, unitCode: string) => {
    const user = await createTestUser(handle.db, {
      password: "Thu-nghiem-2026!",
      role: "specialist",
      agencyCode,
      unitCode,
    });
    return actorNamed(handle.db, { [user.username]: user.id }, user.username);
  };
  wardEconomist = await extra("000.20.01.H99", "PKT");
  police = await extra("000.00.17.H99", "PV06");
});
afterAll(async () => handle.close());

const monday = at("2026-11-23T09:00");

/** Accepted and transferred through the counter's use cases: the transfer pins the version and opens the first step. */
async function transferred(when: Date, procedureCode = "1.004884"): Promise<string> {
  const { row } = await submitBirthRegistration(handle.db, users["congdan.demo"]!, when, { procedureCode });
  const counter = await actorNamed(handle.db, users, "motcua.trungtam");
  await acceptDossier(handle.db, { dossierId: row.id, actor: counter, now: when });
  await transferDossier(handle.db, { dossierId: row.id, actor: counter, now: when });
  return row.id;
}

async function dossierRow(id: string) {
  return handle.db.selectFrom("dossiers").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function tasksOf(id: string) {
  return handle.db
    .selectFrom("tasks")
    .selectAll()
    .where("dossier_id", "=", id)
    .orderBy("created_at")
    .execute();
}

async function versionNumber(versionId: string | null) {
  const row = await handle.db
    .selectFrom("workflow_versions")
    .select("version")
    .where("id", "=", versionId!)
    .executeTakeFirstOrThrow();
  return row.version;
}

/** An assigned dossier through appraisal to the leader, who signs: the dossier is processed (9). */
async function runToResult(dossierId: string, start: Date) {
  const hour = (n: number) => new Date(start.getTime() + n * 3_600_000);
  await forwardDossier(handle.db, { dossierId, actor: specialist, now: hour(1), opinion: "Đủ điều kiện" });
  const uploadId = await uploadPdf(handle.db, leader, hour(2));
  return approveResult(handle.db, { dossierId, actor: leader, now: hour(2), uploadId });
}

describe("versions (R-CAT-4): a dossier keeps the version it started with", () => {
  it("the seed published one version per demo offering; a transferred dossier is pinned to it", async () => {
    const [unpublished] = await handle.db
      .selectFrom("procedure_offerings as o")
      .leftJoin("workflow_versions as v", "v.offering_id", "o.id")
      .select((eb) => eb.fn.count("o.id").as("count"))
      .where("v.id", "is", null)
      .execute();
    expect(Number(unpublished?.count)).toBe(0);
    const dossierId = await transferred(monday);
    const row = await dossierRow(dossierId);
    expect(await versionNumber(row.workflow_version_id)).toBe(1);
    // A dossier transferred without the use case (as older records were) is pinned by its first processing command.
    const older = await dossierInProcessing(handle.db, users, monday);
    expect((await dossierRow(older)).workflow_version_id).toBeNull();
    await assignDossier(handle.db, {
      dossierId: older,
      actor: head,
      now: at("2026-11-23T09:30"),
      assigneeId: specialist.userId,
    });
    expect((await dossierRow(older)).workflow_version_id).toBe(row.workflow_version_id);
  });

  it("republishing while dossiers are in progress: they finish on their old version, new ones take the new one", async () => {
    const oldDossier = await transferred(monday);
    const { offering_id: offeringId, workflow_version_id: v1 } = await dossierRow(oldDossier);
    await assignDossier(handle.db, {
      dossierId: oldDossier,
      actor: head,
      now: at("2026-11-23T10:00"),
      assigneeId: specialist.userId,
    });

    // Version 2: appraisal shortened to one working day, a longer approval, and renamed steps.
    const next = standardWorkflow({ amount: 5, unit: "wd" });
    next.steps[1]!.duration = { amount: 1, unit: "wd" };
    next.steps[1]!.name = { vi: "Thẩm định (v2)", en: "Appraisal (v2)" };
    next.steps[2]!.duration = { amount: 2, unit: "wd" };
    const published = await publishWorkflow(handle.db, admin, {
      offeringId,
      definition: next,
      now: at("2026-11-23T10:30"),
    });
    expect(published.version).toBe(2);

    const newDossier = await transferred(at("2026-11-23T11:00"));
    expect((await dossierRow(newDossier)).workflow_version_id).toBe(published.id);

    // The old dossier's appraisal task kept version 1's three working days (10:00 Monday → 10:00 Thursday).
    const oldAppraisal = (await tasksOf(oldDossier)).find((task) => task.step === "appraisal")!;
    expect(oldAppraisal.due_at).toEqual(at("2026-11-26T10:00"));
    await forwardDossier(handle.db, {
      dossierId: oldDossier,
      actor: specialist,
      now: at("2026-11-24T09:00"),
      opinion: "Đạt",
    });
    // Version 1's approval is one working day: Tuesday 09:00 → Wednesday 09:00 (version 2 would give Thursday).
    const oldApproval = (await tasksOf(oldDossier)).find((task) => task.step === "awaitingApproval")!;
    expect(oldApproval.due_at).toEqual(at("2026-11-25T09:00"));
    const uploadId = await uploadPdf(handle.db, leader, at("2026-11-24T10:00"));
    const done = await approveResult(handle.db, {
      dossierId: oldDossier,
      actor: leader,
      now: at("2026-11-24T10:00"),
      uploadId,
    });
    expect(done.row.status).toBe(9);
    expect(done.row.workflow_version_id).toBe(v1);

    // The new dossier runs on version 2: its appraisal is due one working day (8 wh) after assignment: Monday
    // 13:30 → 17:00, then Tuesday 07:00 → 11:30.
    await assignDossier(handle.db, {
      dossierId: newDossier,
      actor: head,
      now: at("2026-11-23T13:30"),
      assigneeId: specialist.userId,
    });
    const newAppraisal = (await tasksOf(newDossier)).find((task) => task.step === "appraisal")!;
    expect(newAppraisal.due_at).toEqual(at("2026-11-24T11:30"));
    const finished = await runToResult(newDossier, at("2026-11-24T07:00"));
    expect(finished.row.status).toBe(9);

    const history = await describeWorkflows(handle.db, admin, offeringId);
    expect(history.versions.map((version) => version.version)).toEqual([2, 1]);
  });

  it("publishing an invalid definition is refused with its issues and writes nothing", async () => {
    const offering = (await handle.db.selectFrom("dossiers").select("offering_id").executeTakeFirstOrThrow())
      .offering_id;
    const broken: WorkflowDefinition = { ...standardWorkflow({ amount: 5, unit: "wd" }), actions: [] };
    const before = await handle.db.selectFrom("workflow_versions").select("id").execute();
    const error = await publishWorkflow(handle.db, admin, {
      offeringId: offering,
      definition: broken,
      now: monday,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(WorkflowInvalidError);
    expect((error as WorkflowInvalidError).issues.map((issue) => issue.code)).toContain("UNREACHABLE_STEP");
    expect(await handle.db.selectFrom("workflow_versions").select("id").execute()).toHaveLength(
      before.length,
    );
  });
});

/** Publishes, for the offering of a fresh dossier's procedure, the standard workflow with a consultation join. */
async function withConsultation(join: "all" | "any"): Promise<string> {
  const probe = await dossierInProcessing(handle.db, users, monday);
  const { offering_id: offeringId } = await dossierRow(probe);
  const definition = standardWorkflow({ amount: 5, unit: "wd" });
  definition.actions.push({
    code: "consult",
    name: { vi: "Lấy ý kiến", en: "Consult" },
    from: "appraisal",
    to: "appraisal",
    roles: ["specialist"],
    guard: "always",
    effects: [
      {
        kind: "consult",
        targets: [{ agencyCode: "000.00.13.H99" }, { unit: "professional" }],
        join,
        duration: { amount: 2, unit: "wd" },
      },
    ],
  });
  await publishWorkflow(handle.db, admin, { offeringId, definition, now: monday });
  const dossierId = await dossierInProcessing(handle.db, users, monday);
  await assignDossier(handle.db, {
    dossierId,
    actor: head,
    now: at("2026-11-23T10:00"),
    assigneeId: specialist.userId,
  });
  return dossierId;
}

async function askBoth(dossierId: string) {
  const ask = (toAgencyCode: string, toUnitCode: string, now: Date) =>
    consultAgency(handle.db, {
      dossierId,
      actor: specialist,
      now,
      toAgencyCode,
      toUnitCode,
      question: "Xin ý kiến",
      workingDays: 2,
    });
  await ask("000.00.13.H99", "PDKKD", at("2026-11-23T10:30"));
  const asked = await ask("000.20.01.H99", "PKT", at("2026-11-23T10:45"));
  expect(asked.row.internal_step).toBe("awaitingConsultation");
  const rows = await handle.db
    .selectFrom("consultations")
    .select(["id", "to_unit_id"])
    .where("dossier_id", "=", dossierId)
    .orderBy("requested_at")
    .execute();
  return rows.map((row) => row.id);
}

describe("consultations join all / any (R-PROC-3)", () => {
  it("join all: the step waits for every consulted unit", async () => {
    const dossierId = await withConsultation("all");
    const [finance, ward] = await askBoth(dossierId);
    const first = await answerConsultation(handle.db, {
      dossierId,
      consultationId: finance!,
      actor: financeSpecialist,
      now: at("2026-11-24T09:00"),
      answer: "Đồng ý",
    });
    expect(first.row.internal_step).toBe("awaitingConsultation");
    const second = await answerConsultation(handle.db, {
      dossierId,
      consultationId: ward!,
      actor: wardEconomist,
      now: at("2026-11-24T10:00"),
      answer: "Đồng ý",
    });
    expect(second.row.internal_step).toBe("appraisal");
    const events = await handle.db
      .selectFrom("dossier_events")
      .select("payload")
      .where("dossier_id", "=", dossierId)
      .where("type", "=", "stepAdvanced")
      .execute();
    const joins = events
      .map((event) => (typeof event.payload === "string" ? JSON.parse(event.payload) : event.payload).join)
      .filter(Boolean);
    expect(joins).toEqual([
      { rule: "all", joined: false },
      { rule: "all", joined: true },
    ]);
  });

  it("join any: the first answer lets the step go on; a late answer is still recorded", async () => {
    const dossierId = await withConsultation("any");
    const [finance, ward] = await askBoth(dossierId);
    const first = await answerConsultation(handle.db, {
      dossierId,
      consultationId: ward!,
      actor: wardEconomist,
      now: at("2026-11-24T09:00"),
      answer: "Phù hợp quy hoạch",
    });
    expect(first.row.internal_step).toBe("appraisal");
    const late = await answerConsultation(handle.db, {
      dossierId,
      consultationId: finance!,
      actor: financeSpecialist,
      now: at("2026-11-27T09:00"),
      answer: "Đồng ý",
    });
    expect(late.row.internal_step).toBe("appraisal");
  });
});

describe("inter-agency chain (R-PROC-4): death registration with removal of permanent residence", () => {
  it("the seeded chain names the lead and each agency's task and deadline, and validates", async () => {
    const offering = await handle.db
      .selectFrom("procedure_offerings as o")
      .innerJoin("procedures as p", "p.id", "o.procedure_id")
      .innerJoin("agencies as a", "a.id", "o.agency_id")
      .select("o.id")
      .where("p.code", "=", "1.000656")
      .where("a.code", "=", "000.20.01.H99")
      .executeTakeFirstOrThrow();
    const { versions } = await describeWorkflows(handle.db, admin, offering.id);
    const chain = versions[0]!.definition.interAgency!;
    expect(chain.leadAgencyCode).toBe("000.20.01.H99");
    expect(chain.legs.map((leg) => [leg.agencyCode, leg.steps, leg.deadline])).toEqual([
      ["000.20.01.H99", ["awaitingAssignment", "appraisal", "awaitingApproval"], { amount: 0.5, unit: "wd" }],
      ["000.00.17.H99", ["residenceRemoval"], { amount: 3, unit: "wh" }],
    ]);
    // With a police officer in the province (created above), nothing is left to report.
    const summary = (await findOffering(handle.db, offering.id))!;
    expect(validateWorkflow(versions[0]!.definition, await validationContextFor(handle.db, summary))).toEqual(
      [],
    );
  });

  it("the police act on the electronic dossier at their step, within their deadline, then hand back to the ward", async () => {
    const dossierId = await transferred(monday, "1.000656");
    await assignDossier(handle.db, {
      dossierId,
      actor: head,
      now: at("2026-11-23T09:10"),
      assigneeId: specialist.userId,
    });
    // Not their step yet: the police may not act (they do not see the dossier).
    await expect(
      forwardDossier(handle.db, { dossierId, actor: police, now: at("2026-11-23T09:20"), opinion: "x" }),
    ).rejects.toThrow(NotFoundError);
    const passed = await forwardDossier(handle.db, {
      dossierId,
      actor: specialist,
      now: at("2026-11-23T10:00"),
      opinion: "Đủ điều kiện, chuyển Công an",
    });
    expect(passed.row.internal_step).toBe("interAgencyLeg");
    const policeAgency = await handle.db
      .selectFrom("agencies")
      .select("id")
      .where("code", "=", "000.00.17.H99")
      .executeTakeFirstOrThrow();
    const leg = (await tasksOf(dossierId)).find((task) => task.step === "residenceRemoval")!;
    expect(leg.agency_id).toBe(policeAgency.id);
    // 2.5 working hours from 10:00: 11:30 then one hour after lunch.
    expect(leg.due_at).toEqual(at("2026-11-23T14:30"));
    // The ward's specialist does not hold the police's step.
    await expect(
      forwardDossier(handle.db, { dossierId, actor: specialist, now: at("2026-11-23T10:30"), opinion: "x" }),
    ).rejects.toThrow(ForbiddenError);
    const back = await forwardDossier(handle.db, {
      dossierId,
      actor: police,
      now: at("2026-11-23T13:45"),
      opinion: "Đã xóa đăng ký thường trú",
    });
    expect(back.row.internal_step).toBe("awaitingApproval");
    const tasks = await tasksOf(dossierId);
    expect(tasks.find((task) => task.step === "residenceRemoval")).toMatchObject({
      status: "done",
      handed_over_by: police.userId,
    });
    const uploadId = await uploadPdf(handle.db, leader, at("2026-11-23T14:00"));
    const done = await approveResult(handle.db, {
      dossierId,
      actor: leader,
      now: at("2026-11-23T14:00"),
      uploadId,
    });
    expect(done.row.status).toBe(9);
    // The handover to the police was on time and is on the control sheet (R-PROC-5).
    const handovers = await handle.db
      .selectFrom("dossier_events")
      .select("payload")
      .where("dossier_id", "=", dossierId)
      .execute();
    const toPolice = handovers
      .map(
        (event) => (typeof event.payload === "string" ? JSON.parse(event.payload) : event.payload).handover,
      )
      .find((handover) => handover?.fromStep === "residenceRemoval");
    expect(toPolice).toMatchObject({
      givenBy: { userId: police.userId },
      timing: "onTime",
      toStep: "awaitingApproval",
    });
  });
});

describe("workflow timers: warn the holder, escalate to the unit head, exactly once", () => {
  it("two workers at once fire each timer once; later runs fire nothing more", async () => {
    const dossierId = await transferred(at("2026-11-30T09:00"));
    const [task] = await tasksOf(dossierId);
    expect(task!.step).toBe("awaitingAssignment");
    const timerEvents = () =>
      handle.db
        .selectFrom("dossier_events")
        .select(["type", "payload"])
        .where("dossier_id", "=", dossierId)
        .where("type", "in", ["timerWarned", "timerEscalated"])
        .orderBy("sequence")
        .execute();

    // Half a working day (4 wh) from 09:00: 11:30, then 13:30 → 15:00.
    expect(task!.due_at).toEqual(at("2026-11-30T15:00"));
    // More than two working hours before the due: nothing.
    await runWorkflowTimers(handle.db, at("2026-11-30T10:59"));
    expect(await timerEvents()).toEqual([]);
    // Two working hours before the due (11:00): the warning, once, though two workers run.
    await Promise.all([
      runWorkflowTimers(handle.db, at("2026-11-30T11:00")),
      runWorkflowTimers(handle.db, at("2026-11-30T11:00")),
    ]);
    expect((await timerEvents()).map((event) => event.type)).toEqual(["timerWarned"]);
    // Not yet one working hour late at 15:59; at 16:00 the escalation, once.
    await runWorkflowTimers(handle.db, at("2026-11-30T15:59"));
    expect((await timerEvents()).map((event) => event.type)).toEqual(["timerWarned"]);
    await Promise.all([
      runWorkflowTimers(handle.db, at("2026-11-30T16:00")),
      runWorkflowTimers(handle.db, at("2026-11-30T16:00")),
    ]);
    await runWorkflowTimers(handle.db, at("2026-12-01T09:00"));
    const events = await timerEvents();
    expect(events.map((event) => event.type)).toEqual(["timerWarned", "timerEscalated"]);
    const payloads = events.map((event) =>
      typeof event.payload === "string" ? JSON.parse(event.payload) : event.payload,
    );
    expect(payloads[0]).toMatchObject({
      taskId: task!.id,
      step: "awaitingAssignment",
      recipients: [head.userId],
    });
    expect(payloads[1]).toMatchObject({
      timer: { kind: "escalate", offsetHours: 1 },
      recipients: [head.userId],
    });
    const outbox = await handle.db
      .selectFrom("outbox")
      .select("payload")
      .where("dossier_id", "=", dossierId)
      .orderBy("id")
      .execute();
    const types = outbox.map(
      (row) => (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload).type,
    );
    expect(types.filter((type) => type === "timerWarned" || type === "timerEscalated")).toEqual([
      "timerWarned",
      "timerEscalated",
    ]);
  });

  it("a task handed over before its timer comes is not warned", async () => {
    const dossierId = await transferred(at("2026-12-07T09:00"));
    await assignDossier(handle.db, {
      dossierId,
      actor: head,
      now: at("2026-12-07T09:30"),
      assigneeId: specialist.userId,
    });
    const fired = await runWorkflowTimers(handle.db, at("2026-12-07T14:00"));
    const events = await handle.db
      .selectFrom("dossier_events")
      .select("type")
      .where("dossier_id", "=", dossierId)
      .where("type", "=", "timerWarned")
      .execute();
    expect(events).toEqual([]);
    expect(fired.warned).toBeGreaterThanOrEqual(0);
  });
});
