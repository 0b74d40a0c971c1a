import type { ColumnType } from "kysely";

/** Kysely types of the identity tables (migration 0018_identity, issue #14). */

export type OidcProviderName = "citizen" | "officer";

export interface VneidIdentitiesTable {
  user_id: string;
  issuer: string;
  subject: string;
  assurance_level: number;
  verified_at: Date;
  last_login_at: Date;
}

export interface OidcLoginRequestsTable {
  state_hash: string;
  provider: OidcProviderName;
  nonce: string;
  code_verifier: string;
  return_to: string;
  created_at: Date;
  expires_at: Date;
}

export interface OidcLinkRequestsTable {
  token_hash: string;
  user_id: string;
  issuer: string;
  subject: string;
  assurance_level: number;
  full_name: string;
  id_token: string;
  return_to: string;
  attempts: ColumnType<number, number | undefined, number>;
  created_at: Date;
  expires_at: Date;
}

export interface OidcSessionsTable {
  session_id: string;
  provider: OidcProviderName;
  id_token: string;
}

export interface OfferingIdentityRequirementsTable {
  offering_id: string;
  min_assurance_level: number;
  updated_at: Date;
}

export interface IdentityTables {
  vneid_identities: VneidIdentitiesTable;
  oidc_login_requests: OidcLoginRequestsTable;
  oidc_link_requests: OidcLinkRequestsTable;
  oidc_sessions: OidcSessionsTable;
  offering_identity_requirements: OfferingIdentityRequirementsTable;
}
