import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely } from "kysely";
import type { Database } from "../../src/db/schema.ts";
import { filesystemStorage } from "../../src/integrations/storage/filesystemStorage.ts";
import { type CreateDossierInput, createDossier } from "../../src/services/dossiers/createDossier.ts";
import { storeUpload } from "../../src/services/files/storeUpload.ts";
import { BIRTH_FORM, DEATH_FORM } from "./birthForm.ts";

const declarations: Record<string, Record<string, unknown>> = {
  "1.001193": BIRTH_FORM,
  "1.000656": DEATH_FORM,
};

/** A minimal valid PDF: the signature the content check looks for, and a body. */
export const samplePdf = (text = "OneStop") =>
  new TextEncoder().encode(
    `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );

export const limits = { maxFileBytes: 20 * 1_048_576, maxDossierBytes: 100 * 1_048_576 };

export function temporaryStorage() {
  return filesystemStorage(join(mkdtempSync(join(tmpdir(), "onestop-files-")), "files"));
}

/** Ids of the seeded demo users by username (data/users.json). */
export async function demoUserIds(db: Kysely<Database>): Promise<Record<string, string>> {
  const users = await db.selectFrom("users").select(["id", "username"]).execute();
  return Object.fromEntries(users.map((user) => [user.username, user.id]));
}

/**
 * An online birth-registration dossier (1.001193) at Phường Trung Tâm by the demo citizen, with a PDF for each
 * required component.
 */
export async function submitBirthRegistration(
  db: Kysely<Database>,
  citizenId: string,
  now: Date,
  overrides: Partial<CreateDossierInput> = {},
) {
  const storage = temporaryStorage();
  const files = [];
  for (const position of [0, 1, 2]) {
    const upload = await storeUpload(db, storage, {
      ownerUserId: citizenId,
      fileName: `thanh-phan-${position}.pdf`,
      content: samplePdf(`component ${position} ${now.toISOString()} ${Math.random()}`),
      now,
      limits,
    });
    files.push({ componentPosition: position, uploadId: upload.id });
  }
  return createDossier(db, {
    procedureCode: "1.001193",
    agencyCode: "000.20.01.H99",
    channel: "online",
    applicant: { kind: "person", name: "Nguyễn Văn An", idNumber: "099090001234", phone: "0912345678" },
    // Issue #19: the real declaration of a procedure that has one (TT 04/2020/TT-BTP); another procedure asked for
    // through the overrides (one without an e-form of its own) takes none.
    formData: declarations[overrides.procedureCode ?? "1.001193"] ?? {},
    files,
    ownerUserId: citizenId,
    uploaderUserId: citizenId,
    actor: { role: "applicant", id: citizenId },
    author: { userId: citizenId, role: "citizen" },
    now,
    limits,
    ...overrides,
  });
}
