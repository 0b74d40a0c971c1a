import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../accounts/actor.ts";
import { assertCanSee } from "../dossiers/dossierAccess.ts";
import { findDossier } from "../dossiers/dossierStore.ts";
import { dossierNotFound } from "../dossiers/runDossierCommand.ts";
import { NotFoundError } from "../errors.ts";
import { publicHolderName } from "./issueResult.ts";
import { renderVerificationSlip } from "./verificationSlip.ts";

export interface DossierResultEntry {
  code: string;
  fileId: string;
  fileName: string;
  fileSha256: string;
  issuedAt: Date;
  token: string;
  agencyName: string;
  dossierCode: string;
  procedureName: string;
  /** As the public sees it (a person's name masked). */
  holder: string;
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
    .select([
      "r.verification_code",
      "r.file_id",
      "f.file_name",
      "r.file_sha256",
      "r.issued_at",
      "r.jws",
      "r.agency_name",
      "r.dossier_code",
      "r.procedure_name",
      "r.holder_kind",
      "r.holder_name",
    ])
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
    agencyName: row.agency_name,
    dossierCode: row.dossier_code,
    procedureName: row.procedure_name,
    holder: publicHolderName(row.holder_kind, row.holder_name),
  }));
}

/**
 * The Phiếu xác thực kết quả điện tử of one of the dossier's results, as a PDF, for whoever may see the dossier; an
 * unknown code of this dossier is a 404 like an unknown dossier.
 */
export async function dossierVerificationSlip(
  db: Kysely<Database>,
  input: { actor: Actor; dossierId: string; code: string; publicUrl: string },
): Promise<{ fileName: string; content: Uint8Array }> {
  const results = await listDossierResults(db, input);
  const result = results.find((entry) => entry.code === input.code);
  if (!result)
    throw new NotFoundError({ vi: "Không tìm thấy kết quả của hồ sơ", en: "No such result in this dossier" });
  const content = await renderVerificationSlip({ result, publicUrl: input.publicUrl });
  return { fileName: `phieu-xac-thuc-${result.code}.pdf`, content };
}
