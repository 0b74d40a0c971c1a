import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { storeIssuedResult } from "../../../src/services/dataStore/storeIssuedResult.ts";
import { demoUserIds } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";
import { at } from "../dossiers/processing/processingFixtures.ts";
import { approvedDossier } from "../results/resultFixtures.ts";

let handle: DatabaseHandle;
let users: Record<string, string>;

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  users = await demoUserIds(handle.db);
}, 120_000);
afterAll(async () => handle.close());

const documentsOf = (dossierId: string) =>
  handle.db
    .selectFrom("data_store_documents")
    .selectAll()
    .where("source_dossier_id", "=", dossierId)
    .orderBy("source")
    .execute();
const logOf = (dossierId: string) =>
  handle.db.selectFrom("data_store_access_log").selectAll().where("dossier_id", "=", dossierId).execute();

describe("the approval stores the result and the received components in one statement (R-KHO-1, issue #21)", () => {
  it("re-registration of a birth (1.004884): the certificate and the GT02 birth paper, each with its 'stored' line (R-KHO-1, R-RES-2)", async () => {
    const { dossierId } = await approvedDossier(handle.db, users, "2026-11-24");
    const issued = await handle.db
      .selectFrom("issued_results")
      .select(["file_id", "verification_code"])
      .where("dossier_id", "=", dossierId)
      .executeTakeFirstOrThrow();
    const dossier = await handle.db
      .selectFrom("dossiers")
      .select(["code", "owner_user_id"])
      .where("id", "=", dossierId)
      .executeTakeFirstOrThrow();
    const documents = await documentsOf(dossierId);
    expect(documents.map((d) => [d.source, d.document_type])).toEqual([
      ["component", "GIAY_KHAI_SINH"],
      ["result", "GIAY_KHAI_SINH"],
    ]);
    const [component, result] = documents;
    expect(result).toMatchObject({
      owner_user_id: dossier.owner_user_id,
      source_file_id: issued.file_id,
      verification_code: issued.verification_code,
      component_code: null,
      source_dossier_code: dossier.code,
      procedure_code: "1.004884",
      revoked_at: null,
    });
    expect(component).toMatchObject({ component_code: "GT02", verification_code: null });
    const file = await handle.db
      .selectFrom("dossier_files")
      .select(["sha256", "size_bytes", "file_name", "media_type", "storage_key"])
      .where("id", "=", component!.source_file_id)
      .executeTakeFirstOrThrow();
    expect(component).toMatchObject(file);
    expect(result!.added_at).toEqual(at("2026-11-24T10:00"));

    const log = await logOf(dossierId);
    expect(log.map((line) => line.document_id).sort()).toEqual(documents.map((d) => d.id).sort());
    for (const line of log)
      expect(line).toMatchObject({
        owner_user_id: dossier.owner_user_id,
        action: "stored",
        actor_kind: "system",
        actor_name: "OneStop",
        actor_user_id: null,
        dossier_code: dossier.code,
        at: at("2026-11-24T10:00"),
      });
  });

  it("stores nothing twice: documents already in the store get neither a second entry nor a second line (R-KHO-1)", async () => {
    const { dossierId } = await approvedDossier(handle.db, users, "2026-11-25");
    const issued = await handle.db
      .selectFrom("issued_results")
      .select(["file_id", "verification_code"])
      .where("dossier_id", "=", dossierId)
      .executeTakeFirstOrThrow();
    const before = { documents: await documentsOf(dossierId), log: await logOf(dossierId) };
    expect(before.documents).toHaveLength(2);
    await handle.db.transaction().execute((trx) =>
      storeIssuedResult(trx, {
        dossierId,
        fileId: issued.file_id,
        verificationCode: issued.verification_code,
        now: at("2026-11-26T10:00"),
      }),
    );
    expect(await documentsOf(dossierId)).toEqual(before.documents);
    expect(await logOf(dossierId)).toEqual(before.log);
  });
});
