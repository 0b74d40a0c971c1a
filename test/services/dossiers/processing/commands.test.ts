import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../../src/db/connection.ts";
import type { Actor } from "../../../../src/services/accounts/actor.ts";
import { answerConsultation } from "../../../../src/services/dossiers/processing/answerConsultation.ts";
import { assignDossier } from "../../../../src/services/dossiers/processing/assignDossier.ts";
import { confirmPayment } from "../../../../src/services/dossiers/processing/confirmPayment.ts";
import { consultAgency } from "../../../../src/services/dossiers/processing/consultAgency.ts";
import { describeOfficeDossier } from "../../../../src/services/dossiers/processing/describeOfficeDossier.ts";
import { recordVerification } from "../../../../src/services/dossiers/processing/recordVerification.ts";
import { requestExtension } from "../../../../src/services/dossiers/processing/requestExtension.ts";
import { requestPayment } from "../../../../src/services/dossiers/processing/requestPayment.ts";
import { requestSupplementAfterAppraisal } from "../../../../src/services/dossiers/processing/requestSupplementAfterAppraisal.ts";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from "../../../../src/services/errors.ts";
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

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  users = await demoUserIds(handle.db);
  head = await actorNamed(handle.db, users, "truongphong.trungtam");
  specialist = await actorNamed(handle.db, users, "chuyenvien.trungtam");
  leader = await actorNamed(handle.db, users, "lanhdao.trungtam");
  counter = await actorNamed(handle.db, users, "motcua.trungtam");
});
afterAll(async () => handle.close());

const monday = at("2026-11-23T09:00");

/** A dossier under appraisal by the demo specialist since Monday 09:30. */
async function inAppraisal(): Promise<string> {
  const dossierId = await dossierInProcessing(handle.db, users, monday);
  await assignDossier(handle.db, {
    dossierId,
    actor: head,
    now: at("2026-11-23T09:30"),
    assigneeId: specialist.userId,
  });
  return dossierId;
}

async function refusedWith(dossierId: string, attempt: () => Promise<unknown>, code: string) {
  const before = await snapshot(handle.db, dossierId);
  const error = await attempt().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConflictError);
  expect((error as ConflictError).code).toBe(code);
  expect(await snapshot(handle.db, dossierId)).toEqual(before);
}

