import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import type { Actor } from "../../../src/services/accounts/actor.ts";
import { findDossier } from "../../../src/services/dossiers/dossierStore.ts";
import { submitForCitizen } from "../../../src/services/postal/submitForCitizen.ts";
import { demoUserIds, limits } from "../../support/dossierFixtures.ts";
import { statementLog } from "../../support/statementLog.ts";
import { holdTableLock, untilBlocked, within10s } from "../../support/tableLock.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";
import { actorNamed, uploadPdf } from "../dossiers/processing/processingFixtures.ts";

// Tuesday 24 November 2026, 10:00 in the province.
const now = new Date("2026-11-24T10:00:00+07:00");

/**
 * Issue #21 (R-CODE-1): a postal worker's filing for a citizen (R-SUB-2) writes the consent, its event and the
 * result-by-post order before the dossier takes its number, so the agency's per-day counter is held only for the
 * end of the transaction; the codes stay consecutive, and everything that carries the code carries the real one.
 */
describe("submitForCitizen: the dossier code taken last (issue #21, R-CODE-1, R-SUB-2)", () => {
  let handle: DatabaseHandle;
  let staff: Actor;
  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    const users = await demoUserIds(handle.db);
    staff = await actorNamed(handle.db, users, "buudien.trungtam");
    // The e-form is not what these tests are about: the birth registration takes any form data here.
    await handle.db
      .updateTable("procedure_offerings")
      .set({
        form_schema: JSON.stringify({
          type: "object",
          properties: { tenTre: { type: "string", title: "Tên trẻ" } },
        }),
      })
      .execute();
  });
  afterAll(async () => handle.close());

  const filing = async (index: number) => {
    const files = [];
    for (const position of [0, 1, 2])
      files.push({ componentPosition: position, uploadId: await uploadPdf(handle.db, staff, now) });
    return {
      actor: staff,
      procedureCode: "1.001193",
      agencyCode: "000.20.01.H99",
      citizen: {
        name: `Nguyễn Văn Bưu ${index}`,
        idNumber: String(199090000000 + index),
        phone: "0912345678",
        address: "12 Lê Lợi, Phường Trung Tâm, Tỉnh Demo",
      },
      consent: { method: "signed_form" as const, reference: `PĐN-2026-${index}`, confirmed: true },
      formData: { tenTre: "Nguyễn Minh Khang" },
      files,
      resultByPost: {
        name: `Nguyễn Văn Bưu ${index}`,
        phone: "0912345678",
        address: "12 Lê Lợi, Phường Trung Tâm, Tỉnh Demo",
      },
      now,
      limits,
    };
  };

  /** The dossier, its events and its outbox messages in the outbox's order, as stored. */
  const stored = async (dossierId: string) => ({
    dossier: await handle.db
      .selectFrom("dossiers")
      .selectAll()
      .where("id", "=", dossierId)
      .executeTakeFirstOrThrow(),
    events: await handle.db
      .selectFrom("dossier_events")
      .select(["sequence", "type", "payload"])
      .where("dossier_id", "=", dossierId)
      .orderBy("sequence")
      .execute(),
    outbox: await handle.db
      .selectFrom("outbox")
      .select(["event_sequence", "payload"])
      .where("dossier_id", "=", dossierId)
      .orderBy("id")
      .execute(),
  });

  it("the counter is the transaction's last write, after the consent, its event and the order by post", async () => {
    const { db, statements } = statementLog(handle.db);
    const record = await submitForCitizen(db, await filing(1));
    // The counter, then one statement writing the code into the dossier and the outbox messages, then the commit.
    const counter = statements.findIndex((text) => text.includes('"dossier_code_counters"'));
    expect(counter, statements.join("\n")).toBe(statements.length - 2);
    expect(statements.at(-1)).toMatch(/update "dossiers" set "code".*insert into "outbox"/s);
    for (const write of [
      'update "postal_consents"',
      'insert into "dossier_events"',
      'insert into "postal_orders"',
    ]) {
      const at = statements.findIndex((text) => text.includes(write));
      expect(at, write).toBeGreaterThan(-1);
      expect(at, write).toBeLessThan(counter);
    }

    // The real code everywhere: the dossier, every outbox message (the consent's event after the dossier's own, in
    // sequence order); the consent and the order point at the dossier; the record returned is the stored one.
    expect(record.row.code).toMatch(/^[^~]+-261124-\d{4}$/);
    const { dossier, events, outbox } = await stored(record.row.id);
    expect(dossier.code).toBe(record.row.code);
    expect(events.map((event) => event.type)).toEqual(["submitted", "postalConsentRecorded"]);
    expect(outbox.map((message) => message.event_sequence)).toEqual([1, 2]);
    expect(outbox.map((message) => (message.payload as { code?: string }).code)).toEqual([
      record.row.code,
      record.row.code,
    ]);
    expect(outbox[1]!.payload).toMatchObject({
      type: "postalConsentRecorded",
      sequence: 2,
      dossierId: dossier.id,
    });
    expect(record).toEqual(await findDossier(handle.db, record.row.id));
    const consent = await handle.db
      .selectFrom("postal_consents")
      .select("dossier_id")
      .where("reference", "=", "PĐN-2026-1")
      .executeTakeFirstOrThrow();
    expect(consent.dossier_id).toBe(dossier.id);
    const order = await handle.db
      .selectFrom("postal_orders")
      .select(["kind", "agency_id"])
      .where("dossier_id", "=", dossier.id)
      .executeTakeFirstOrThrow();
    expect(order).toEqual({ kind: "result_delivery", agency_id: dossier.agency_id });
  });

  it.skipIf(!inject("templateDatabaseUrl"))(
    "PostgreSQL: a filing stuck writing its order by post does not hold the agency's counter",
    async () => {
      // Another transaction keeps orders by post from being written, so filing A waits there…
      const holder = await holdTableLock(handle.db, "postal_orders");
      try {
        const withOrder = await filing(20);
        const withoutOrder = { ...(await filing(21)), resultByPost: undefined };
        const a = submitForCitizen(handle.db, withOrder);
        await untilBlocked(handle.db, 'insert into "postal_orders"', "filing A");
        // …while filing B, same agency and day, without an order by post, takes its number and commits.
        const b = await within10s(
          submitForCitizen(handle.db, withoutOrder),
          "filing B queued behind A's counter",
        );
        holder.release();
        const first = await a;
        // A takes the next number once it can write: consecutive, no gap (R-CODE-1).
        const sequenceOf = (code: string) => Number(code.split("-").at(-1));
        expect(sequenceOf(first.row.code)).toBe(sequenceOf(b.row.code) + 1);
      } finally {
        holder.release();
        await holder.done;
      }
    },
  );

  it("filings at once get consecutive codes, and no pending code is left anywhere", async () => {
    const before = await submitForCitizen(handle.db, await filing(10));
    const inputs = await Promise.all([11, 12, 13, 14].map(filing));
    const records = await Promise.all(inputs.map((input) => submitForCitizen(handle.db, input)));
    const sequenceOf = (code: string) => Number(code.split("-").at(-1));
    const first = sequenceOf(before.row.code);
    expect(records.map((record) => sequenceOf(record.row.code)).sort((a, b) => a - b)).toEqual([
      first + 1,
      first + 2,
      first + 3,
      first + 4,
    ]);
    const counter = await handle.db
      .selectFrom("dossier_code_counters")
      .select("last_sequence")
      .where("agency_id", "=", before.row.agency_id)
      .where("day", "=", "2026-11-24")
      .executeTakeFirstOrThrow();
    expect(counter.last_sequence).toBe(first + 4);
    for (const record of [before, ...records]) {
      const { dossier, outbox } = await stored(record.row.id);
      expect(dossier.code).toBe(record.row.code);
      expect(outbox.map((message) => (message.payload as { code?: string }).code)).toEqual([
        record.row.code,
        record.row.code,
      ]);
    }
    const pending = await handle.db
      .selectFrom("outbox")
      .select("id")
      .where((eb) => eb(eb.cast("payload", "text"), "like", "%~pending~%"))
      .execute();
    expect(pending).toEqual([]);
    expect(
      await handle.db.selectFrom("dossiers").select("id").where("code", "like", "~pending~%").execute(),
    ).toEqual([]);
  });
});
