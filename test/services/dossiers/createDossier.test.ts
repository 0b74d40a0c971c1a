import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { parseDossierCode } from "../../../src/domain/codes/dossierCode.ts";
import { createDossier } from "../../../src/services/dossiers/createDossier.ts";
import { nextDossierCode } from "../../../src/services/dossiers/nextDossierCode.ts";
import { runDossierCommand } from "../../../src/services/dossiers/runDossierCommand.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../../src/services/errors.ts";
import { storeUpload } from "../../../src/services/files/storeUpload.ts";
import {
  demoUserIds,
  limits,
  samplePdf,
  submitBirthRegistration,
  temporaryStorage,
} from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

// Monday 23 November 2026, 09:00 in the province.
const monday = new Date("2026-11-23T09:00:00+07:00");

describe("createDossier and runDossierCommand (issue #4 §2, DESIGN §3)", () => {
  let handle: DatabaseHandle;
  let users: Record<string, string>;
  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    users = await demoUserIds(handle.db);
  });
  afterAll(async () => handle.close());

  it("R-RECV-1, R-CODE-1: an online submission is status 1 with a code of the receiving agency and an 8-working-hour reception deadline", async () => {
    const { row, state } = await submitBirthRegistration(handle.db, users["congdan.demo"]!, monday);
    expect(row.status).toBe(1);
    expect(parseDossierCode(row.code)).toMatchObject({ agencyId: "000.20.01.H99", sequence: 1 });
    expect(row.code).toBe("000.20.01.H99-261123-0001");
    // Monday 09:00 + 8 working hours (07:00–11:30, 13:30–17:00) = Tuesday 09:00.
    expect(row.reception_due_at?.toISOString()).toBe(new Date("2026-11-24T09:00:00+07:00").toISOString());
    expect(state.receptionDueAt?.toISOString()).toBe(row.reception_due_at?.toISOString());
    expect(row.legal_time_amount).toBe(1);
    expect(row.legal_time_unit).toBe("wd");

    const events = await handle.db
      .selectFrom("dossier_events")
      .selectAll()
      .where("dossier_id", "=", row.id)
      .execute();
    expect(events).toMatchObject([{ sequence: 1, type: "submitted", from_status: null, to_status: 1 }]);
    const outbox = await handle.db
      .selectFrom("outbox")
      .selectAll()
      .where("dossier_id", "=", row.id)
      .execute();
    expect(outbox).toHaveLength(1);
    const files = await handle.db
      .selectFrom("dossier_files")
      .selectAll()
      .where("dossier_id", "=", row.id)
      .execute();
    expect(files).toHaveLength(3);
    expect(files.every((file) => file.media_type === "application/pdf")).toBe(true);
  });

  it("R-CAL-7: acceptance starts the processing clock on the agency calendar and appends event 2", async () => {
    const { row } = await submitBirthRegistration(handle.db, users["congdan.demo"]!, monday);
    const accepted = await runDossierCommand(handle.db, {
      dossierId: row.id,
      command: { type: "accept" },
      actor: { role: "counterOfficer", id: users["motcua.trungtam"]! },
      author: { userId: users["motcua.trungtam"]!, role: "counter_officer" },
      now: new Date("2026-11-23T10:00:00+07:00"),
      authorize: () => {},
    });
    expect(accepted.row.status).toBe(2);
    expect(accepted.row.version).toBe(2);
    // 1 working day from Monday 10:00 = Tuesday 10:00.
    expect(accepted.row.due_at?.toISOString()).toBe(new Date("2026-11-24T10:00:00+07:00").toISOString());
    const events = await handle.db
      .selectFrom("dossier_events")
      .select(["sequence", "type"])
      .where("dossier_id", "=", row.id)
      .orderBy("sequence")
      .execute();
    expect(events).toEqual([
      { sequence: 1, type: "submitted" },
      { sequence: 2, type: "accepted" },
    ]);
  });

  it("two officers acting on one dossier at once: exactly one wins, the other gets 409 and nothing of it is written", async () => {
    const { row } = await submitBirthRegistration(handle.db, users["congdan.demo"]!, monday);
    const act = (type: "accept" | "refuse") =>
      runDossierCommand(handle.db, {
        dossierId: row.id,
        command: type === "accept" ? { type } : { type, reasons: ["Hồ sơ không thuộc thẩm quyền"] },
        actor: { role: "counterOfficer", id: users["motcua.trungtam"]! },
        author: { userId: users["motcua.trungtam"]!, role: "counter_officer" },
        now: new Date("2026-11-23T10:00:00+07:00"),
        authorize: () => {},
        expectedVersion: 1,
      });
    const outcomes = await Promise.allSettled([act("accept"), act("refuse")]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const failed = outcomes.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(ConflictError);
    const events = await handle.db
      .selectFrom("dossier_events")
      .select("sequence")
      .where("dossier_id", "=", row.id)
      .execute();
    expect(events).toHaveLength(2);
  });

  it("R-CODE-1: 100 concurrent receptions in one agency get 100 distinct, consecutive codes", async () => {
    const now = new Date("2026-11-25T09:00:00+07:00");
    const officer = users["motcua.trungtam"]!;
    const storage = temporaryStorage();
    const scans: string[][] = [];
    for (let index = 0; index < 100; index++) {
      const ids: string[] = [];
      for (const position of [0, 1, 2]) {
        const upload = await storeUpload(handle.db, storage, {
          ownerUserId: officer,
          fileName: `scan-${index}-${position}.pdf`,
          content: samplePdf(`scan ${index} ${position}`),
          now,
          limits,
        });
        ids.push(upload.id);
      }
      scans.push(ids);
    }
    const receptions = scans.map((ids, index) =>
      createDossier(handle.db, {
        procedureCode: "1.001193",
        agencyCode: "000.20.02.H99",
        channel: "counter",
        applicant: { kind: "person", name: `Công dân ${index}`, idNumber: String(100000000000 + index) },
        formData: {},
        files: ids.map((uploadId, position) => ({ componentPosition: position, uploadId, digitized: true })),
        ownerUserId: null,
        uploaderUserId: officer,
        actor: { role: "counterOfficer", id: officer },
        author: { userId: officer, role: "counter_officer" },
        now,
        limits,
      }),
    );
    const created = await Promise.all(receptions);
    const sequences = created
      .map((record) => parseDossierCode(record.row.code)!.sequence)
      .sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
    expect(created.every((record) => record.row.code.startsWith("000.20.02.H99-261125-"))).toBe(true);
    expect(created.every((record) => record.row.status === 2)).toBe(true);
    // Issue #21: the number is taken last; the dossier and its events' outbox messages carry it, never the pending one.
    const stored = await handle.db
      .selectFrom("dossiers")
      .leftJoin("outbox", "outbox.dossier_id", "dossiers.id")
      .select(["dossiers.id", "dossiers.code", "outbox.payload"])
      .where(
        "dossiers.id",
        "in",
        created.map((record) => record.row.id),
      )
      .execute();
    for (const record of created) {
      const rows = stored.filter((row) => row.id === record.row.id);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.code).toBe(record.row.code);
        expect((row.payload as unknown as { code: string }).code).toBe(record.row.code);
      }
    }
  });

  it("R-CODE-1, issue #21: a reception whose transaction fails after its number was taken leaves no gap", async () => {
    const now = new Date("2026-11-27T09:00:00+07:00");
    const officer = users["motcua.trungtam"]!;
    const storage = temporaryStorage();
    const reception = (index: number) =>
      counterReception(handle.db, storage, { now, officer, index, label: "late", idBase: 200000000000 });
    const first = await createDossier(handle.db, await reception(1));
    const failing = await reception(2);
    let takenByTheFailure = "";
    await expect(
      handle.db.transaction().execute(async (trx) => {
        takenByTheFailure = (await createDossier(trx, failing)).row.code;
        throw new Error("the reception failed after taking its number");
      }),
    ).rejects.toThrow("after taking its number");
    // Several at once after the failure: they take the numbers from the one the failure gave back, without a gap.
    const next = await Promise.all(
      [3, 4, 5].map(async (index) => createDossier(handle.db, await reception(index))),
    );
    expect(first.row.code).toBe("000.20.02.H99-261127-0001");
    expect(takenByTheFailure).toBe("000.20.02.H99-261127-0002");
    expect(next.map((record) => record.row.code).sort()).toEqual([
      "000.20.02.H99-261127-0002",
      "000.20.02.H99-261127-0003",
      "000.20.02.H99-261127-0004",
    ]);
    const pending = await handle.db
      .selectFrom("dossiers")
      .select("id")
      .where("code", "like", "~pending~%")
      .execute();
    expect(pending).toEqual([]);
  });

  it("R-CODE-1, issue #21: the caller's writes before the code see the pending code, their messages get the real one, and a failure there takes no number", async () => {
    const now = new Date("2026-11-30T09:00:00+07:00");
    const officer = users["motcua.trungtam"]!;
    const storage = temporaryStorage();
    const reception = (index: number) =>
      counterReception(handle.db, storage, { now, officer, index, label: "hook", idBase: 300000000000 });
    const seen: string[] = [];
    const first = await createDossier(handle.db, {
      ...(await reception(1)),
      beforeCode: async (_trx, record) => {
        seen.push(record.row.code);
        return {
          outbox: (code) => [
            { topic: "test.beforeCode", dossier_id: record.row.id, payload: JSON.stringify({ code }) },
          ],
        };
      },
    });
    expect(first.row.code).toBe("000.20.02.H99-261130-0001");
    // The caller saw the pending code, never a number; its message was written with the real code, after the
    // dossier's own (the outbox keeps the order of what happened).
    expect(seen).toEqual([`~pending~${first.row.id}`]);
    const messages = await handle.db
      .selectFrom("outbox")
      .select(["topic", "payload"])
      .where("dossier_id", "=", first.row.id)
      .orderBy("id")
      .execute();
    expect(messages.map((message) => message.topic)).toEqual(["dossier.event", "test.beforeCode"]);
    expect(messages.map((message) => (message.payload as { code?: string }).code)).toEqual([
      first.row.code,
      first.row.code,
    ]);
    // The caller's writes fail: nothing of the reception is kept and no number was taken, so the next one follows.
    const failing = await reception(2);
    await expect(
      createDossier(handle.db, {
        ...failing,
        beforeCode: async () => {
          throw new Error("the caller's writes failed");
        },
      }),
    ).rejects.toThrow("the caller's writes failed");
    const next = await createDossier(handle.db, await reception(3));
    expect(next.row.code).toBe("000.20.02.H99-261130-0002");
    const kept = await handle.db
      .selectFrom("dossiers")
      .select("id")
      .where("applicant_id_number", "=", failing.applicant.idNumber)
      .execute();
    expect(kept).toEqual([]);
  });

  it("R-CODE-1: a reception whose transaction rolls back gives its number back (no gap)", async () => {
    const now = new Date("2026-11-26T09:00:00+07:00");
    const agency = await handle.db
      .selectFrom("agencies")
      .select(["id", "code"])
      .where("code", "=", "000.20.03.H99")
      .executeTakeFirstOrThrow();
    const first = await handle.db.transaction().execute((trx) => nextDossierCode(trx, agency, now));
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await nextDossierCode(trx, agency, now);
        throw new Error("the reception failed after taking a number");
      }),
    ).rejects.toThrow("the reception failed");
    const next = await handle.db.transaction().execute((trx) => nextDossierCode(trx, agency, now));
    expect(first).toBe("000.20.03.H99-261126-0001");
    expect(next).toBe("000.20.03.H99-261126-0002");
  });

  it("R-SUB-1: a missing required component is refused per field, in Vietnamese", async () => {
    const error = await submitBirthRegistration(handle.db, users["congdan.demo"]!, monday, {
      files: [],
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    const fields = (error as ValidationError).fields;
    expect(fields.map((field) => field.field)).toEqual([
      "files.component.0",
      "files.component.1",
      "files.component.2",
    ]);
    expect(fields[0]!.message.vi).toContain("Thiếu thành phần hồ sơ bắt buộc");
  });

  it("a retried submission with the same Idempotency-Key returns the same dossier; a different request with it is 409", async () => {
    const citizen = users["congdan.demo"]!;
    const storage = temporaryStorage();
    const files = [];
    for (const position of [0, 1, 2]) {
      const upload = await storeUpload(handle.db, storage, {
        ownerUserId: citizen,
        fileName: "a.pdf",
        content: samplePdf(`idem ${position}`),
        now: monday,
        limits,
      });
      files.push({ componentPosition: position, uploadId: upload.id });
    }
    const first = await submitBirthRegistration(handle.db, citizen, monday, {
      files,
      idempotencyKey: "key-1",
    });
    const retried = await submitBirthRegistration(handle.db, citizen, monday, {
      files,
      idempotencyKey: "key-1",
    });
    expect(retried.row.id).toBe(first.row.id);
    await expect(
      submitBirthRegistration(handle.db, citizen, monday, {
        files,
        idempotencyKey: "key-1",
        summary: "khác",
      }),
    ).rejects.toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED" });
  });

  it("refuses an offering that does not exist with 404 and writes nothing", async () => {
    const before = await handle.db
      .selectFrom("dossiers")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    await expect(
      submitBirthRegistration(handle.db, users["congdan.demo"]!, monday, { agencyCode: "000.00.13.H99" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const after = await handle.db
      .selectFrom("dossiers")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

/** A counter reception of 1.001193 at 000.20.02.H99 with three scanned files, as the code-counter tests file it. */
async function counterReception(
  db: DatabaseHandle["db"],
  storage: ReturnType<typeof temporaryStorage>,
  input: { now: Date; officer: string; index: number; label: string; idBase: number },
) {
  const { now, officer, index, label } = input;
  const files = [];
  for (const position of [0, 1, 2]) {
    const upload = await storeUpload(db, storage, {
      ownerUserId: officer,
      fileName: `${label}-${index}-${position}.pdf`,
      content: samplePdf(`${label} ${index} ${position}`),
      now,
      limits,
    });
    files.push({ componentPosition: position, uploadId: upload.id, digitized: true });
  }
  return {
    procedureCode: "1.001193",
    agencyCode: "000.20.02.H99",
    channel: "counter" as const,
    applicant: {
      kind: "person" as const,
      name: `Người nộp ${index}`,
      idNumber: String(input.idBase + index),
    },
    formData: {},
    files,
    ownerUserId: null,
    uploaderUserId: officer,
    actor: { role: "counterOfficer" as const, id: officer },
    author: { userId: officer, role: "counter_officer" as const },
    now,
    limits,
  };
}
