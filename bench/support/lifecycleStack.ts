/**
 * Our side of the lifecycle benchmark: the real use cases (src/services/dossiers), called as the routes call them,
 * by the real demo actors, with the controlled clock.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../src/db/schema.ts";
import type { FileStorage } from "../../src/integrations/storage/fileStorage.ts";
import { submitOnlineDossier } from "../../src/services/dossiers/applicant/submitOnlineDossier.ts";
import { acceptDossier } from "../../src/services/dossiers/counter/acceptDossier.ts";
import { returnResult } from "../../src/services/dossiers/counter/returnResult.ts";
import { transferDossier } from "../../src/services/dossiers/counter/transferDossier.ts";
import { approveResult } from "../../src/services/dossiers/processing/approveResult.ts";
import { assignDossier } from "../../src/services/dossiers/processing/assignDossier.ts";
import { forwardDossier } from "../../src/services/dossiers/processing/forwardDossier.ts";
import { storeUpload } from "../../src/services/files/storeUpload.ts";
import { BENCH_AGENCY, BENCH_PROCEDURE, samplePdf } from "./benchDatabase.ts";
import { type BenchActors, CLOCK, type LifecycleDriver } from "./lifecycle.ts";

export const LIMITS = { maxFileBytes: 20 * 1_048_576, maxDossierBytes: 100 * 1_048_576 };

export function stackDriver(
  db: Kysely<Database>,
  actors: BenchActors,
  storage: FileStorage,
  tag: string,
): LifecycleDriver {
  const { citizen, counter, head, specialist, leader } = actors;
  return async (index, step) => {
    const created = await step("submit", () =>
      submitOnlineDossier(db, {
        actor: citizen,
        procedureCode: BENCH_PROCEDURE,
        agencyCode: BENCH_AGENCY,
        formData: { ghiChu: `hồ sơ ${tag}-${index}` },
        files: [],
        now: CLOCK.submit,
        limits: LIMITS,
      }),
    );
    const dossierId = created.row.id;
    let version = created.row.version;
    const accepted = await step("accept", () =>
      acceptDossier(db, { actor: counter, dossierId, expectedVersion: version, now: CLOCK.accept }),
    );
    version = accepted.row.version;
    const transferred = await step("transfer", () =>
      transferDossier(db, { actor: counter, dossierId, expectedVersion: version, now: CLOCK.transfer }),
    );
    version = transferred.row.version;
    const assigned = await step("assign", () =>
      assignDossier(db, {
        actor: head,
        dossierId,
        expectedVersion: version,
        now: CLOCK.assign,
        assigneeId: specialist.userId,
      }),
    );
    version = assigned.row.version;
    const forwarded = await step("forward", () =>
      forwardDossier(db, {
        actor: specialist,
        dossierId,
        expectedVersion: version,
        now: CLOCK.forward,
        opinion: "Hồ sơ đủ điều kiện, đề nghị phê duyệt",
      }),
    );
    version = forwarded.row.version;
    const approved = await step("approve", async () => {
      const upload = await storeUpload(db, storage, {
        ownerUserId: leader.userId,
        fileName: "ket-qua.pdf",
        content: samplePdf(`ket qua ${tag}-${index}`),
        now: CLOCK.approve,
        limits: LIMITS,
      });
      return approveResult(db, {
        actor: leader,
        dossierId,
        expectedVersion: version,
        now: CLOCK.approve,
        uploadId: upload.id,
      });
    });
    version = approved.row.version;
    const returned = await step("return", () =>
      returnResult(db, {
        actor: counter,
        dossierId,
        expectedVersion: version,
        now: CLOCK.return,
        channel: "counter",
      }),
    );
    if (returned.row.status !== 10)
      throw new Error(`dossier ${dossierId} ended at status ${returned.row.status}`);
  };
}
