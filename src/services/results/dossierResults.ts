import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../accounts/actor.ts";
import { assertCanSee } from "../dossiers/dossierAccess.ts";
import { findDossier } from "../dossiers/dossierStore.ts";
import { dossierNotFound } from "../dossiers/runDossierCommand.ts";

export interface DossierResultEntry {
  code: string;
  fileId: string;
  fileName: string;
  fileSha256: string;
  issuedAt: Date;
  token: string;
}

/**
 * The verifiable results issued for a dossier, oldest first, for its pages (the applicant's and the office's): each
 * with its verification code and token for the QR code. Only those who may see the dossier get them (others: 404).
 */
export async function listDossierResults(
  db: Kysely<Database>,
  input: { actor: Actor; dossierId: string },
): Promise<DossierResultEntry[]> {
  const dossier = await findDossier(db, input.dossierId);
  if (!dossier) throw dossierNotFound();
  assertCanSee(input.actor, dossier.row);
  const rows = await db
    .selectFrom("issued_results as r")
    .innerJoin("dossier_files as f", "f.id", "r.file_id")
    .select(["r.verification_code", "r.file_id", "f.file_name", "r.file_sha256", "r.issued_at", "r.jws"])
    .where("r.dossier_id", "=", input.dossierId)
    .orderBy("r.issued_at")
    .orderBy("r.verification_code")
    .execute();
  return rows.map((row) => ({
    code: row.verification_code,
    fileId: row.file_id,
    fileName: row.file_name,
    fileSha256: row.file_sha256,
    issuedAt: row.issued_at,
    token: row.jws,
  }));
}
