import { type KeyObject, randomBytes, sign } from "node:crypto";
import { NoResultError, type QueryNode, sql, type Transaction } from "kysely";
import { bindSlots, compiledOnce, slot, slotted } from "../../db/compiledOnce.ts";
import type { StoredJwk } from "../../db/resultTables.ts";
import type { Database } from "../../db/schema.ts";
import { RESULT_TOKEN_TYPE, type ResultClaims, toJwtPayload } from "../../domain/results/resultClaims.ts";
import { verificationCodeFrom } from "../../domain/results/verificationCode.ts";
import { storableFilesColumn, storeIssuedResult } from "../dataStore/storeIssuedResult.ts";
import { maskName } from "../lookup/maskName.ts";
import { ACTIVE_KEY_SQL, activeSigningKey, SIGNING_ALGORITHM } from "./signingKeys.ts";

export interface IssueResultInput {
  dossierId: string;
  /** The dossier file that is the result (purpose `result`). */
  fileId: string;
  fileSha256: string;
  now: Date;
}

export interface IssuedResult {
  code: string;
  token: string;
  kid: string;
}

/**
 * The name a result shows publicly: an organisation's name is public (it is registered); a person's is masked, family
 * name whole (the lookup's rule, R-LOOK-2), because the QR code and the verify page are open to anyone.
 */
export function publicHolderName(kind: "person" | "organisation", name: string): string {
  return kind === "organisation" ? name : maskName(name);
}

/**
 * The compact JWS (RFC 7515) of `payload` under `header`, ES256: the same header and payload texts jose's SignJWT
 * writes (JSON.stringify of each), the signature as r‖s (IEEE P1363), as WebCrypto gives it, so any JWS verifier
 * (the verify page, jose's jwtVerify) reads it as before. Signed with node:crypto synchronously (issue #21: jose's
 * WebCrypto path cost several times the CPU of the signature itself on every approval).
 */
function signedToken(header: Record<string, string>, payload: object, key: KeyObject): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
  const signature = sign("sha256", Buffer.from(input), { key, dsaEncoding: "ieee-p1363" });
  return `${input}.${signature.toString("base64url")}`;
}

/**
 * Issues a verifiable electronic result (R-RES-1, R-RES-2) for a result file just attached to the dossier: a new
 * verification code, the public facts signed with the province's active key (a JWS the QR code carries), and the
 * record the verify page reads. Called inside the approving command's transaction, so a result exists with its
 * record or not at all.
 */
export async function issueVerifiableResult(
  trx: Transaction<Database>,
  input: IssueResultInput,
): Promise<IssuedResult> {
  // Issue #21: built and compiled once per process (compiledOnce), run with this dossier and file.
  const query = compiledOnce("issueVerifiableResult", trx, (db) =>
    db
      .selectFrom("dossiers as d")
      .innerJoin("procedures as p", "p.id", "d.procedure_id")
      .innerJoin("agencies as a", "a.id", "d.deciding_agency_id")
      .select([
        "d.id",
        "d.code",
        "d.owner_user_id",
        "d.applicant_kind",
        "d.applicant_name",
        "d.organisation_name",
        "d.deciding_agency_id",
        "p.code as procedure_code",
        "p.name as procedure_name",
        "p.result as procedure_result",
        "a.code as agency_code",
        "a.name as agency_name",
        // The active signing key in the same statement (issue #21: one round trip fewer per approval).
        sql<string | null>`${sql.raw(ACTIVE_KEY_SQL.kid)}`.as("active_kid"),
        sql<StoredJwk | string | null>`${sql.raw(ACTIVE_KEY_SQL.privateJwk)}`.as("active_private_jwk"),
        // The files the DataStore takes, read here for storeIssuedResult (issue #21: one round trip fewer).
        storableFilesColumn(db, slot("dossierId"), slot("fileId")).as("storable_files"),
      ])
      .where("d.id", "=", slot("dossierId")),
  );
  const dossier = (
    await trx.executeQuery(bindSlots(query, { dossierId: input.dossierId, fileId: input.fileId }))
  ).rows[0];
  if (!dossier) throw new NoResultError(query.query as QueryNode);
  const holderKind =
    dossier.applicant_kind === "organisation" && dossier.organisation_name ? "organisation" : "person";
  const holderName = holderKind === "organisation" ? dossier.organisation_name! : dossier.applicant_name;
  const code = verificationCodeFrom(randomBytes(14));
  const claims: ResultClaims = {
    code,
    dossierCode: dossier.code,
    procedureCode: dossier.procedure_code,
    procedureName: dossier.procedure_name,
    agencyCode: dossier.agency_code,
    agencyName: dossier.agency_name,
    holder: publicHolderName(holderKind, holderName),
    sha256: input.fileSha256,
    issuedAt: input.now,
  };
  const key = await activeSigningKey(trx, input.now, {
    kid: dossier.active_kid,
    private_jwk: dossier.active_private_jwk,
  });
  const token = signedToken(
    { alg: SIGNING_ALGORITHM, kid: key.kid, typ: RESULT_TOKEN_TYPE },
    toJwtPayload(claims),
    key.privateKey,
  );
  // Issue #21: built and compiled once per process (compiledOnce), run with this result's values.
  const bound: Record<string, unknown> = {};
  const written = slotted(
    "",
    {
      dossier_id: input.dossierId,
      file_id: input.fileId,
      verification_code: code,
      file_sha256: input.fileSha256,
      kid: key.kid,
      jws: token,
      issued_at: input.now,
      agency_id: dossier.deciding_agency_id,
      agency_name: dossier.agency_name,
      dossier_code: dossier.code,
      procedure_code: dossier.procedure_code,
      procedure_name: dossier.procedure_name,
      holder_kind: holderKind,
      holder_name: holderName,
    },
    bound,
  );
  const insert = compiledOnce(`issueVerifiableResult:insert:${written.shape}`, trx, (db) =>
    db.insertInto("issued_results").values(written.slots),
  );
  await trx.executeQuery(bindSlots(insert, bound));
  // R-KHO-1 (issue #16): the result lands in the applicant's DataStore in the same transaction.
  await storeIssuedResult(trx, {
    dossierId: input.dossierId,
    // Already read above: the store need not read the dossier again (issue #21).
    dossier,
    files: dossier.storable_files,
    fileId: input.fileId,
    verificationCode: code,
    now: input.now,
  });
  return { code, token, kid: key.kid };
}
