import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../../src/db/connection.ts";
import { acceptDossier } from "../../../../src/services/dossiers/counter/acceptDossier.ts";
import { receptionSlip } from "../../../../src/services/dossiers/counter/receptionSlip.ts";
import { refuseDossier } from "../../../../src/services/dossiers/counter/refuseDossier.ts";
import { requestSupplementAtReception } from "../../../../src/services/dossiers/counter/requestSupplementAtReception.ts";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  ValidationError,
} from "../../../../src/services/errors.ts";
import { limits, submitBirthRegistration } from "../../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../../support/testDatabase.ts";
import {
  actAs,
  at,
  type CounterWorld,
  counterWorld,
  eventTypes,
  footprint,
  intakeBirthRegistration,
  lastEvent,
  uploadScans,
} from "./counterFixtures.ts";

let handle: DatabaseHandle;
let world: CounterWorld;
beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  world = await counterWorld(handle.db);
});
afterAll(async () => handle.close());

const monday9 = at("2026-11-23T09:00:00");
const online = () => submitBirthRegistration(handle.db, world.users["congdan.demo"]!, monday9);
const fieldsOf = (error: unknown) => (error as ValidationError).fields.map((field) => field.field);
const countDossiers = async () =>
  Number(
    (
      await handle.db
        .selectFrom("dossiers")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("intakePaperDossier (R-RECV-2, R-RECV-7, R-CODE-1)", () => {
  it("a complete paper dossier is received on the spot: status 2, a code of the agency and day, digitized scans, the appointment on the agency calendar", async () => {
    const { row } = await intakeBirthRegistration(handle.db, world.officer, monday9);
    expect(row.status).toBe(2);
    expect(row.channel).toBe("counter");
    expect(row.code).toMatch(/^000\.20\.01\.H99-261123-\d{4}$/);
    expect(row.owner_user_id).toBeNull();
    expect(row.received_at?.toISOString()).toBe(monday9.toISOString());
    // 1 working day from Monday 09:00 = Tuesday 09:00.
    expect(row.due_at?.toISOString()).toBe(at("2026-11-24T09:00:00").toISOString());
    expect(await eventTypes(handle.db, row.id)).toEqual(["receivedOnPaper"]);
    expect((await lastEvent(handle.db, row.id)).actor_role).toBe("counter_officer");
    const files = await handle.db
      .selectFrom("dossier_files")
      .select(["digitized", "purpose", "uploaded_by"])
      .where("dossier_id", "=", row.id)
      .execute();
    expect(files).toHaveLength(3);
    expect(files.every((file) => file.digitized && file.purpose === "component")).toBe(true);
    expect(files.every((file) => file.uploaded_by === world.officer.userId)).toBe(true);
  });

  it("records a postal dossier as channel postal (R-SUB-2)", async () => {
    const { row } = await intakeBirthRegistration(handle.db, world.officer, monday9, { channel: "postal" });
    expect(row.channel).toBe("postal");
    expect(row.status).toBe(2);
  });

  it("R-XFER-3: a counter officer of another agency receives it at their own counter; the ward still decides", async () => {
    const { row } = await intakeBirthRegistration(handle.db, world.otherOfficer, monday9);
    const agencies = await handle.db
      .selectFrom("agencies")
      .select(["id", "code"])
      .where("id", "in", [row.agency_id, row.deciding_agency_id, row.assisted_at_agency_id!])
      .execute();
    const code = (id: string | null) => agencies.find((agency) => agency.id === id)?.code;
    expect(code(row.deciding_agency_id)).toBe("000.20.01.H99");
    expect(code(row.agency_id)).toBe(
      code(world.otherOfficer.grants.find((g) => g.role === "counter_officer")!.agencyId),
    );
    expect(row.assisted_at_agency_id).toBe(row.agency_id);
    expect(row.code.startsWith(code(row.agency_id)!)).toBe(true);
  });

  it("403 for an officer who is no counter officer anywhere (a specialist), and no dossier is created", async () => {
    const before = await countDossiers();
    const error = await intakeBirthRegistration(handle.db, world.specialist, monday9).catch((e) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(await countDossiers()).toBe(before);
  });

  it("400 per field: a missing required component and an upload that is not the officer's", async () => {
    const before = await countDossiers();
    const citizenUpload = await uploadScans(handle.db, world.users["congdan.demo"]!, monday9, [0]);
    const own = await uploadScans(handle.db, world.officer.userId, monday9, [1]);
    const error = await intakeBirthRegistration(handle.db, world.officer, monday9, {
      files: [
        { componentPosition: 0, uploadId: citizenUpload[0]! },
        { componentPosition: 1, uploadId: own[0]! },
        { componentPosition: 9, uploadId: own[0]! },
      ],
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(fieldsOf(error)).toEqual(["files.0.uploadId", "files.2.componentPosition", "files.component.2"]);
    expect((error as ValidationError).fields[2]!.message.vi).toContain("Thiếu thành phần hồ sơ bắt buộc");
    expect(await countDossiers()).toBe(before);
  });

  it("404 when the agency does not handle the procedure", async () => {
    const error = await intakeBirthRegistration(handle.db, world.officer, monday9, {
      procedureCode: "9.999999",
    }).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it("413 when the scans together exceed the dossier limit, and nothing is written", async () => {
    const before = await countDossiers();
    const error = await intakeBirthRegistration(handle.db, world.officer, monday9, {
      limits: { ...limits, maxDossierBytes: 100 },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(await countDossiers()).toBe(before);
  });
});

describe("acceptDossier (R-RECV-1, R-CAL-7)", () => {
  it("accepts an online dossier: status 2, same code, appointment from acceptance", async () => {
    const { row } = await online();
    const accepted = await acceptDossier(handle.db, {
      actor: world.officer,
      dossierId: row.id,
      expectedVersion: 1,
      now: at("2026-11-23T10:00:00"),
    });
    expect(accepted.row.status).toBe(2);
    expect(accepted.row.code).toBe(row.code);
    expect(accepted.row.version).toBe(2);
    expect(accepted.row.due_at?.toISOString()).toBe(at("2026-11-24T10:00:00").toISOString());
    const event = await lastEvent(handle.db, row.id);
    expect(event).toMatchObject({
      type: "accepted",
      from_status: 1,
      to_status: 2,
      actor_role: "counter_officer",
    });
    expect(event.payload).toMatchObject({ receivedLate: false });
  });

  it("flags an acceptance after the 8 working hours as received late, still accepting it", async () => {
    const { row } = await online();
    const accepted = await acceptDossier(handle.db, {
      actor: world.officer,
      dossierId: row.id,
      now: at("2026-11-24T10:00:00"),
    });
    expect(accepted.row.status).toBe(2);
    expect((await lastEvent(handle.db, row.id)).payload).toMatchObject({ receivedLate: true });
  });

  it("409 for accepting twice, and 409 STALE_DOSSIER for an old version; nothing changes", async () => {
    const { row } = await online();
    await acceptDossier(handle.db, {
      actor: world.officer,
      dossierId: row.id,
      now: at("2026-11-23T10:00:00"),
    });
    const before = await footprint(handle.db, row.id);
    const again = await acceptDossier(handle.db, {
      actor: world.officer,
      dossierId: row.id,
      now: at("2026-11-23T10:05:00"),
    }).catch((e) => e);
    expect(again).toBeInstanceOf(ConflictError);
    expect(again.code).toBe("TRANSITION_NOT_ALLOWED");
    const stale = await acceptDossier(handle.db, {
      actor: world.officer,
      dossierId: row.id,
      expectedVersion: 1,
      now: at("2026-11-23T10:05:00"),
    }).catch((e) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect(stale.code).toBe("STALE_DOSSIER");
    expect(await footprint(handle.db, row.id)).toEqual(before);
  });

  it("two officers accepting at once: exactly one wins", async () => {
    const { row } = await online();
    const outcomes = await Promise.allSettled(
      [0, 1].map(() =>
        acceptDossier(handle.db, { actor: world.officer, dossierId: row.id, now: at("2026-11-23T10:00:00") }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const failed = outcomes.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(ConflictError);
    expect(await eventTypes(handle.db, row.id)).toEqual(["submitted", "accepted"]);
  });

  it("404 for an officer of another agency and for an unknown id; 403 for a specialist of the agency", async () => {
    const { row } = await online();
    const before = await footprint(handle.db, row.id);
    const now = at("2026-11-23T10:00:00");
    await expect(
      acceptDossier(handle.db, { actor: world.otherOfficer, dossierId: row.id, now }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      acceptDossier(handle.db, {
        actor: world.officer,
        dossierId: "7d1c9a52-2a6f-4c35-9d0e-4b1f8c2e6a11",
        now,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      acceptDossier(handle.db, { actor: world.specialist, dossierId: row.id, now }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await footprint(handle.db, row.id)).toEqual(before);
  });
});

describe("refuseDossier (R-REJ-1)", () => {
  it("refuses with its reasons: status 3, closed, reasons in the event", async () => {
    const { row } = await online();
    const refused = await refuseDossier(handle.db, {
      actor: world.officer,
      dossierId: row.id,
      reasons: ["  Hồ sơ không thuộc thẩm quyền giải quyết của phường  "],
      now: at("2026-11-23T10:00:00"),
    });
    expect(refused.row.status).toBe(3);
    expect(refused.row.closed_at?.toISOString()).toBe(at("2026-11-23T10:00:00").toISOString());
    const event = await lastEvent(handle.db, row.id);
    expect(event.type).toBe("refusedAtReception");
    expect(event.payload).toEqual({ reasons: ["Hồ sơ không thuộc thẩm quyền giải quyết của phường"] });
  });

  it("400 for no reason or a blank one, before anything is read", async () => {
    const { row } = await online();
    const before = await footprint(handle.db, row.id);
    const now = at("2026-11-23T10:00:00");
    const none = await refuseDossier(handle.db, {
      actor: world.officer,
      dossierId: row.id,
      reasons: [],
      now,
    }).catch((e) => e);
    expect(fieldsOf(none)).toEqual(["reasons"]);
    const blank = await refuseDossier(handle.db, {
      actor: world.officer,
      dossierId: row.id,
      reasons: ["Thiếu giấy chứng sinh", "   "],
      now,
    }).catch((e) => e);
    expect(fieldsOf(blank)).toEqual(["reasons.1"]);
    expect((blank as ValidationError).fields[0]!.message).toEqual({
      vi: "Không được để trống",
      en: "Must not be empty",
    });
    expect(await footprint(handle.db, row.id)).toEqual(before);
  });

  it("409 for refusing a paper dossier already received", async () => {
    const { row } = await intakeBirthRegistration(handle.db, world.officer, monday9);
    const error = await refuseDossier(handle.db, {
      actor: world.officer,
      dossierId: row.id,
      reasons: ["Không hợp lệ"],
      now: at("2026-11-23T10:00:00"),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe("TRANSITION_NOT_ALLOWED");
  });
});

describe("requestSupplementAtReception (R-RECV-2 a, R-RECV-6)", () => {
  it("asks once with the complete list: status 5, the items in the event", async () => {
    const { row } = await online();
    const asked = await requestSupplementAtReception(handle.db, {
      actor: world.officer,
      dossierId: row.id,
      reason: "Bản quét giấy chứng sinh bị mờ",
      items: ["Giấy chứng sinh (bản quét rõ nét)", "Tờ khai có chữ ký của người yêu cầu"],
      now: at("2026-11-23T10:00:00"),
    });
    expect(asked.row.status).toBe(5);
    const event = await lastEvent(handle.db, row.id);
    expect(event.type).toBe("supplementRequested");
    expect(event.payload).toMatchObject({
      stage: "reception",
      items: ["Giấy chứng sinh (bản quét rõ nét)", "Tờ khai có chữ ký của người yêu cầu"],
    });
  });

  it("409 SUPPLEMENT_ALREADY_REQUESTED for a second request after the applicant resubmitted", async () => {
    const { row } = await online();
    const ask = (now: Date) =>
      requestSupplementAtReception(handle.db, {
        actor: world.officer,
        dossierId: row.id,
        reason: "Thiếu giấy tờ",
        items: ["Giấy chứng sinh"],
        now,
      });
    await ask(at("2026-11-23T10:00:00"));
    await actAs(
      handle.db,
      "applicant",
      world.users["congdan.demo"]!,
      row.id,
      { type: "resubmitSupplement" },
      at("2026-11-23T14:00:00"),
    );
    const before = await footprint(handle.db, row.id);
    const error = await ask(at("2026-11-23T15:00:00")).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe("SUPPLEMENT_ALREADY_REQUESTED");
    expect(await footprint(handle.db, row.id)).toEqual(before);
  });

  it("400 naming each blank field", async () => {
    const { row } = await online();
    const error = await requestSupplementAtReception(handle.db, {
      actor: world.officer,
      dossierId: row.id,
      reason: " ",
      items: ["Giấy chứng sinh", ""],
      now: at("2026-11-23T10:00:00"),
    }).catch((e) => e);
    expect(fieldsOf(error)).toEqual(["reason", "items.1"]);
  });
});

describe("receptionSlip (R-FORM-1, R-RECV-4)", () => {
  it("gives the slip's data: unit, code, applicant, matter, components with counts, legal time, times hh:mm dd/mm/yyyy", async () => {
    const { row } = await intakeBirthRegistration(handle.db, world.officer, at("2026-11-23T09:05:00"));
    const slip = await receptionSlip(handle.db, { actor: world.officer, dossierId: row.id });
    expect(slip).toMatchObject({
      issuingUnit: {
        agencyCode: "000.20.01.H99",
        agencyName: "Ủy ban nhân dân phường Trung Tâm",
        unitCode: "TTPVHCC",
        unitName: "Trung tâm Phục vụ hành chính công phường Trung Tâm",
      },
      dossierCode: row.code,
      applicant: {
        name: "Trần Thị Mai",
        idNumber: "099190004567",
        address: "Số 5 đường Hòa Bình, phường Trung Tâm",
        phone: "0912345679",
        email: "mai.tt@example.com",
      },
      requestedMatter: { procedureCode: "1.001193", procedureName: "Thủ tục đăng ký khai sinh" },
      sets: 1,
      legalTime: { amount: 1, unit: "wd", text: { vi: "1 ngày làm việc", en: "1 working day" } },
      receivedAt: "09:05 23/11/2026",
      appointmentAt: "09:05 24/11/2026",
    });
    expect(slip.components).toEqual([
      { position: 0, name: "Tờ khai đăng ký khai sinh theo mẫu", originals: 1, copies: 0, files: 1 },
      expect.objectContaining({ position: 1, files: 1 }),
      expect.objectContaining({ position: 2, files: 1 }),
    ]);
  });

  it("409 NOT_RECEIVED for an online dossier not yet accepted; 404 for another agency's officer", async () => {
    const { row } = await online();
    const error = await receptionSlip(handle.db, { actor: world.officer, dossierId: row.id }).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe("NOT_RECEIVED");
    await expect(
      receptionSlip(handle.db, { actor: world.otherOfficer, dossierId: row.id }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      receptionSlip(handle.db, { actor: world.specialist, dossierId: row.id }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("after acceptance the slip shows the acceptance time and the appointment", async () => {
    const { row } = await online();
    await acceptDossier(handle.db, {
      actor: world.officer,
      dossierId: row.id,
      now: at("2026-11-23T16:30:00"),
    });
    const slip = await receptionSlip(handle.db, { actor: world.officer, dossierId: row.id });
    // R-CAL-5: 0.5 h on Monday, 7.5 h on Tuesday → Tuesday 16:30.
    expect(slip).toMatchObject({ receivedAt: "16:30 23/11/2026", appointmentAt: "16:30 24/11/2026" });
    expect(slip.channel).toBe("online");
  });
});
