/** Kysely types of the public lookup's tables (migration 0013_lookup_and_judged_appointment). */

/** The one secret of the lookup tokens the reception slip's QR code carries (issue #20). */
export interface LookupTokenKeysTable {
  id: number;
  /** 32 random bytes, base64url. */
  secret: string;
  created_at: Date;
}

export interface LookupTables {
  lookup_token_keys: LookupTokenKeysTable;
}
