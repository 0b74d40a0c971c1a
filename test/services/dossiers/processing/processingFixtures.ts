import type { Kysely } from "kysely";
import type { Database } from "../../../../src/db/schema.ts";
import { type Actor, findActor } from "../../../../src/services/accounts/actor.ts";
import { runDossierCommand } from "../../../../src/services/dossiers/runDossierCommand.ts";
import { storeUpload } from "../../../../src/services/files/storeUpload.ts";
import {
  limits,
  samplePdf,
  submitBirthRegistration,
  temporaryStorage,
} from "../../../support/dossierFixtures.ts";

/** Province time, e.g. at("2026-11-23T09:00") = Monday 23 November 2026, 09:00 in Asia/Ho_Chi_Minh. */
export const at = (local: string) => new Date(`${local}:00+07:00`);

/**
 * An online dossier of Đăng ký lại khai sinh (1.004884, 5 working days) at Phường Trung Tâm, accepted and
 * transferred by the counter officer at `when`: status 4, awaiting assignment. Accepted at Monday 09:00, it is due
 * the next Monday 09:00.
 */
export async function dossierInProcessing(
  db: Kysely<Database>,
  users: Record<string, string>,
  when: Date,
  procedureCode = "1.004884",
): Promise<string> {
  const { row } = await submitBirthRegistration(db, users["congdan.demo"]!, when, { procedureCode });
  const counter = users["motcua.trungtam"]!;
  for (const command of [{ type: "accept" }, { type: "transfer" }] as const)
    await runDossierCommand(db, {
      dossierId: row.id,
      command,
      actor: { role: "counterOfficer", id: counter },
      author: { userId: counter, role: "counter_officer" },
      now: when,
      authorize: () => {},
    });
  return row.id;
}

export async function actorNamed(db: Kysely<Database>, users: Record<string, string>, username: string) {
  const actor = await findActor(db, users[username]!);
  if (!actor) throw new Error(`no user ${username}`);
  return actor;
}

/** A PDF uploaded by `actor`, free to attach (POST /api/uploads does the same). */
export async function uploadPdf(
  db: Kysely<Database>,
  actor: Actor,
  now: Date,
  text = "ket qua",
): Promise<string> {
  const upload = await storeUpload(db, temporaryStorage(), {
    ownerUserId: actor.userId,
    fileName: "ket-qua.pdf",
    content: samplePdf(`${text} ${Math.random()}`),
    now,
    limits,
  });
  return upload.id;
}

/** Everything a processing command may write, to show that a refused command wrote nothing. */
export async function snapshot(db: Kysely<Database>, dossierId: string) {
  const [dossier, events, outbox, tasks, consultations, files, uploads] = await Promise.all([
    db.selectFrom("dossiers").selectAll().where("id", "=", dossierId).executeTakeFirstOrThrow(),
    db.selectFrom("dossier_events").select("sequence").where("dossier_id", "=", dossierId).execute(),
    db.selectFrom("outbox").select("id").where("dossier_id", "=", dossierId).execute(),
    db.selectFrom("tasks").selectAll().where("dossier_id", "=", dossierId).orderBy("created_at").execute(),
    db.selectFrom("consultations").selectAll().where("dossier_id", "=", dossierId).execute(),
    db.selectFrom("dossier_files").select("id").where("dossier_id", "=", dossierId).execute(),
    db.selectFrom("uploads").select(["id", "attached_at"]).orderBy("id").execute(),
  ]);
  const { updated_at: _updated, ...row } = dossier;
  return {
    row,
    events: events.length,
    outbox: outbox.length,
    tasks,
    consultations,
    files: files.length,
    uploads,
  };
}

export async function tasksOf(db: Kysely<Database>, dossierId: string) {
  return db
    .selectFrom("tasks")
    .selectAll()
    .where("dossier_id", "=", dossierId)
    .orderBy("created_at")
    .orderBy("completed_at")
    .execute();
}

export async function eventsOf(db: Kysely<Database>, dossierId: string) {
  return db
    .selectFrom("dossier_events")
    .selectAll()
    .where("dossier_id", "=", dossierId)
    .orderBy("sequence")
    .execute();
}
