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
  /**
   * The route authenticates its caller by something no session carries (a password, a one-time code, the identity
   * provider's pending sign-in, an external system's key and signature): every role is refused without it, so
   * `allow` is empty; with `unavailableWithoutPort`, a 503 (the system is not wired: nothing is reached) also counts
   * as a refusal.
   */
  credential?: string;
  note?: string;
}

// The groups the entries name (R-ACC-2: roles are granted within an agency; the system administrator holds every
// role everywhere, src/services/accounts/actor.ts hasRole).
const SIGNED_IN: readonly MatrixRole[] = MATRIX_ROLES.filter((role) => role !== "anonymous");
const APPLICANTS: readonly MatrixRole[] = ["citizen", "otherCitizen", "organisation"];
const HOME_OFFICERS: readonly MatrixRole[] = ["counterOfficer", "specialist", "unitHead", "agencyLeader"];
const OTHER_OFFICERS: readonly MatrixRole[] = [
  "counterOfficerElsewhere",
  "specialistElsewhere",
  "unitHeadElsewhere",
  "agencyLeaderElsewhere",
];
const OFFICIALS: readonly MatrixRole[] = [
  ...HOME_OFFICERS,
  "agencyAdmin",
  ...OTHER_OFFICERS,
  "agencyAdminElsewhere",
  "monitor",
  "support",
  "systemAdmin",
];
/** Every agency administrator in its own agency, and the system administrator. */
const ADMINS: readonly MatrixRole[] = ["agencyAdmin", "agencyAdminElsewhere", "systemAdmin"];
/** The administrators of the target's agency (the other agency's administrator is told it does not exist). */
const HOME_ADMINS: readonly MatrixRole[] = ["agencyAdmin", "systemAdmin"];
const SYSTEM: readonly MatrixRole[] = ["systemAdmin"];
/** Who reads the target dossier and everything under it: its applicant, its agency's officers, the system admin. */
const DOSSIER_READERS: readonly MatrixRole[] = ["citizen", ...HOME_OFFICERS, "systemAdmin"];
/** Its agency's officers (and the system administrator): the office's views of a dossier. */
const DOSSIER_OFFICE: readonly MatrixRole[] = [...HOME_OFFICERS, "systemAdmin"];
const counter = (...more: MatrixRole[]): readonly MatrixRole[] => ["counterOfficer", ...more, "systemAdmin"];
const APPRAISERS: readonly MatrixRole[] = ["specialist", "unitHead", "agencyLeader", "systemAdmin"];
const DECIDERS: readonly MatrixRole[] = ["unitHead", "agencyLeader", "systemAdmin"];
/** Unit heads and leaders read their agency's figures; the service-center monitor the province's. */
const MONITORING: readonly MatrixRole[] = [
  "unitHead",
  "agencyLeader",
  "unitHeadElsewhere",
  "agencyLeaderElsewhere",
  "monitor",
  "systemAdmin",
];
const LEADERS_AND_CENTER: readonly MatrixRole[] = [
  "agencyLeader",
  "agencyLeaderElsewhere",
  "monitor",
  "systemAdmin",
];
const CENTER: readonly MatrixRole[] = ["monitor", "systemAdmin"];
const SUPPORT_DESK: readonly MatrixRole[] = ["support", "systemAdmin"];

const everyone: MatrixEntry = { allow: "everyone", scope: "public" };
const session: MatrixEntry = { allow: SIGNED_IN, scope: "session" };
const entry = (allow: readonly MatrixRole[], scope: MatrixScope, more: Partial<MatrixEntry> = {}) => ({
  allow,
  scope,
  ...more,
});
/** Called by an external system, authenticated by its key and signature; the test app wires none (503). */
const inbound = (system: string): MatrixEntry => ({
  allow: [],
  scope: "public",
  credential: `${system}: its key and the request's signature`,
  unavailableWithoutPort: true,
});

