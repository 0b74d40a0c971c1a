import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { parseVerificationCode } from "../../domain/results/verificationCode.ts";
import { publicHolderName } from "./issueResult.ts";

/** What the public verify page shows of an issued result: public facts only (R-LOOK-2), the holder masked. */
export interface PublicResultFacts {
  code: string;
  agencyCode: string;
  agencyName: string;
  dossierCode: string;
  procedureCode: string;
  procedureName: string;
  issuedAt: Date;
  holder: string;
  fileSha256: string;
  /** The signed token, so the page can check the signature itself and draw the QR code. */
  token: string;
  kid: string;
}

/**
 * The issued result with this verification code, or undefined — the same for an unknown code and for text that
 * cannot be a code (wrong length, foreign character, wrong check character), which is refused before the database
 * is asked.
 */
export async function findIssuedResult(
  db: Kysely<Database>,
  text: string,
): Promise<PublicResultFacts | undefined> {
  const code = parseVerificationCode(text);
  if (!code) return undefined;
  const row = await db
    .selectFrom("issued_results as r")
    .innerJoin("agencies as a", "a.id", "r.agency_id")
    .select([
      "r.verification_code",
      "a.code as agency_code",
      "r.agency_name",
      "r.dossier_code",
      "r.procedure_code",
      "r.procedure_name",
      "r.issued_at",
      "r.holder_kind",
      "r.holder_name",
      "r.file_sha256",
      "r.jws",
      "r.kid",
    ])
    .where("r.verification_code", "=", code)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    code: row.verification_code,
    agencyCode: row.agency_code,
    agencyName: row.agency_name,
    dossierCode: row.dossier_code,
    procedureCode: row.procedure_code,
    procedureName: row.procedure_name,
    issuedAt: row.issued_at,
    holder: publicHolderName(row.holder_kind, row.holder_name),
    fileSha256: row.file_sha256,
    token: row.jws,
    kid: row.kid,
  };
}

export interface FileCheck {
  matches: boolean;
  /** The uploaded file's sha256, so the person can compare it with the one printed or signed. */
  sha256: string;
}

/**
 * Does this file match the result issued under the code? Compares the sha256 of the bytes (or the sha256 already
 * computed while the file streamed in: issue #21) with the recorded one; the file is not kept. Undefined when there
 * is no such result.
 */
export async function checkResultFile(
  db: Kysely<Database>,
  text: string,
  content: Uint8Array | { sha256: string },
): Promise<FileCheck | undefined> {
  const found = await findIssuedResult(db, text);
  if (!found) return undefined;
  const sha256 =
    content instanceof Uint8Array ? createHash("sha256").update(content).digest("hex") : content.sha256;
  return { matches: sha256 === found.fileSha256, sha256 };
}
