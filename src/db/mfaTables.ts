import type { ColumnType } from "kysely";

/** Kysely types of the officers' second-factor tables (migration 0025_officer_mfa, issue #14). */

export interface OfficerMfaTable {
  user_id: string;
  secret: string;
  created_at: Date;
  confirmed_at: Date | null;
  /** bigint: read back as a string by node-postgres, a number by PGlite. */
  last_used_step: ColumnType<string | number | null, number | null, number | null>;
  failed_attempts: ColumnType<number, number | undefined, number>;
  locked_until: Date | null;
}

export interface OfficerMfaRecoveryCodesTable {
  id: ColumnType<string, string | undefined, never>;
  user_id: string;
  code_hash: string;
  used_at: Date | null;
}

export type MfaChallengeMethod = "password" | "officer_sso";

export interface MfaChallengesTable {
  token_hash: string;
  user_id: string;
  method: MfaChallengeMethod;
  must_change_password: boolean;
  id_token: string | null;
  return_to: string;
  attempts: ColumnType<number, number | undefined, number>;
  created_at: Date;
  expires_at: Date;
}

export interface MfaTables {
  officer_mfa: OfficerMfaTable;
  officer_mfa_recovery_codes: OfficerMfaRecoveryCodesTable;
  mfa_challenges: MfaChallengesTable;
}
