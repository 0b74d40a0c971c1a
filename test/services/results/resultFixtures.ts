import type { Kysely } from "kysely";
import type { Database } from "../../../src/db/schema.ts";
import type { Actor } from "../../../src/services/accounts/actor.ts";
import { approveResult } from "../../../src/services/dossiers/processing/approveResult.ts";
import { assignDossier } from "../../../src/services/dossiers/processing/assignDossier.ts";
import { forwardDossier } from "../../../src/services/dossiers/processing/forwardDossier.ts";
import { storeUpload } from "../../../src/services/files/storeUpload.ts";
import { limits, samplePdf, temporaryStorage } from "../../support/dossierFixtures.ts";
import { actorNamed, at, dossierInProcessing } from "../dossiers/processing/processingFixtures.ts";

export interface ApprovedDossier {
  dossierId: string;
  /** The result file's bytes as the leader uploaded them. */
  content: Uint8Array;
  leader: Actor;
}

/** A dossier taken through the demo workflow to the approval step on `day`: accepted, assigned and forwarded. */
export async function dossierAtApproval(db: Kysely<Database>, users: Record<string, string>, day: string) {
  const dossierId = await dossierInProcessing(db, users, at(`${day}T09:00`));
  const head = await actorNamed(db, users, "truongphong.trungtam");
  const specialist = await actorNamed(db, users, "chuyenvien.trungtam");
  const leader = await actorNamed(db, users, "lanhdao.trungtam");
  await assignDossier(db, {
    dossierId,
    actor: head,
    now: at(`${day}T09:30`),
    assigneeId: specialist.userId,
  });
  await forwardDossier(db, {
    dossierId,
    actor: specialist,
    now: at(`${day}T09:45`),
    opinion: "Đủ điều kiện",
  });
  return { dossierId, leader };
}

/** The leader's result PDF, uploaded and free to attach. */
export async function resultUpload(db: Kysely<Database>, leader: Actor, when: Date, text: string) {
  const content = samplePdf(`Giấy khai sinh ${text}`);
  const upload = await storeUpload(db, temporaryStorage(), {
    ownerUserId: leader.userId,
    fileName: "giay-khai-sinh.pdf",
    content,
    now: when,
    limits,
  });
  return { uploadId: upload.id, content };
}

/**
 * A dossier taken through the demo workflow to approval on `day` (province time): accepted and transferred at 09:00,
 * assigned, forwarded and approved by the demo leader at 10:00 with a PDF result.
 */
export async function approvedDossier(
  db: Kysely<Database>,
  users: Record<string, string>,
  day = "2026-11-23",
): Promise<ApprovedDossier> {
  const { dossierId, leader } = await dossierAtApproval(db, users, day);
  const { uploadId, content } = await resultUpload(db, leader, at(`${day}T10:00`), dossierId);
  await approveResult(db, { dossierId, actor: leader, now: at(`${day}T10:00`), uploadId });
  return { dossierId, content, leader };
}