describe("consultation (R-PROC-3)", () => {
  it("the specialist consults another agency's unit with a deadline; it answers; the step comes back", async () => {
    const dossierId = await inAppraisal();
    const consulted = await consultAgency(handle.db, {
      dossierId,
      actor: specialist,
      now: at("2026-11-23T10:00"),
      toAgencyCode: "000.00.13.H99",
      toUnitCode: "PDKKD",
      question: "Đề nghị cho ý kiến về hộ kinh doanh của người yêu cầu",
      workingDays: 2,
    });
    expect(consulted.row.internal_step).toBe("awaitingConsultation");
    const [consultation] = await handle.db
      .selectFrom("consultations")
      .selectAll()
      .where("dossier_id", "=", dossierId)
      .execute();
    // 2 working days from Monday 10:00 → Wednesday 10:00.
    expect(consultation).toMatchObject({
      requested_by: specialist.userId,
      due_at: at("2026-11-25T10:00"),
      answer: null,
    });
    expect((await eventsOf(handle.db, dossierId)).at(-1)?.payload).toMatchObject({
      step: "awaitingConsultation",
      consultation: { id: consultation!.id, toAgency: { code: "000.00.13.H99" }, toUnit: { code: "PDKKD" } },
    });
    // The task stays with the specialist who asked.
    expect((await tasksOf(handle.db, dossierId)).at(-1)).toMatchObject({ step: "appraisal", status: "open" });

    // The consulted unit may read the dossier; a leader of that agency outside the unit may not know it exists.
    const financeSpecialist = await actorNamed(handle.db, users, "chuyenvien.sotaichinh");
    const financeLeader = await actorNamed(handle.db, users, "lanhdao.sotaichinh");
    expect(
      (await describeOfficeDossier(handle.db, { dossierId, actor: financeSpecialist })).consultations,
    ).toHaveLength(1);
    const answer = { dossierId, consultationId: consultation!.id, answer: "Không có ý kiến khác" };
    await expect(
      answerConsultation(handle.db, { ...answer, actor: financeLeader, now: at("2026-11-24T09:00") }),
    ).rejects.toThrow(NotFoundError);
    // An officer of the lead agency sees the dossier but was not consulted: 403.
    await expect(
      answerConsultation(handle.db, { ...answer, actor: specialist, now: at("2026-11-24T09:00") }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      answerConsultation(handle.db, {
        ...answer,
        consultationId: "00000000-0000-4000-8000-000000000000",
        actor: financeSpecialist,
        now: at("2026-11-24T09:00"),
      }),
    ).rejects.toThrow(NotFoundError);

    const answered = await answerConsultation(handle.db, {
      ...answer,
      actor: financeSpecialist,
      now: at("2026-11-24T09:00"),
    });
    expect(answered.row.internal_step).toBe("appraisal");
    const row = await handle.db
      .selectFrom("consultations")
      .selectAll()
      .where("id", "=", consultation!.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      answer: "Không có ý kiến khác",
      answered_by: financeSpecialist.userId,
      answered_at: at("2026-11-24T09:00"),
    });
    const event = (await eventsOf(handle.db, dossierId)).at(-1)!;
    expect(event).toMatchObject({
      actor_user_id: financeSpecialist.userId,
      actor_role: "specialist",
      step: "appraisal",
    });
    expect(event.payload).toMatchObject({ consultation: { late: false } });

    await refusedWith(
      dossierId,
      () =>
        answerConsultation(handle.db, { ...answer, actor: financeSpecialist, now: at("2026-11-24T10:00") }),
      "CONSULTATION_ALREADY_ANSWERED",
    );
  });

  it("a late answer is recorded as late; with two open consultations the step waits for both", async () => {
    const dossierId = await inAppraisal();
    const ask = (toUnitCode: string) =>
      consultAgency(handle.db, {
        dossierId,
        actor: specialist,
        now: at("2026-11-23T10:00"),
        toAgencyCode: "000.20.01.H99",
        toUnitCode,
        question: "Cho ý kiến",
        workingDays: 0.5,
      });
    await ask("PKT");
    await ask("PVHXH");
    const rows = await handle.db
      .selectFrom("consultations")
      .selectAll()
      .where("dossier_id", "=", dossierId)
      .execute();
    const pvhxh = rows.find((row) => row.to_unit_id !== rows[0]!.to_unit_id) ?? rows[1]!;
    const first = await answerConsultation(handle.db, {
      dossierId,
      consultationId: pvhxh.id,
      actor: head,
      now: at("2026-11-24T09:00"),
      answer: "Đồng ý",
    });
    expect(first.row.internal_step).toBe("awaitingConsultation");
    expect((await eventsOf(handle.db, dossierId)).at(-1)?.payload).toMatchObject({
      consultation: { late: true },
    });
  });

  it("400 for an unknown agency or unit, or one's own agency without a unit", async () => {
    const dossierId = await inAppraisal();
    for (const [target, field] of [
      [{ toAgencyCode: "999.99.99.H99" }, "toAgencyCode"],
      [{ toAgencyCode: "000.00.13.H99", toUnitCode: "KHONGCO" }, "toUnitCode"],
      [{ toAgencyCode: "000.20.01.H99" }, "toUnitCode"],
    ] as const) {
      const before = await snapshot(handle.db, dossierId);
      const error = await consultAgency(handle.db, {
        dossierId,
        actor: specialist,
        now: at("2026-11-23T10:00"),
        question: "?",
        workingDays: 1,
        ...target,
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields.map((f) => f.field)).toEqual([field]);
      expect(await snapshot(handle.db, dossierId)).toEqual(before);
    }
  });
});

describe("verification (R-PROC-2)", () => {
  it("records the outcome and the meeting with the applicant without changing the step", async () => {
    const dossierId = await inAppraisal();
    const record = await recordVerification(handle.db, {
      dossierId,
      actor: specialist,
      now: at("2026-11-23T15:00"),
      outcome: "Thông tin khai sinh khớp với sổ hộ tịch",
      meeting: {
        at: at("2026-11-23T14:00"),
        place: "Trụ sở UBND phường Trung Tâm",
        participants: ["Phạm Minh Tuấn", "Nguyễn Văn An"],
        content: "Đối chiếu bản chính giấy tờ",
      },
    });
    expect(record.row.internal_step).toBe("appraisal");
    expect((await eventsOf(handle.db, dossierId)).at(-1)).toMatchObject({
      type: "stepAdvanced",
      step: "appraisal",
      payload: {
        output: "Kết quả xác minh: Thông tin khai sinh khớp với sổ hộ tịch",
        verification: {
          meeting: {
            at: at("2026-11-23T14:00").toISOString(),
            participants: ["Phạm Minh Tuấn", "Nguyễn Văn An"],
          },
        },
      },
    });
  });
});

describe("payment (R-FEE-4): 4 → 6 by the specialist, 6 → 4 by the counter", () => {
  it("requests, refuses a second request and a confirmation by the specialist, then confirms at the counter", async () => {
    const dossierId = await inAppraisal();
    const requested = await requestPayment(handle.db, {
      dossierId,
      actor: specialist,
      now: at("2026-11-23T10:00"),
      obligations: [{ name: "Lệ phí đăng ký lại khai sinh", amount: 5000 }],
    });
    expect(requested.row.status).toBe(6);
    await refusedWith(
      dossierId,
      () =>
        requestPayment(handle.db, {
          dossierId,
          actor: specialist,
          now: at("2026-11-23T10:30"),
          obligations: [{ name: "x", amount: 1 }],
        }),
      "TRANSITION_NOT_ALLOWED",
    );
    await expect(
      confirmPayment(handle.db, {
        dossierId,
        actor: specialist,
        now: at("2026-11-23T11:00"),
        receiptRef: "BL-1",
      }),
    ).rejects.toThrow(ForbiddenError);
    const confirmed = await confirmPayment(handle.db, {
      dossierId,
      actor: counter,
      now: at("2026-11-23T11:00"),
      receiptRef: "BL-2026-000123",
      expectedVersion: requested.row.version,
    });
    expect(confirmed.row.status).toBe(4);
    expect((await eventsOf(handle.db, dossierId)).at(-1)).toMatchObject({
      type: "paymentConfirmed",
      actor_role: "counter_officer",
      payload: { receiptRef: "BL-2026-000123" },
    });
    // Processing resumes with the same specialist.
    expect((await tasksOf(handle.db, dossierId)).at(-1)).toMatchObject({
      step: "appraisal",
      status: "open",
      assignee_id: specialist.userId,
    });
  });
});

describe("supplement after appraisal (R-SUPP-1)", () => {
  it("within 3 working days of reception: status 5 with reasons and items; the task waits", async () => {
    const dossierId = await inAppraisal();
    const record = await requestSupplementAfterAppraisal(handle.db, {
      dossierId,
      actor: specialist,
      now: at("2026-11-26T08:00"),
      reason: "Bản sao giấy tờ khai sinh không rõ",
      items: ["Bản sao giấy tờ khai sinh có chứng thực"],
    });
    expect(record.row.status).toBe(5);
    expect((await tasksOf(handle.db, dossierId)).at(-1)).toMatchObject({ step: "appraisal", status: "open" });
  });

  it("409 SUPPLEMENT_WINDOW_PASSED after the third working day, nothing changed", async () => {
    const dossierId = await inAppraisal();
    // Received Monday 09:00: the window closes Thursday 09:00.
    await refusedWith(
      dossierId,
      () =>
        requestSupplementAfterAppraisal(handle.db, {
          dossierId,
          actor: specialist,
          now: at("2026-11-26T09:30"),
          reason: "Thiếu giấy tờ",
          items: ["Bản sao"],
        }),
      "SUPPLEMENT_WINDOW_PASSED",
    );
  });
});

describe("extension with apology (R-LATE-1, R-LATE-3)", () => {
  it("once, at least 1 working day before the due date, with the apology letter; a second one is refused", async () => {
    const dossierId = await inAppraisal();
    const uploadId = await uploadPdf(handle.db, leader, at("2026-11-26T08:00"), "xin loi");
    const extended = await requestExtension(handle.db, {
      dossierId,
      actor: leader,
      now: at("2026-11-26T09:00"),
      reason: "Cần xác minh thêm tại nơi đăng ký khai sinh trước đây",
      newDueAt: at("2026-12-04T09:00"),
      uploadId,
    });
    expect(extended.row.due_at).toEqual(at("2026-12-04T09:00"));
    expect(extended.row.original_due_at).toEqual(at("2026-11-30T09:00"));
    expect((await eventsOf(handle.db, dossierId)).at(-1)).toMatchObject({ type: "extensionGranted" });
    const files = await handle.db
      .selectFrom("dossier_files")
      .select("purpose")
      .where("dossier_id", "=", dossierId)
      .where("purpose", "=", "notice")
      .execute();
    expect(files).toHaveLength(1);
    await refusedWith(
      dossierId,
      () =>
        requestExtension(handle.db, {
          dossierId,
          actor: leader,
          now: at("2026-11-26T10:00"),
          reason: "Lần hai",
          newDueAt: at("2026-12-10T09:00"),
        }),
      "EXTENSION_ALREADY_USED",
    );
  });

  it("409 EXTENSION_TOO_LATE less than 1 working day before the due date; 403 for a specialist", async () => {
    const dossierId = await inAppraisal();
    // Due Monday 30 09:00; Friday 10:00 leaves 7.5 working hours.
    await refusedWith(
      dossierId,
      () =>
        requestExtension(handle.db, {
          dossierId,
          actor: leader,
          now: at("2026-11-27T10:00"),
          reason: "Chậm",
          newDueAt: at("2026-12-04T09:00"),
        }),
      "EXTENSION_TOO_LATE",
    );
    const before = await snapshot(handle.db, dossierId);
    await expect(
      requestExtension(handle.db, {
        dossierId,
        actor: specialist,
        now: at("2026-11-24T10:00"),
        reason: "x",
        newDueAt: at("2026-12-04T09:00"),
      }),
    ).rejects.toThrow(ForbiddenError);
    expect(await snapshot(handle.db, dossierId)).toEqual(before);
  });
});