export const authorizationMatrix: Record<string, MatrixEntry> = {
  // The web app, the API's documentation, operations: public (R-PUB-*; /metrics answers internal addresses or a
  // token, issue #20, and the test's requests come from loopback).
  "GET /": everyone,
  "GET /*": everyone,
  "GET /.well-known/jwks.json": everyone,
  "GET /docs": everyone,
  "GET /docs/": everyone,
  "GET /docs/*": everyone,
  "GET /docs/json": everyone,
  "GET /docs/yaml": everyone,
  "GET /docs/static/index.html": everyone,
  "GET /docs/static/swagger-initializer.js": everyone,
  "GET /health": everyone,
  "GET /health/live": everyone,
  "GET /health/ready": everyone,
  "GET /metrics": { ...everyone, note: "internal address or METRICS_TOKEN; the test sends from loopback" },

  // Signing in and one's own account (R-ACC-1, R-ACC-2).
  "POST /api/auth/login": { allow: [], scope: "public", credential: "the account's password" },
  "POST /api/auth/mfa/verify": {
    allow: [],
    scope: "public",
    credential: "the pending sign-in's one-time code",
  },
  "GET /api/auth/oidc/link": { allow: [], scope: "public", credential: "VNeID's pending sign-in (cookie)" },
  "POST /api/auth/oidc/link": { allow: [], scope: "public", credential: "VNeID's pending sign-in (cookie)" },
  "GET /api/auth/oidc/login": { ...everyone, note: "404 while no identity provider is configured" },
  "GET /api/auth/oidc/callback": { ...everyone, note: "404 while no identity provider is configured" },
  "GET /api/auth/officer-sso/login": { ...everyone, note: "404 while the provincial SSO is not configured" },
  "GET /api/auth/officer-sso/callback": {
    ...everyone,
    note: "404 while the provincial SSO is not configured",
  },
  "POST /api/auth/register/citizen": everyone,
  "POST /api/auth/register/organisation": everyone,
  "POST /api/auth/logout": { ...everyone, note: "ends the caller's own session, if any" },
  "POST /api/auth/oidc/logout": { ...everyone, note: "ends the caller's own session, if any" },
  "GET /api/auth/session": session,
  "POST /api/auth/change-password": session,
  "GET /api/account/identity": session,
  "PUT /api/account/phone": session,
  "GET /api/account/notification-preferences": session,
  "PUT /api/account/notification-preferences": session,
  "GET /api/account/mfa": session,
  // Issue #14: the second factor is for officials' accounts (applicants sign in through VNeID).
  "POST /api/account/mfa/enrolment": entry(OFFICIALS, "session"),
  "POST /api/account/mfa/confirmation": entry(OFFICIALS, "session"),

  // The public portal: no session (R-PUB-*, R-LOOK-*, R-FB-*).
  "GET /api/public/agencies": everyone,
  "GET /api/public/agencies/{code}": everyone,
  "GET /api/public/procedures": everyone,
  "GET /api/public/procedures/{code}": everyone,
  "GET /api/public/sectors": everyone,
  "GET /api/public/evaluation": everyone,
  "GET /api/public/kpi-766": everyone,
  "GET /api/public/lookup": everyone,
  "GET /api/public/lookup/{code}": everyone,
  "GET /api/public/lookup/{code}/qr.svg": everyone,
  "GET /api/public/settings": everyone,
  "GET /api/public/session-state": everyone,
  "GET /api/public/service-status": everyone,
  "GET /api/public/statistics/on-time": everyone,
  "GET /api/public/statistics/late-lists": everyone,
  "GET /api/public/province-identity": everyone,
  "GET /api/public/province-identity/{kind}": everyone,
  "GET /api/public/receipts/{code}": everyone,
  "GET /api/public/results/{code}": everyone,
  "GET /api/public/results/{code}/qr.{format}": everyone,
  "POST /api/public/results/{code}/check-file": everyone,
  "POST /api/public/results/verify-token": everyone,
  "GET /api/public/faq": everyone,
  "GET /api/public/feedback/published": everyone,
  "POST /api/public/contact-verifications": everyone,
  "POST /api/public/contact-verifications/{id}/confirm": everyone,
  "POST /api/public/feedback": { ...everyone, note: "an anonymous sender needs a verified contact" },
  "POST /api/public/feedback/attachments": entry(SIGNED_IN, "own data", {
    note: "an anonymous sender only with a verified contact (x-contact-verification), 403 without",
  }),
  "POST /api/public/questions": entry(SIGNED_IN, "own data", {
    note: "an anonymous sender only with a verified contact, 403 without",
  }),
  "POST /api/support/tickets": { ...everyone, note: "from any page, with a phone number or e-mail address" },
  "GET /api/support/tickets/mine": entry(SIGNED_IN, "own data"),
  "GET /api/support/tickets/{id}": entry(SIGNED_IN, "own data"),
  "POST /api/uploads": entry(SIGNED_IN, "own data"),
  "GET /api/uploads/{id}/signatures": entry(SIGNED_IN, "own data", { unavailableWithoutPort: true }),
  "POST /api/postal/quote": entry(SIGNED_IN, "session", { unavailableWithoutPort: true }),

  // Applicants: their own dossiers and records only (another citizen: 404, never 403). The system administrator
  // holds every role and reads any dossier (province); the applicant's commands are the applicant's alone.
  "GET /api/citizen/dossiers": entry([...APPLICANTS, "systemAdmin"], "own data"),
  "POST /api/citizen/dossiers": entry(APPLICANTS, "own data"),
  "GET /api/citizen/dossiers/{id}": entry(["citizen", "systemAdmin"], "own data"),
  "POST /api/citizen/dossiers/{id}/edit": entry(["citizen"], "own data"),
  "POST /api/citizen/dossiers/{id}/supplement": entry(["citizen"], "own data"),
  "POST /api/citizen/dossiers/{id}/withdraw": entry(["citizen"], "own data"),
  "GET /api/citizen/dossiers/{id}/fees": entry(["citizen"], "own data"),
  "POST /api/citizen/dossiers/{id}/payments": entry(["citizen"], "own data", {
    unavailableWithoutPort: true,
  }),
  "GET /api/citizen/dossiers/{id}/forms": entry(["citizen", "systemAdmin"], "own data"),
  "GET /api/citizen/dossiers/{id}/forms/{form}.pdf": entry(["citizen", "systemAdmin"], "own data"),
  "GET /api/citizen/dossiers/{id}/rating": entry(["citizen"], "own data"),
  "POST /api/citizen/dossiers/{id}/rating": entry(["citizen"], "own data"),
  "GET /api/citizen/feedback": entry([...APPLICANTS, "systemAdmin"], "own data"),
  "POST /api/citizen/feedback/{id}/reaction": entry(["citizen"], "own data"),
  "GET /api/citizen/data-store/documents": entry(APPLICANTS, "own data"),
  "GET /api/citizen/data-store/documents/{id}/file": entry(APPLICANTS, "own data"),
  "POST /api/citizen/data-store/documents/{id}/revoke": entry(APPLICANTS, "own data"),
  "GET /api/citizen/data-store/access-log": entry(APPLICANTS, "own data"),
  "GET /api/citizen/data-store/offers": entry(APPLICANTS, "own data"),
  "GET /api/citizen/population/prefill": entry(APPLICANTS, "own data"),
  "GET /api/citizen/population/access-log": entry([...APPLICANTS, "systemAdmin"], "own data"),
  // Issue #14: a person (citizen account) acts for organisations; only the legal representative manages mandates.
  "GET /api/citizen/organisations": entry(["citizen", "otherCitizen", "systemAdmin"], "own data"),
  "PUT /api/citizen/organisations/acting-for": entry(["citizen", "otherCitizen", "systemAdmin"], "own data"),
  "GET /api/citizen/organisations/{id}/mandates": entry(["citizen"], "own data"),
  "POST /api/citizen/organisations/{id}/mandates": entry(["citizen"], "own data"),
  "POST /api/citizen/organisations/{id}/mandates/{mandateId}/revoke": entry(["citizen"], "own data"),

  // Under a dossier: access follows access to the dossier (issue #20): its applicant, its agency's officers, the
  // system administrator; not another citizen, another agency, the monitor, support or the agency administrator.
  "GET /api/dossiers/{id}/files/{fileId}": entry(DOSSIER_READERS, "own agency"),
  "GET /api/dossiers/{id}/files/{fileId}/signatures": entry(DOSSIER_READERS, "own agency", {
    unavailableWithoutPort: true,
  }),
  "GET /api/dossiers/{id}/results": entry(DOSSIER_READERS, "own agency"),
  "GET /api/dossiers/{id}/results/{code}/phieu-xac-thuc.pdf": entry(DOSSIER_READERS, "own agency"),
  "GET /api/dossiers/{id}/receipts": entry(DOSSIER_READERS, "own agency"),
  "GET /api/dossiers/{id}/receipts/{receiptId}/bien-lai.pdf": entry(DOSSIER_READERS, "own agency"),
  "GET /api/dossiers/{id}/postal-orders": entry(DOSSIER_READERS, "own agency"),
  "POST /api/dossiers/{id}/postal-orders": entry(["citizen", "counterOfficer", "systemAdmin"], "own agency", {
    unavailableWithoutPort: true,
  }),
  "GET /api/office/dossiers/{id}/messaging-photos": entry(DOSSIER_READERS, "own agency"),
  "GET /api/office/dossiers/{id}/messaging-photos/{photoId}": entry(DOSSIER_READERS, "own agency"),

  // The office's views of a dossier: its receiving or deciding agency's officers (R-ACC-2).
  "GET /api/office/inbox": entry([...HOME_OFFICERS, ...OTHER_OFFICERS, "systemAdmin"], "own agency"),
  "GET /api/office/dossiers/{id}": entry(DOSSIER_OFFICE, "own agency"),
  "GET /api/office/dossiers/{id}/assignees": entry(DOSSIER_OFFICE, "own agency"),
  "GET /api/office/dossiers/{id}/forms": entry(DOSSIER_OFFICE, "own agency"),
  "GET /api/office/dossiers/{id}/forms/{form}.pdf": entry(DOSSIER_OFFICE, "own agency"),
  "GET /api/office/dossiers/{id}/national-files": entry(DOSSIER_OFFICE, "own agency"),
  "GET /api/office/dossiers/{id}/refunds": entry(DOSSIER_OFFICE, "own agency"),
  "GET /api/office/dossiers/{id}/population-checks": entry(DOSSIER_OFFICE, "own agency"),
  "POST /api/office/dossiers/{id}/population-verification": entry(DOSSIER_OFFICE, "own agency"),
  "GET /api/office/dossiers/{id}/notifications": entry(DOSSIER_OFFICE, "own agency"),
  "GET /api/office/dossiers/{id}/dvcqg-sync": entry(DOSSIER_OFFICE, "own agency"),
  "GET /api/office/dossiers/{id}/digitisation": entry(DOSSIER_OFFICE, "own agency"),
  "GET /api/office/register.pdf": entry([...HOME_OFFICERS, ...OTHER_OFFICERS, "systemAdmin"], "own agency"),
  "GET /api/office/register.xlsx": entry([...HOME_OFFICERS, ...OTHER_OFFICERS, "systemAdmin"], "own agency"),

  // The counter (Bộ phận Một cửa, R-RECV-*, R-RES-*): its counter officers.
  // Intake files at the officer's own counter: the system administrator has none.
  "POST /api/office/dossiers/intake": entry(["counterOfficer", "counterOfficerElsewhere"], "own agency"),
  "POST /api/office/kiosk/sessions": entry(counter("counterOfficerElsewhere"), "own agency"),
  "POST /api/office/kiosk/sessions/{id}/rating": entry(counter("counterOfficerElsewhere"), "own agency"),
  "POST /api/office/dossiers/{id}/accept": entry(counter(), "own agency"),
  "POST /api/office/dossiers/{id}/refuse": entry(counter(), "own agency"),
  "POST /api/office/dossiers/{id}/request-supplement": entry(counter(), "own agency"),
  "POST /api/office/dossiers/{id}/receive-supplement": entry(counter(), "own agency"),
  "POST /api/office/dossiers/{id}/transfer": entry(counter(), "own agency"),
  "POST /api/office/dossiers/{id}/decide-at-counter": entry(counter(), "own agency"),
  "POST /api/office/dossiers/{id}/forward-to-authority": entry(counter(), "own agency"),
  "POST /api/office/dossiers/{id}/confirm-stop": entry(counter(), "own agency"),
  "POST /api/office/dossiers/{id}/record-withdrawal": entry(counter(), "own agency"),
  "POST /api/office/dossiers/{id}/return-result": entry(counter(), "own agency"),
  "GET /api/office/dossiers/{id}/reception-slip": entry(counter(), "own agency"),
  "POST /api/office/dossiers/{id}/confirm-payment": entry(counter(), "own agency"),
  "POST /api/office/dossiers/{id}/payments": entry(counter(), "own agency"),
  "POST /api/office/dossiers/{id}/refunds": entry(counter(), "own agency", { unavailableWithoutPort: true }),
  "POST /api/office/dossiers/{id}/postal-handover": entry(counter(), "own agency", {
    unavailableWithoutPort: true,
  }),
  "POST /api/office/dossiers/{id}/digitisation-exemptions": entry(counter(), "own agency"),
  "POST /api/office/dossiers/{id}/files/{fileId}/digitisation": entry(counter(), "own agency", {
    unavailableWithoutPort: true,
  }),
  "POST /api/office/dossiers/{id}/messaging-photos/accept": entry(counter(), "own agency"),
  "POST /api/office/dossiers/{id}/messaging-photos/{photoId}/reject": entry(counter(), "own agency"),
  "POST /api/office/dossiers/{id}/national-files/{fileId}/retry": entry(counter(), "own agency"),

  // Processing (R-PROC-*): specialists, unit heads and leaders of the dossier's agency.
  "POST /api/office/dossiers/{id}/forward": entry(APPRAISERS, "own agency"),
  "POST /api/office/dossiers/{id}/send-back": entry(APPRAISERS, "own agency"),
  "POST /api/office/dossiers/{id}/consult": entry(APPRAISERS, "own agency"),
  "POST /api/office/dossiers/{id}/verification": entry(APPRAISERS, "own agency"),
  "POST /api/office/dossiers/{id}/request-payment": entry(APPRAISERS, "own agency"),
  "POST /api/office/dossiers/{id}/request-supplement-after-appraisal": entry(APPRAISERS, "own agency"),
  "POST /api/office/dossiers/{id}/consultations/{consultationId}/answer": entry(
    [...APPRAISERS, "specialistElsewhere", "unitHeadElsewhere", "agencyLeaderElsewhere"],
    "own agency",
    { note: "the consulted agency's officers answer (R-XFER)" },
  ),
  "POST /api/office/dossiers/{id}/assign": entry(DECIDERS, "own agency"),
  "POST /api/office/dossiers/{id}/approve": entry(DECIDERS, "own agency"),
  "POST /api/office/dossiers/{id}/refuse-after-appraisal": entry(DECIDERS, "own agency"),
  "POST /api/office/dossiers/{id}/result-signature": entry(DECIDERS, "own agency", {
    unavailableWithoutPort: true,
  }),
  "POST /api/office/dossiers/{id}/extension": entry(["agencyLeader", "systemAdmin"], "own agency"),

  // Feedback and questions (R-FB-*): the agency answers, the service center routes.
  // The target item: the citizen's feedback about the dossier, at the home agency.
  "GET /api/feedback/{id}": entry(["citizen", ...HOME_OFFICERS, "monitor", "systemAdmin"], "own agency", {
    note: "its sender, the agency it concerns, the center",
  }),
  "GET /api/office/feedback": entry([...HOME_OFFICERS, ...OTHER_OFFICERS, "systemAdmin"], "own agency"),
  "POST /api/office/feedback/{id}/answer": entry(DOSSIER_OFFICE, "own agency"),
  "POST /api/office/feedback/{id}/return": entry(DOSSIER_OFFICE, "own agency"),
  "POST /api/feedback/{id}/refuse": entry([...HOME_OFFICERS, "monitor", "systemAdmin"], "own agency"),
  "GET /api/monitoring/feedback": entry(CENTER, "province"),
  "POST /api/monitoring/feedback/{id}/route": entry(CENTER, "province"),
  "POST /api/monitoring/feedback/{id}/faq": entry(CENTER, "province"),
  "POST /api/monitoring/faq/import": entry(CENTER, "province"),

  // Payments (R-PAY-*): the counter and the leader of the agency; the center reconciles the province's day.
  "GET /api/office/payments/held": entry(
    ["counterOfficer", "agencyLeader", "counterOfficerElsewhere", "agencyLeaderElsewhere", "systemAdmin"],
    "own agency",
  ),
  "POST /api/office/payments/{id}/resolve": entry(
    ["counterOfficer", "agencyLeader", "counterOfficerElsewhere", "agencyLeaderElsewhere", "systemAdmin"],
    "own agency",
  ),
  "GET /api/office/reconciliation/differences": entry(
    [
      "counterOfficer",
      "agencyLeader",
      "counterOfficerElsewhere",
      "agencyLeaderElsewhere",
      "monitor",
      "systemAdmin",
    ],
    "own agency",
  ),
  "POST /api/office/reconciliation/differences/{id}/resolve": entry(
    [
      "counterOfficer",
      "agencyLeader",
      "counterOfficerElsewhere",
      "agencyLeaderElsewhere",
      "monitor",
      "systemAdmin",
    ],
    "own agency",
  ),
  "GET /api/office/reconciliation/report.xlsx": entry(
    [
      "counterOfficer",
      "agencyLeader",
      "counterOfficerElsewhere",
      "agencyLeaderElsewhere",
      "monitor",
      "systemAdmin",
    ],
    "own agency",
  ),
  "POST /api/office/reconciliation/run": entry(CENTER, "province", { unavailableWithoutPort: true }),

  // Postal staff file for citizens (issue #18, R-SUB-2): a province role no matrix account holds.
  "GET /api/postal/dossiers": entry(SYSTEM, "province", {
    note: "postal staff (province), granted by the system admin",
  }),
  "GET /api/postal/dossiers/{id}": entry(SYSTEM, "province", {
    note: "postal staff (province): only the dossiers they filed themselves",
  }),
  "POST /api/postal/dossiers": entry(SYSTEM, "province", {
    note: "postal staff (province), granted by the system admin",
  }),

  // Monitoring (R-KPI-*, R-EVAL-*): figures of one's agency; the monitor the province's, never a dossier.
  "GET /api/monitoring/live": entry(MONITORING, "own agency"),
  "GET /api/monitoring/period": entry(MONITORING, "own agency"),
  "GET /api/monitoring/dossiers": entry(MONITORING, "own agency"),
  "GET /api/monitoring/population-usage": entry(MONITORING, "own agency"),
  "GET /api/monitoring/reception-organisations": entry(MONITORING, "own agency"),
  "GET /api/monitoring/reports/monthly.pdf": entry(MONITORING, "own agency"),
  "GET /api/monitoring/reports/monthly.xlsx": entry(MONITORING, "own agency"),
  "GET /api/monitoring/reports/officers": entry(MONITORING, "own agency"),
  "GET /api/monitoring/evaluation": entry(LEADERS_AND_CENTER, "own agency"),
  "GET /api/monitoring/kpi-766": entry(LEADERS_AND_CENTER, "own agency"),
  "GET /api/monitoring/kpi-766/{indicator}/dossiers": entry(LEADERS_AND_CENTER, "own agency"),
  "GET /api/monitoring/evaluation-bands/{scope}": entry(CENTER, "province"),
  "PUT /api/monitoring/evaluation-bands/{scope}": entry(CENTER, "province"),

  // The support desk (R-SUP-*): support staff of the province.
  "GET /api/support/desk/tickets": entry(SUPPORT_DESK, "province"),
  "POST /api/support/desk/tickets/{id}": entry(SUPPORT_DESK, "province"),
  "POST /api/support/desk/hotline": entry(SUPPORT_DESK, "province"),
  "GET /api/support/desk/staff": entry(SUPPORT_DESK, "province"),
  "GET /api/support/desk/report": entry(SUPPORT_DESK, "province"),
  "GET /api/support/desk/report.csv": entry(SUPPORT_DESK, "province"),
  "GET /api/admin/incidents": entry(SUPPORT_DESK, "province"),
  "POST /api/admin/incidents": entry(SUPPORT_DESK, "province"),
  "POST /api/admin/incidents/{id}/respond": entry(SUPPORT_DESK, "province"),
  "POST /api/admin/incidents/{id}/resolve": entry(SUPPORT_DESK, "province"),

  // The admin console (R-ACC-2): an agency administrator within its agency, the system administrator everywhere;
  // what reaches the whole province (agencies, calendar, rule options, grants of province roles, integrations,
  // province identity, maintenance) is the system administrator's.
  "GET /api/admin/agencies": entry(ADMINS, "own agency"),
  "POST /api/admin/agencies": entry(SYSTEM, "province"),
  "PUT /api/admin/agencies/{id}": entry(HOME_ADMINS, "own agency"),
  "POST /api/admin/agencies/{id}/units": entry(HOME_ADMINS, "own agency"),
  "PUT /api/admin/units/{id}": entry(HOME_ADMINS, "own agency"),
  "GET /api/admin/agencies/{id}/payment-account": entry(HOME_ADMINS, "own agency"),
  "PUT /api/admin/agencies/{id}/payment-account": entry(HOME_ADMINS, "own agency"),
  "GET /api/admin/address-options": entry(ADMINS, "own agency"),
  "GET /api/admin/users": entry(ADMINS, "own agency"),
  "POST /api/admin/users": entry(ADMINS, "own agency"),
  "POST /api/admin/users/{id}/activate": entry(HOME_ADMINS, "own agency"),
  "POST /api/admin/users/{id}/deactivate": entry(HOME_ADMINS, "own agency"),
  "POST /api/admin/users/{id}/reset-password": entry(HOME_ADMINS, "own agency"),
  "POST /api/admin/users/{id}/grants": entry(HOME_ADMINS, "own agency", {
    note: "province roles only by the system administrator (grantRules, tested per role pair)",
  }),
  "DELETE /api/admin/users/{id}/grants/{grantId}": entry(HOME_ADMINS, "own agency"),
  "GET /api/admin/audit": entry(ADMINS, "own agency"),
  "GET /api/admin/offerings": entry(ADMINS, "own agency"),
  "GET /api/admin/offerings/{id}": entry(HOME_ADMINS, "own agency"),
  "PUT /api/admin/offerings/{id}": entry(HOME_ADMINS, "own agency"),
  "PUT /api/admin/offerings/{id}/form": entry(HOME_ADMINS, "own agency"),
  "GET /api/admin/offerings/{id}/fees": entry(HOME_ADMINS, "own agency"),
  "POST /api/admin/offerings/{id}/fees": entry(HOME_ADMINS, "own agency"),
  "PUT /api/admin/offerings/{id}/fees/{itemId}": entry(HOME_ADMINS, "own agency"),
  "DELETE /api/admin/offerings/{id}/fees/{itemId}": entry(HOME_ADMINS, "own agency"),
  "GET /api/admin/offerings/{id}/rule-options": entry(HOME_ADMINS, "own agency"),
  "PUT /api/admin/offerings/{id}/rule-options": entry(HOME_ADMINS, "own agency"),
  "GET /api/admin/offerings/{id}/identity-requirement": entry(HOME_ADMINS, "own agency"),
  "PUT /api/admin/offerings/{id}/identity-requirement": entry(HOME_ADMINS, "own agency"),
  "GET /api/admin/workflows": entry(ADMINS, "own agency"),
  "GET /api/admin/workflows/{offeringId}": entry(HOME_ADMINS, "own agency"),
  "PUT /api/admin/workflows/{offeringId}/draft": entry(HOME_ADMINS, "own agency"),
  "POST /api/admin/workflows/{offeringId}/validate": entry(HOME_ADMINS, "own agency"),
  "POST /api/admin/workflows/{offeringId}/simulate": entry(HOME_ADMINS, "own agency"),
  "POST /api/admin/workflows/{offeringId}/publish": entry(HOME_ADMINS, "own agency"),
  "GET /api/admin/calendar/{year}": entry(ADMINS, "province", {
    note: "the province's calendar, read by all admins",
  }),
  "PUT /api/admin/calendar/{year}": entry(SYSTEM, "province"),
  "DELETE /api/admin/calendar/{year}": entry(SYSTEM, "province"),
  "GET /api/admin/rule-options": entry(SYSTEM, "province"),
  "PUT /api/admin/rule-options": entry(SYSTEM, "province"),
  "GET /api/admin/catalog/pulls": entry(ADMINS, "own agency"),
  "GET /api/admin/catalog/changes": entry(ADMINS, "own agency"),
  "POST /api/admin/catalog/duties/{id}/close": entry(ADMINS, "own agency"),
  "POST /api/admin/catalog/pull": entry(SYSTEM, "province"),
  "GET /api/admin/dvcqg-sync": entry(ADMINS, "own agency"),
  "POST /api/admin/dvcqg-sync/replay": entry(ADMINS, "own agency"),
  "GET /api/admin/notifications/dead-letters": entry(ADMINS, "own agency"),
  "POST /api/admin/notifications/{id}/retry": entry(ADMINS, "own agency"),
  "GET /api/admin/notifications/simulated": entry(SYSTEM, "province"),
  "GET /api/admin/archive/retention": entry(ADMINS, "own agency"),
  "PUT /api/admin/archive/retention/{id}": entry(SYSTEM, "province"),
  "GET /api/admin/archive/packages": entry(ADMINS, "own agency"),
  "POST /api/admin/archive/integrity-check": entry(SYSTEM, "province"),
  "GET /api/admin/archive/batches": entry(ADMINS, "own agency"),
  "POST /api/admin/archive/batches": entry(ADMINS, "own agency"),
  "POST /api/admin/archive/batches/{id}/handover": entry(ADMINS, "own agency"),
  "GET /api/admin/archive/holds": entry(ADMINS, "own agency"),
  "POST /api/admin/archive/holds": entry(ADMINS, "own agency"),
  "POST /api/admin/archive/holds/{id}/release": entry(ADMINS, "own agency"),
  "GET /api/admin/archive/disposal-lists": entry(ADMINS, "own agency"),
  "POST /api/admin/archive/disposal-lists": entry(ADMINS, "own agency"),
  "POST /api/admin/archive/disposal-lists/{id}/approve": entry(ADMINS, "own agency"),
  "POST /api/admin/archive/disposal-lists/{id}/execute": entry(ADMINS, "own agency"),
  "PUT /api/admin/province-identity/{kind}": entry(SYSTEM, "province"),
  "DELETE /api/admin/province-identity/{kind}": entry(SYSTEM, "province"),
  "GET /api/admin/maintenance": entry(SYSTEM, "province"),
  "POST /api/admin/maintenance": entry(SYSTEM, "province"),
  "POST /api/admin/maintenance/{id}/cancel": entry(SYSTEM, "province"),
  // Integrations: the province's partner systems are the system administrator's (issue #17).
  "GET /api/admin/event-subscriptions": entry(SYSTEM, "province"),
  "POST /api/admin/event-subscriptions": entry(SYSTEM, "province"),
  "GET /api/admin/event-subscriptions/{id}": entry(SYSTEM, "province"),
  "PUT /api/admin/event-subscriptions/{id}": entry(SYSTEM, "province"),
  "GET /api/admin/event-subscriptions/{id}/deliveries": entry(SYSTEM, "province"),
  "POST /api/admin/event-subscriptions/{id}/replay": entry(SYSTEM, "province"),
  "GET /api/admin/sector-systems": entry(SYSTEM, "province"),
  "POST /api/admin/sector-systems": entry(SYSTEM, "province"),
  "POST /api/admin/sector-systems/{id}/enabled": entry(SYSTEM, "province"),

  // Inbound calls of external systems: no session role reaches them, only the system's key and signature.
  "POST /api/integration/sector/dossiers": {
    allow: [],
    scope: "public",
    credential: "the sector system's key and the request's HMAC signature",
  },
  "POST /api/integration/national-portal/dossiers": inbound("the national portal (DVCQG)"),
  "POST /api/integration/national-portal/messages/payment": inbound("the national portal (DVCQG)"),
  "POST /api/integration/national-portal/messages/rating": inbound("the national portal (DVCQG)"),
  "POST /api/integration/national-portal/messages/supplement": inbound("the national portal (DVCQG)"),
  "POST /api/integration/national-portal/messages/withdrawal": inbound("the national portal (DVCQG)"),
  "POST /api/integration/payments/callback": inbound("the payment platform"),
  "POST /api/integration/postal/webhook": inbound("the postal service"),
  "POST /api/integration/sms/inbound": inbound("the SMS gateway"),
  "POST /api/integration/messaging/zalo/webhook": inbound("Zalo (the messaging platform)"),
};
