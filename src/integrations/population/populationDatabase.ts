/**
 * The port to the national population database (Cơ sở dữ liệu quốc gia về dân cư, issue #14, R-SUB-1, R-ACC-1): a
 * citizen's registered data for prefilling e-forms, and a per-field check of the identity a person declared.
 * Every query carries who asks and why: the database keeps its own log, and so do we (004_… Đ20).
 */

export type Sex = "male" | "female";

/** An address as the database registers it: the province, the commune, then the house number and street. */
export interface PopulationAddress {
  province: string;
  commune: string;
  street: string;
}

/** One member of the citizen's household, with the relation to the head of household. */
export interface HouseholdMember {
  idNumber: string;
  fullName: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  sex: Sex;
  /** Quan hệ với chủ hộ: "Chủ hộ", "Vợ", "Chồng", "Con", … */
  relation: string;
}

/** A citizen's registered data (what OneStop may prefill). */
export interface CitizenRecord {
  /** Số định danh cá nhân (12 digits). */
  idNumber: string;
  fullName: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  sex: Sex;
  permanentAddress: PopulationAddress;
  currentAddress: PopulationAddress;
  household: HouseholdMember[];
}

export type FieldMatch = "match" | "mismatch";

/** The identity fields a person declared, checked one by one. */
export interface IdentityClaim {
  idNumber: string;
  fullName: string;
  birthDate: string;
}

export interface IdentityVerification {
  /** False when no citizen has this ID number (then every field is a mismatch). */
  found: boolean;
  fields: Record<keyof IdentityClaim, FieldMatch>;
}

/** Who asks and why: sent with every query, as the database requires. */
export interface QueryPurpose {
  /** The OneStop account asking (username). */
  requestedBy: string;
  /** The asking agency's code, when an officer asks. */
  agencyCode: string | null;
  /** Why, in words the citizen will read in their access log. */
  purpose: string;
  /** The dossier the query is for, when any. */
  dossierCode: string | null;
}

export interface PopulationDatabase {
  /** The citizen's registered data, or null when the ID number is unknown. */
  findCitizen(idNumber: string, asked: QueryPurpose): Promise<CitizenRecord | null>;
  verifyIdentity(claim: IdentityClaim, asked: QueryPurpose): Promise<IdentityVerification>;
}

/** Why the database gave no answer: the degraded mode marks fields "not verified" and lets the person go on. */
export type UnavailableReason = "timeout" | "unreachable" | "server_error" | "bad_answer";

export class PopulationUnavailableError extends Error {
  constructor(
    readonly reason: UnavailableReason,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "PopulationUnavailableError";
  }
}
