import type { Kysely } from "kysely";
import type { Database } from "../../../src/db/schema.ts";
import { approveResult } from "../../../src/services/dossiers/processing/approveResult.ts";
import { assignDossier } from "../../../src/services/dossiers/processing/assignDossier.ts";
import { forwardDossier } from "../../../src/services/dossiers/processing/forwardDossier.ts";
import { runDossierCommand } from "../../../src/services/dossiers/runDossierCommand.ts";
import { actorNamed, dossierInProcessing, uploadPdf } from "../dossiers/processing/processingFixtures.ts";

export { actorNamed, at } from "../dossiers/processing/processingFixtures.ts";

/**
 * A dossier of Đăng ký lại khai sinh (1.004884, 5 working days) at Phường Trung Tâm by the demo citizen, taken through
 * the real lifecycle: accepted and transferred at `acceptedAt`, assigned and forwarded, the result approved at
 * `approvedAt` (status 9) and, when given, returned at the counter at `returnedAt` (status 10).
 */
export async function dossierThroughLifecycle(
  db: Kysely<Database>,
  users: Record<string, string>,
  times: { acceptedAt: Date; approvedAt?: Date; returnedAt?: Date },
): Promise<string> {
  const dossierId = await dossierInProcessing(db, users, times.acceptedAt);
  if (times.approvedAt === undefined) return dossierId;
  const head = await actorNamed(db, users, "truongphong.trungtam");
  const specialist = await actorNamed(db, users, "chuyenvien.trungtam");
  const leader = await actorNamed(db, users, "lanhdao.trungtam");
  const step = new Date(times.acceptedAt.getTime() + 60_000);
  await assignDossier(db, { dossierId, actor: head, now: step, assigneeId: specialist.userId });
  await forwardDossier(db, { dossierId, actor: specialist, now: step, opinion: "Đủ điều kiện" });
  const uploadId = await uploadPdf(db, leader, times.approvedAt);
  await approveResult(db, { dossierId, actor: leader, now: times.approvedAt, uploadId });
  if (times.returnedAt === undefined) return dossierId;
  const counter = users["motcua.trungtam"] as string;
  await runDossierCommand(db, {
    dossierId,
    command: { type: "returnResult", channel: "counter" },
    actor: { role: "counterOfficer", id: counter },
    author: { userId: counter, role: "counter_officer" },
    now: times.returnedAt,
    authorize: () => {},
  });
  return dossierId;
}
