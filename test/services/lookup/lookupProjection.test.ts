import { CompiledQuery, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { findActor } from "../../../src/services/accounts/actor.ts";
import { acceptDossier } from "../../../src/services/dossiers/counter/acceptDossier.ts";
import { returnResult } from "../../../src/services/dossiers/counter/returnResult.ts";
import { transferDossier } from "../../../src/services/dossiers/counter/transferDossier.ts";
import { approveResult } from "../../../src/services/dossiers/processing/approveResult.ts";
import { assignDossier } from "../../../src/services/dossiers/processing/assignDossier.ts";
import { forwardDossier } from "../../../src/services/dossiers/processing/forwardDossier.ts";
import { storeUpload } from "../../../src/services/files/storeUpload.ts";
import {
  LOOKUP_FROM_DOSSIERS_SQL,
  type LookupRow,
  lookupDossier,
  lookupParams,
  shapeLookup,
} from "../../../src/services/lookup/lookupDossier.ts";
import { seededRandom } from "../../../src/services/seed/history/planDossierLife.ts";
import { seedDemoHistory } from "../../../src/services/seed/history/seedDemoHistory.ts";
import {
  demoUserIds,
  limits,
  samplePdf,
  submitBirthRegistration,
  temporaryStorage,
} from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

const options = { publicUrl: "https://dichvucong.demo.gov.vn/", maskNames: false };

/**
 * Issue #21, R-LOOK-1, R-LOOK-2: the lookup reads the projection `dossier_lookup` (migration 0039), kept by the
 * writers' transactions. Property: after random lifecycles (the real commands, interleaved, each dossier stopped at
 * a random step), bulk-written history and renamed agencies and units, the projection holds exactly the row computed
 * from the dossier tables, and every lookup answers what the dossier tables answer.
 */
describe("the lookup projection (issue #21, R-LOOK-1, R-LOOK-2)", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
  });
  afterAll(async () => handle.close());

  async function expectProjectionConsistent(): Promise<number> {
    const projected = await handle.db.executeQuery<Record<string, unknown>>(
      CompiledQuery.raw("select * from dossier_lookup order by dossier_id"),
    );
    const computed = await handle.db.executeQuery<Record<string, unknown>>(
      CompiledQuery.raw("select * from dossier_lookup_source order by dossier_id"),
    );
    expect(projected.rows).toEqual(computed.rows);
    // The answers themselves, for a sample of the codes (every row was compared above).
    for (const row of projected.rows.filter(
      (_, index) => index % Math.ceil(projected.rows.length / 40) === 0,
    )) {
      const code = row.code as string;
      const fromTables = (
        await handle.db.executeQuery<LookupRow>(
          CompiledQuery.raw(LOOKUP_FROM_DOSSIERS_SQL, lookupParams(code)),
        )
      ).rows[0]!;
      const answer = await lookupDossier(handle.db, code.toLowerCase(), options);
      expect(JSON.stringify(answer)).toBe(JSON.stringify(shapeLookup(fromTables, options)));
    }
    return projected.rows.length;
  }

  it("equals the answer computed from the dossier tables after random lifecycles, bulk history and renames", async () => {
    const users = await demoUserIds(handle.db);
    const actor = async (username: string) => (await findActor(handle.db, users[username]!))!;
    const counter = await actor("motcua.trungtam");
    const head = await actor("truongphong.trungtam");
    const specialist = await actor("chuyenvien.trungtam");
    const leader = await actor("lanhdao.trungtam");
    const storage = temporaryStorage();
    const random = seededRandom(2126);
    const now = new Date("2026-11-23T09:00:00+07:00");
    const later = (hours: number) => new Date(now.getTime() + hours * 3_600_000);

    // Random lifecycles, interleaved: each dossier stops after a random number of its seven steps.
    const lives = Array.from({ length: 12 }, async (_, index) => {
      const stopAfter = Math.floor(random() * 8);
      const created = await submitBirthRegistration(handle.db, users["congdan.demo"]!, now, {
        applicant: { kind: "person", name: `Trần Thị Số ${index}`, idNumber: `0990900${1000 + index}` },
      });
      const dossierId = created.row.id;
      let version = created.row.version;
      const steps = [
        () =>
          acceptDossier(handle.db, { actor: counter, dossierId, expectedVersion: version, now: later(1) }),
        () =>
          transferDossier(handle.db, { actor: counter, dossierId, expectedVersion: version, now: later(2) }),
        () =>
          assignDossier(handle.db, {
            actor: head,
            dossierId,
            expectedVersion: version,
            now: later(3),
            assigneeId: specialist.userId,
          }),
        () =>
          forwardDossier(handle.db, {
            actor: specialist,
            dossierId,
            expectedVersion: version,
            now: later(4),
            opinion: "Đủ điều kiện",
          }),
        async () => {
          const upload = await storeUpload(handle.db, storage, {
            ownerUserId: leader.userId,
            fileName: "ket-qua.pdf",
            content: samplePdf(`kết quả ${index}`),
            now: later(5),
            limits,
          });
          return approveResult(handle.db, {
            actor: leader,
            dossierId,
            expectedVersion: version,
            now: later(5),
            uploadId: upload.id,
          });
        },
        () =>
          returnResult(handle.db, {
            actor: counter,
            dossierId,
            expectedVersion: version,
            now: later(6),
            channel: "counter",
          }),
      ];
      for (const step of steps.slice(0, stopAfter)) version = (await step()).row.version;
    });
    await Promise.all(lives);
    expect(await expectProjectionConsistent()).toBeGreaterThanOrEqual(12);

    // Months of history written in bulk (set-based statements, not the commands).
    await seedDemoHistory(handle.db, { now: later(24), months: 1, seed: 7 });
    expect(await expectProjectionConsistent()).toBeGreaterThan(50);

    // An agency and a unit renamed: every answer naming them changes in the same transaction.
    await handle.db
      .updateTable("agencies")
      .set({ name: "Ủy ban nhân dân phường Trung Tâm (mới)" })
      .where("code", "=", "000.20.01.H99")
      .execute();
    await handle.db
      .updateTable("units")
      .set({ name: sql<string>`name || ' – đổi tên'` })
      .where("agency_id", "in", (eb) =>
        eb.selectFrom("agencies").select("id").where("code", "=", "000.20.01.H99"),
      )
      .execute();
    await expectProjectionConsistent();
    const renamed = await handle.db.executeQuery<{ n: number }>(
      CompiledQuery.raw("select count(*)::int as n from dossier_lookup where agency_name like '%(mới)'"),
    );
    expect(renamed.rows[0]!.n).toBeGreaterThan(0);
  }, 180_000);
});
