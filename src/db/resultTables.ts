import type { ColumnType, Generated } from "kysely";

/** Verifiable results (migration 0007_result_verification). */

type Json<T> = ColumnType<T, string, string>;

/** A JSON Web Key as stored: EC P-256 public part (`kty`, `crv`, `x`, `y`), with `d` for the private one. */
export type StoredJwk = Record<string, string>;

export interface ResultSigningKeysTable {
  kid: string;
  algorithm: string;
  public_jwk: Json<StoredJwk>;
  /** Never leaves the server: no route selects it; only the signer reads it. */
  private_jwk: Json<StoredJwk>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  /** Set when a newer key took over signing; the public key stays published. */
  retired_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** After this instant the public key is no longer published (null: published for ever). */
  expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface IssuedResultsTable {
  id: Generated<string>;
  dossier_id: string;
  file_id: string;
  verification_code: string;
  file_sha256: string;
  kid: string;
  jws: string;
  issued_at: Date;
  agency_id: string;
  agency_name: string;
  dossier_code: string;
  procedure_code: string;
  procedure_name: string;
  holder_kind: "person" | "organisation";
  holder_name: string;
}

export interface ResultTables {
  result_signing_keys: ResultSigningKeysTable;
  issued_results: IssuedResultsTable;
}
