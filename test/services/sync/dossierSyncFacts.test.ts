import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import type { Database } from "../../../src/db/schema.ts";
import { loadDossierSyncFacts, loadHandoverFacts } from "../../../src/services/sync/dossierSyncFacts.ts";
import { demoUserIds } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";
import { at, dossierInProcessing } from "../dossiers/processing/processingFixtures.ts";

// The facts R-SYNC-2 and R-SYNC-4 put in the national portal's packets, read in one statement each (issue #21).

let handle: DatabaseHandle;
let db: Kysely<Database>;
let dossierId: string;
let users: Record<string, string>;

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  db = handle.db;
  users = await demoUserIds(db);
  dossierId = await dossierInProcessing(db, users, at("2026-11-23T09:00"));
});

afterAll(async () => {
  await handle?.close();
});

describe("a dossier's sync facts (R-SYNC-2)", () => {
  it("carry its files, the procedure's fees in their order, and a payment confirmed by the payment system", async () => {
    const dossier = await db
      .selectFrom("dossiers")
      .select(["procedure_id", "agency_id", "version", "code"])
      .where("id", "=", dossierId)
      .executeTakeFirstOrThrow();
    await db.deleteFrom("procedure_fees").where("procedure_id", "=", dossier.procedure_id).execute();
    await db
      .insertInto("procedure_fees")
      .values([
        {
          procedure_id: dossier.procedure_id,
          position: 1,
          code: "LP2",
          name: "Lệ phí thứ hai",
          amount_vnd: 20000,
          description: "",
        },
        {
          procedure_id: dossier.procedure_id,
          position: 0,
          code: "LP1",
          name: "Lệ phí thứ nhất",
          amount_vnd: 8000,
          description: "",
        },
      ])
      .execute();
    const last = await db
      .selectFrom("dossier_events")
      .select((eb) => eb.fn.max("sequence").as("sequence"))
      .where("dossier_id", "=", dossierId)
      .executeTakeFirstOrThrow();
    await db
      .insertInto("dossier_events")
      .values({
        dossier_id: dossierId,
        sequence: Number(last.sequence) + 1,
        agency_id: dossier.agency_id,
        type: "paymentConfirmed",
        at: at("2026-11-23T10:00"),
        actor_user_id: null,
        actor_role: "payment_system",
        from_status: 4,
        to_status: 4,
        step: null,
        payload: JSON.stringify({}),
      })
      .execute();

    const facts = await loadDossierSyncFacts(db, dossierId, "https://dichvucong.example/");
    const files = await db
      .selectFrom("dossier_files")
      .select(["id", "file_name"])
      .where("dossier_id", "=", dossierId)
      .where("purpose", "=", "component")
      .execute();
    expect(files.length).toBeGreaterThan(0);
    expect(facts).toMatchObject({
      code: dossier.code,
      procedureCode: "1.004884",
      status: 4,
      fees: [
        { code: "LP1", name: "Lệ phí thứ nhất", amount: 8000, paidOnline: true },
        { code: "LP2", name: "Lệ phí thứ hai", amount: 20000, paidOnline: true },
      ],
      paymentConfirmations: [{ by: "paymentSystem" }],
      supplements: [],
      results: [],
      refusedAt: null,
    });
    expect(facts!.files.map((file) => file.name).sort()).toEqual(files.map((file) => file.file_name).sort());
    for (const file of facts!.files)
      expect(file.url).toBe(`https://dichvucong.example/api/dossiers/${dossierId}/files/${file.id}`);
  });

  it("are absent for an unknown dossier", async () => {
    expect(await loadDossierSyncFacts(db, "00000000-0000-4000-8000-000000000000", "")).toBeUndefined();
  });
});

describe("a handover's facts (R-SYNC-4)", () => {
  it("name the step's deadline from the task open at the handover", async () => {
    const transfer = await db
      .selectFrom("dossier_events")
      .select(["sequence", "at"])
      .where("dossier_id", "=", dossierId)
      .where("type", "=", "transferred")
      .executeTakeFirstOrThrow();
    const task = await db
      .selectFrom("tasks")
      .select(["due_at"])
      .where("dossier_id", "=", dossierId)
      .where("created_at", "<=", transfer.at)
      .orderBy("created_at", "desc")
      .executeTakeFirst();
    const facts = await loadHandoverFacts(db, dossierId, transfer.sequence);
    expect(facts).toMatchObject({ status: 4, at: transfer.at, stepStartedAt: transfer.at });
    const dossier = await db
      .selectFrom("dossiers")
      .select("due_at")
      .where("id", "=", dossierId)
      .executeTakeFirstOrThrow();
    expect(facts!.stepDueAt).toEqual(task?.due_at ?? dossier.due_at);
    expect(facts!.stepDueAt).not.toBeNull();
  });
});
