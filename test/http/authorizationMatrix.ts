/**
 * The authorization matrix (issue #20; R-ACC-2): for every route the app registers, the roles that may call it and
 * the scope they reach. Data only; test/http/authorizationMatrix.test.ts sends every route × role and checks it.
 *
 * Roles, as the test plays them on the demo province (test/http/authorizationMatrixSupport.ts):
 * - `citizen` owns the target dossier (at the home agency, Phường Trung Tâm); `otherCitizen` does not;
 * - `counterOfficer`, `specialist`, `unitHead`, `agencyLeader`, `agencyAdmin` belong to the home agency; the
 *   `…Elsewhere` roles are the same roles at another agency (Sở Tài chính);
 * - `monitor` (service center monitor, province), `support` (support staff), `systemAdmin` (province).
 * Scope says what an allowed role reaches: `public` (no session), `session` (any signed-in user, own account),
 * `own data` (the applicant's own dossiers and records), `own agency` (the agency of the grant and its units),
 * `province` (every agency).
 *
 * A new route needs an entry here: the test fails naming it.
 */
export const MATRIX_ROLES = [
  "anonymous",
  "citizen",
  "otherCitizen",
  "organisation",
  "counterOfficer",
  "specialist",
  "unitHead",
  "agencyLeader",
  "agencyAdmin",
  "counterOfficerElsewhere",
  "specialistElsewhere",
  "unitHeadElsewhere",
  "agencyLeaderElsewhere",
  "agencyAdminElsewhere",
  "monitor",
  "support",
  "systemAdmin",
] as const;

export type MatrixRole = (typeof MATRIX_ROLES)[number];
export type MatrixScope = "public" | "session" | "own data" | "own agency" | "province";

export interface MatrixEntry {
  /** Who may call it; every other role must be refused (401, 403 or 404) and change nothing. */
  allow: "everyone" | readonly MatrixRole[];
  scope: MatrixScope;
  /** The route answers 503 while an external system's port is not wired (the test app wires none). */
  unavailableWithoutPort?: boolean;
  note?: string;
}

export const authorizationMatrix: Record<string, MatrixEntry> = {};
