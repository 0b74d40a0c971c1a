import type { Kysely } from "kysely";
import type { Database } from "../../../src/db/schema.ts";
import type { FileStorage } from "../../../src/integrations/storage/fileStorage.ts";
import { findActor } from "../../../src/services/accounts/actor.ts";
import { approveResult } from "../../../src/services/dossiers/processing/approveResult.ts";
import { assignDossier } from "../../../src/services/dossiers/processing/assignDossier.ts";
import { forwardDossier } from "../../../src/services/dossiers/processing/forwardDossier.ts";
import { runDossierCommand } from "../../../src/services/dossiers/runDossierCommand.ts";
import { storeUpload } from "../../../src/services/files/storeUpload.ts";
import { limits, samplePdf, submitBirthRegistration } from "../../support/dossierFixtures.ts";

/** A PDF in `storage` uploaded by `userId`, free to attach. */
export async function upload(
  db: Kysely<Database>,
  storage: FileStorage,
  userId: string,
  now: Date,
  name: string,
): Promise<string> {
  const stored = await storeUpload(db, storage, {
    ownerUserId: userId,
    fileName: name,
    content: samplePdf(`${name} ${now.toISOString()} ${Math.random()}`),
    now,
    limits,
  });
  return stored.id;
}

async function counterCommand(
  db: Kysely<Database>,
  dossierId: string,
  counter: string,
  type: "accept" | "transfer",
  now: Date,
) {
  await runDossierCommand(db, {
    dossierId,
    command: { type },
    actor: { role: "counterOfficer", id: counter },
    author: { userId: counter, role: "counter_officer" },
    now,
    authorize: () => {},
  });
}

/** The counter accepts an online dossier (it is then received: 766 populations count it). */
export async function accept(
  db: Kysely<Database>,
  users: Record<string, string>,
  dossierId: string,
  now: Date,
) {
  await counterCommand(db, dossierId, users["motcua.trungtam"]!, "accept", now);
}

/**
 * The demo citizen's birth registration (1.001193) at Phường Trung Tâm, every file's bytes in `storage` (the app's),
 * taken through the real lifecycle: accepted, processed, the birth certificate approved at `approvedAt` (so it lands
 * in the citizen's DataStore) and returned at the counter at `returnedAt` (the dossier is closed).
 */
export async function birthCertificateIssued(
  db: Kysely<Database>,
  storage: FileStorage,
  users: Record<string, string>,
  times: { submittedAt: Date; approvedAt: Date; returnedAt: Date },
): Promise<string> {
  const citizen = users["congdan.demo"]!;
  const files = [];
  for (const position of [0, 1, 2])
    files.push({
      componentPosition: position,
      uploadId: await upload(db, storage, citizen, times.submittedAt, `thanh-phan-${position}.pdf`),
    });
  const { row } = await submitBirthRegistration(db, citizen, times.submittedAt, { files });
  const counter = users["motcua.trungtam"]!;
  await counterCommand(db, row.id, counter, "accept", times.submittedAt);
  await counterCommand(db, row.id, counter, "transfer", times.submittedAt);
  const head = (await findActor(db, users["truongphong.trungtam"]!))!;
  const specialist = (await findActor(db, users["chuyenvien.trungtam"]!))!;
  const leader = (await findActor(db, users["lanhdao.trungtam"]!))!;
  const step = new Date(times.submittedAt.getTime() + 60_000);
  await assignDossier(db, { dossierId: row.id, actor: head, now: step, assigneeId: specialist.userId });
  await forwardDossier(db, { dossierId: row.id, actor: specialist, now: step, opinion: "Đủ điều kiện" });
  const uploadId = await upload(db, storage, leader.userId, times.approvedAt, "giay-khai-sinh.pdf");
  await approveResult(db, { dossierId: row.id, actor: leader, now: times.approvedAt, uploadId });
  await runDossierCommand(db, {
    dossierId: row.id,
    command: { type: "returnResult", channel: "counter" },
    actor: { role: "counterOfficer", id: counter },
    author: { userId: counter, role: "counter_officer" },
    now: times.returnedAt,
    authorize: () => {},
  });
  return row.id;
}
