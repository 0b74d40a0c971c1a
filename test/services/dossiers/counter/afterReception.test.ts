import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../../src/db/connection.ts";
import { acceptDossier } from "../../../../src/services/dossiers/counter/acceptDossier.ts";
import { confirmStop } from "../../../../src/services/dossiers/counter/confirmStop.ts";
import { receiveSupplement } from "../../../../src/services/dossiers/counter/receiveSupplement.ts";
import { requestSupplementAtReception } from "../../../../src/services/dossiers/counter/requestSupplementAtReception.ts";
import { returnResult } from "../../../../src/services/dossiers/counter/returnResult.ts";
import { transferDossier } from "../../../../src/services/dossiers/counter/transferDossier.ts";
import {
  ConflictError,
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

const iso = (local: string) => at(local).toISOString();

/** Paper intake at `received`, transferred at `transferred`: a dossier under processing (status 4). */
async function inProcessing(received: string, transferred: string) {
  const { row } = await intakeBirthRegistration(handle.db, world.officer, at(received));
  await transferDossier(handle.db, { actor: world.officer, dossierId: row.id, now: at(transferred) });
  return row.id;
}

/** A dossier waiting for a supplement asked by the specialist after appraisal (R-SUPP-1). */
async function waitingForSupplement() {
  const id = await inProcessing("2026-11-23T09:00:00", "2026-11-23T09:30:00");
  await actAs(
    handle.db,
    "specialist",
    world.specialist.userId,
    id,
    {
      type: "requestSupplementAfterAppraisal",
      reason: "Giấy chứng sinh không rõ",
      items: ["Giấy chứng sinh"],
    },
    at("2026-11-23T10:00:00"),
  );
  return id;
}

describe("transferDossier (R-XFER-1, R-CAL-9 c)", () => {
  it("paper received Thursday 15:30 must reach the agency at the start of Friday: transferred on time at 16:00", async () => {
    const { row } = await intakeBirthRegistration(handle.db, world.officer, at("2026-11-26T15:30:00"));
    const moved = await transferDossier(handle.db, {
      actor: world.officer,
      dossierId: row.id,
      expectedVersion: 1,
      now: at("2026-11-26T16:00:00"),
    });
    expect(moved.row.status).toBe(4);
    expect(moved.row.internal_step).toBe("awaitingAssignment");
    const event = await lastEvent(handle.db, row.id);
    expect(event).toMatchObject({ type: "transferred", from_status: 2, to_status: 4 });
    expect(event.payload).toEqual({
      paper: true,
      paperTransferDueAt: iso("2026-11-27T07:00:00"),
      paperTransferOnTime: true,
    });
  });

  it("R-PROC-1, R-PROC-5: the transfer opens the competent agency's first step for its unit head", async () => {
    const id = await inProcessing("2026-11-23T09:00:00", "2026-11-23T09:30:00");
    const tasks = await handle.db.selectFrom("tasks").selectAll().where("dossier_id", "=", id).execute();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      step: "awaitingAssignment",
      role: "unit_head",
      status: "open",
      assignee_id: null,
    });
    expect(tasks[0]!.created_at.toISOString()).toBe(iso("2026-11-23T09:30:00"));
    expect(tasks[0]!.due_at).not.toBeNull();
  });

  it("paper received Thursday 10:00 is due the same day: a Friday transfer is recorded late, not refused", async () => {
    const { row } = await intakeBirthRegistration(handle.db, world.officer, at("2026-11-26T10:00:00"));
    await transferDossier(handle.db, {
      actor: world.officer,
      dossierId: row.id,
      now: at("2026-11-27T08:00:00"),
    });
    expect((await lastEvent(handle.db, row.id)).payload).toEqual({
      paper: true,
      paperTransferDueAt: iso("2026-11-26T10:00:00"),
      paperTransferOnTime: false,
    });
  });

  it("an accepted online dossier moves electronically, with no paper deadline", async () => {
    const { row } = await submitBirthRegistration(
      handle.db,
      world.users["congdan.demo"]!,
      at("2026-11-23T09:00:00"),
    );
    await acceptDossier(handle.db, {
      actor: world.officer,
      dossierId: row.id,
      now: at("2026-11-23T09:10:00"),
    });
    const moved = await transferDossier(handle.db, {
      actor: world.officer,
      dossierId: row.id,
      now: at("2026-11-23T09:20:00"),
    });
    expect(moved.row.status).toBe(4);
    expect((await lastEvent(handle.db, row.id)).payload).toEqual({ paper: false });
  });

  it("409 for a dossier not yet accepted (status 1); 404 for another agency's officer; nothing changes", async () => {
    const { row } = await submitBirthRegistration(
      handle.db,
      world.users["congdan.demo"]!,
      at("2026-11-23T09:00:00"),
    );
    const before = await footprint(handle.db, row.id);
    const error = await transferDossier(handle.db, {
      actor: world.officer,
      dossierId: row.id,
      now: at("2026-11-23T09:20:00"),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe("TRANSITION_NOT_ALLOWED");
    await expect(
      transferDossier(handle.db, {
        actor: world.otherOfficer,
        dossierId: row.id,
        now: at("2026-11-23T09:20:00"),
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await footprint(handle.db, row.id)).toEqual(before);
  });
});

describe("receiveSupplement (R-SUPP-1, R-SUPP-3)", () => {
  it("restarts the processing time from the completion and attaches the supplement's scans", async () => {
    const id = await waitingForSupplement();
    const [uploadId] = await uploadScans(handle.db, world.officer.userId, at("2026-11-25T13:55:00"), [1]);
    const received = await receiveSupplement(handle.db, {
      actor: world.officer,
      dossierId: id,
      expectedVersion: 3,
      files: [{ uploadId: uploadId!, componentPosition: 1 }],
      now: at("2026-11-25T14:00:00"),
      limits,
    });
    expect(received.row.status).toBe(4);
    // Restart: 1 working day from Wednesday 14:00, not from the first reception (due Tuesday 09:00).
    expect(received.row.due_at?.toISOString()).toBe(iso("2026-11-26T14:00:00"));
    expect(received.row.original_due_at?.toISOString()).toBe(iso("2026-11-26T14:00:00"));
    const event = await lastEvent(handle.db, id);
    expect(event).toMatchObject({ type: "supplementReceived", from_status: 5, to_status: 4, sequence: 4 });
    expect(event.payload).toMatchObject({
      previousDueAt: iso("2026-11-24T09:00:00"),
      newDueAt: iso("2026-11-26T14:00:00"),
      supplementClock: "restart",
    });
    const files = await handle.db
      .selectFrom("dossier_files")
      .select(["purpose", "digitized", "event_sequence"])
      .where("dossier_id", "=", id)
      .where("purpose", "=", "supplement")
      .execute();
    expect(files).toEqual([{ purpose: "supplement", digitized: true, event_sequence: 4 }]);
  });

  it("without files it still restarts the clock", async () => {
    const id = await waitingForSupplement();
    const received = await receiveSupplement(handle.db, {
      actor: world.officer,
      dossierId: id,
      now: at("2026-11-24T08:00:00"),
      limits,
    });
    expect(received.row.due_at?.toISOString()).toBe(iso("2026-11-25T08:00:00"));
  });

  it("400 for an upload that is not the officer's or a component that does not exist, and nothing changes", async () => {
    const id = await waitingForSupplement();
    const before = await footprint(handle.db, id);
    const [citizens] = await uploadScans(
      handle.db,
      world.users["congdan.demo"]!,
      at("2026-11-24T08:00:00"),
      [0],
    );
    const [own] = await uploadScans(handle.db, world.officer.userId, at("2026-11-24T08:00:00"), [0]);
    const error = await receiveSupplement(handle.db, {
      actor: world.officer,
      dossierId: id,
      files: [{ uploadId: citizens! }, { uploadId: own!, componentPosition: 7 }],
      now: at("2026-11-24T08:00:00"),
      limits,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields.map((field) => field.field)).toEqual([
      "files.0.uploadId",
      "files.1.componentPosition",
    ]);
    expect(await footprint(handle.db, id)).toEqual(before);
    const upload = await handle.db
      .selectFrom("uploads")
      .select("attached_at")
      .where("id", "=", own!)
      .executeTakeFirstOrThrow();
    expect(upload.attached_at).toBeNull();
  });

  it("413 when the files would exceed the dossier limit, and nothing changes", async () => {
    const id = await waitingForSupplement();
    const before = await footprint(handle.db, id);
    const [own] = await uploadScans(handle.db, world.officer.userId, at("2026-11-24T08:00:00"), [0]);
    const error = await receiveSupplement(handle.db, {
      actor: world.officer,
      dossierId: id,
      files: [{ uploadId: own! }],
      now: at("2026-11-24T08:00:00"),
      limits: { ...limits, maxDossierBytes: 400 },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(await footprint(handle.db, id)).toEqual(before);
  });

  it("a supplement asked at reception, brought on paper, puts the dossier back to waiting for acceptance (5 → 1, R-RECV-2 a, R-STATUS-5)", async () => {
    const { row } = await submitBirthRegistration(
      handle.db,
      world.users["congdan.demo"]!,
      at("2026-11-23T09:00:00"),
    );
    await requestSupplementAtReception(handle.db, {
      actor: world.officer,
      dossierId: row.id,
      reason: "Thiếu",
      items: ["Giấy chứng sinh"],
      now: at("2026-11-23T09:30:00"),
    });
    const record = await receiveSupplement(handle.db, {
      actor: world.officer,
      dossierId: row.id,
      now: at("2026-11-23T10:00:00"),
      limits,
    });
    expect(record.row.status).toBe(1);
    // The 8-working-hour reception clock starts again from the completion (R-RECV-1).
    expect(record.state.receptionDueAt?.toISOString()).toBe(at("2026-11-24T10:00:00").toISOString());
    const events = await handle.db
      .selectFrom("dossier_events")
      .select(["type", "from_status", "to_status"])
      .where("dossier_id", "=", row.id)
      .orderBy("sequence", "desc")
      .limit(1)
      .execute();
    expect(events).toEqual([{ type: "supplementResubmitted", from_status: 5, to_status: 1 }]);
  });
});

describe("returnResult (R-RES-1, R-STATUS-6)", () => {
  async function withResult() {
    const id = await inProcessing("2026-11-23T09:00:00", "2026-11-23T09:30:00");
    await actAs(
      handle.db,
      "leader",
      world.users["lanhdao.trungtam"]!,
      id,
      { type: "approveResult", documentRefs: ["GKS-2026-0001"] },
      at("2026-11-23T15:00:00"),
    );
    return id;
  }

  for (const channel of ["counter", "post", "online"] as const)
    it(`returns the result (${channel}) and closes the dossier: status 10`, async () => {
      const id = await withResult();
      const returned = await returnResult(handle.db, {
        actor: world.officer,
        dossierId: id,
        channel,
        now: at("2026-11-23T16:00:00"),
      });
      expect(returned.row.status).toBe(10);
      expect(returned.row.closed_at?.toISOString()).toBe(iso("2026-11-23T16:00:00"));
      expect(returned.row.returned_at?.toISOString()).toBe(iso("2026-11-23T16:00:00"));
      const event = await lastEvent(handle.db, id);
      expect(event).toMatchObject({ type: "resultReturned", from_status: 9, to_status: 10 });
      expect(event.payload).toEqual({ channel, onTime: true });
    });

  it("409 before a result exists, and TERMINAL_STATUS once returned", async () => {
    const id = await inProcessing("2026-11-23T09:00:00", "2026-11-23T09:30:00");
    const early = await returnResult(handle.db, {
      actor: world.officer,
      dossierId: id,
      channel: "counter",
      now: at("2026-11-23T10:00:00"),
    }).catch((e) => e);
    expect(early.code).toBe("TRANSITION_NOT_ALLOWED");
    const done = await withResult();
    await returnResult(handle.db, {
      actor: world.officer,
      dossierId: done,
      channel: "counter",
      now: at("2026-11-23T16:00:00"),
    });
    // R-PROC-5: returning the result closes the workflow's last open line of the control sheet.
    const open = await handle.db
      .selectFrom("tasks")
      .select("id")
      .where("dossier_id", "=", done)
      .where("status", "=", "open")
      .execute();
    expect(open).toEqual([]);
    const before = await footprint(handle.db, done);
    const again = await returnResult(handle.db, {
      actor: world.officer,
      dossierId: done,
      channel: "counter",
      now: at("2026-11-23T16:10:00"),
    }).catch((e) => e);
    expect(again).toBeInstanceOf(ConflictError);
    expect(again.code).toBe("TERMINAL_STATUS");
    expect(await footprint(handle.db, done)).toEqual(before);
  });
});

describe("confirmStop (R-STOP-1)", () => {
  async function withdrawn() {
    const id = await inProcessing("2026-11-23T09:00:00", "2026-11-23T09:30:00");
    await actAs(
      handle.db,
      "counterOfficer",
      world.officer.userId,
      id,
      { type: "requestWithdrawal", reason: "Người yêu cầu xin rút hồ sơ" },
      at("2026-11-23T10:00:00"),
    );
    return id;
  }

  it("issues the stop notice: status 8, closed", async () => {
    const id = await withdrawn();
    const stopped = await confirmStop(handle.db, {
      actor: world.officer,
      dossierId: id,
      noticeRef: "12/TB-DGQ",
      now: at("2026-11-23T11:00:00"),
    });
    expect(stopped.row.status).toBe(8);
    expect(stopped.row.closed_at?.toISOString()).toBe(iso("2026-11-23T11:00:00"));
    expect(await eventTypes(handle.db, id)).toEqual([
      "receivedOnPaper",
      "transferred",
      "withdrawalRequested",
      "stopped",
    ]);
    expect((await lastEvent(handle.db, id)).payload).toEqual({ noticeRef: "12/TB-DGQ" });
  });

  it("400 for a blank notice reference; 409 when no withdrawal was asked; nothing changes", async () => {
    const id = await withdrawn();
    const before = await footprint(handle.db, id);
    const blank = await confirmStop(handle.db, {
      actor: world.officer,
      dossierId: id,
      noticeRef: "  ",
      now: at("2026-11-23T11:00:00"),
    }).catch((e) => e);
    expect((blank as ValidationError).fields.map((field) => field.field)).toEqual(["noticeRef"]);
    expect(await footprint(handle.db, id)).toEqual(before);
    const running = await inProcessing("2026-11-23T09:00:00", "2026-11-23T09:30:00");
    const error = await confirmStop(handle.db, {
      actor: world.officer,
      dossierId: running,
      noticeRef: "13/TB-DGQ",
      now: at("2026-11-23T11:00:00"),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe("TRANSITION_NOT_ALLOWED");
  });
});
