import type { Kysely } from "kysely";
import type { Database } from "../../../../src/db/schema.ts";
import type { Role } from "../../../../src/domain/dossier/actor.ts";
import { type Actor, findActor } from "../../../../src/services/accounts/actor.ts";
import {
  type IntakePaperDossierInput,
  intakePaperDossier,
} from "../../../../src/services/dossiers/counter/intakePaperDossier.ts";
import {
  type ExistingDossierCommand,
  runDossierCommand,
} from "../../../../src/services/dossiers/runDossierCommand.ts";
import { storeUpload } from "../../../../src/services/files/storeUpload.ts";
import { demoUserIds, limits, samplePdf, temporaryStorage } from "../../../support/dossierFixtures.ts";

/** A province-local instant of the test week (Monday 23 – Friday 27 November 2026, no holidays). */
export const at = (local: string) => new Date(`${local}+07:00`);

export interface CounterWorld {
  users: Record<string, string>;
  /** motcua.trungtam: counter officer of 000.20.01.H99 (unit TTPVHCC). */
  officer: Actor;
  /** motcua.sotaichinh: counter officer of another agency (000.00.13.H99). */
  otherOfficer: Actor;
  /** chuyenvien.trungtam: specialist of 000.20.01.H99, no counter role. */
  specialist: Actor;
}

export async function counterWorld(db: Kysely<Database>): Promise<CounterWorld> {
  const users = await demoUserIds(db);
  const actor = async (username: string) => (await findActor(db, users[username]!))!;
  return {
    users,
    officer: await actor("motcua.trungtam"),
    otherOfficer: await actor("motcua.sotaichinh"),
    specialist: await actor("chuyenvien.trungtam"),
  };
}

const storage = temporaryStorage();

/** Uploads one scanned PDF per position as `ownerUserId` and returns the upload ids. */
export async function uploadScans(
  db: Kysely<Database>,
  ownerUserId: string,
  now: Date,
  positions: number[] = [0, 1, 2],
): Promise<string[]> {
  const ids: string[] = [];
  for (const position of positions) {
    const upload = await storeUpload(db, storage, {
      ownerUserId,
      fileName: `ban-quet-${position}.pdf`,
      content: samplePdf(`scan ${position} ${now.toISOString()} ${Math.random()}`),
      now,
      limits,
    });
    ids.push(upload.id);
  }
  return ids;
}

/** A complete paper birth registration (1.001193) entered at the counter of Phường Trung Tâm at `now`. */
export async function intakeBirthRegistration(
  db: Kysely<Database>,
  officer: Actor,
  now: Date,
  overrides: Partial<IntakePaperDossierInput> = {},
) {
  const ids = await uploadScans(db, officer.userId, now);
  return intakePaperDossier(db, {
    actor: officer,
    procedureCode: "1.001193",
    agencyCode: "000.20.01.H99",
    channel: "counter",
    applicant: {
      kind: "person",
      name: "Trần Thị Mai",
      idNumber: "099190004567",
      address: "Số 5 đường Hòa Bình, phường Trung Tâm",
      phone: "0912345679",
      email: "mai.tt@example.com",
    },
    files: ids.map((uploadId, componentPosition) => ({ componentPosition, uploadId })),
    now,
    limits,
    ...overrides,
  });
}

/** A command given by another role (a specialist's supplement request, a leader's signature…) to set a scene. */
export function actAs(
  db: Kysely<Database>,
  role: Role,
  userId: string,
  dossierId: string,
  command: ExistingDossierCommand,
  now: Date,
) {
  return runDossierCommand(db, {
    dossierId,
    command,
    actor: { role, id: userId },
    author: { userId, role },
    now,
    authorize: () => {},
  });
}

/** What an error must leave untouched: the dossier's version and status, its events, outbox rows and files. */
export async function footprint(db: Kysely<Database>, dossierId: string) {
  const count = async (table: "dossier_events" | "outbox" | "dossier_files") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("dossier_id", "=", dossierId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const row = await db
    .selectFrom("dossiers")
    .select(["version", "status", "due_at"])
    .where("id", "=", dossierId)
    .executeTakeFirstOrThrow();
  return {
    version: row.version,
    status: row.status,
    dueAt: row.due_at?.toISOString() ?? null,
    events: await count("dossier_events"),
    outbox: await count("outbox"),
    files: await count("dossier_files"),
  };
}

export async function eventTypes(db: Kysely<Database>, dossierId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("dossier_events")
    .select("type")
    .where("dossier_id", "=", dossierId)
    .orderBy("sequence")
    .execute();
  return rows.map((row) => row.type);
}

export async function lastEvent(db: Kysely<Database>, dossierId: string) {
  return db
    .selectFrom("dossier_events")
    .selectAll()
    .where("dossier_id", "=", dossierId)
    .orderBy("sequence", "desc")
    .executeTakeFirstOrThrow();
}
