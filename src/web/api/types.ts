/** The shapes of the HTTP API the portal reads (see /docs/json). */

export type Level = "central" | "province" | "district" | "commune";
export type OnlineLevel = "full" | "partial" | "none";
export type Channel = "counter" | "online" | "postal";
export type TimeUnit = "wh" | "wd" | "d";
export type Role =
  | "citizen"
  | "organisation_representative"
  | "counter_officer"
  | "specialist"
  | "unit_head"
  | "agency_leader"
  | "agency_admin"
  | "service_center_monitor"
  | "support_staff"
  | "postal_staff"
  | "system_admin";

export interface Localized {
  vi: string;
  en: string;
}

export interface CodeName {
  code: string;
  name: string;
}

export interface ProcedureSummary {
  code: string;
  name: string;
  field: CodeName;
  sector: CodeName;
  levels: Level[];
  onlineLevel: OnlineLevel;
  receptionChannels: Channel[];
  timeLimitText: string;
  subjectKinds: string[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface TimeLimit {
  amount: number;
  unit: TimeUnit;
}

export interface Component {
  position: number;
  code: string | null;
  name: string;
  originalCount: number;
  copyCount: number;
  required: boolean;
  formTemplate: string | null;
}

export interface Offering {
  agency: { code: string; name: string; level: string };
  onlineLevel: OnlineLevel;
  channels: Channel[];
  timeLimit: TimeLimit | null;
  /** The e-form's JSON Schema, when the catalog publishes one for this agency. */
  formSchema?: Record<string, unknown> | null;
}

export interface Procedure extends ProcedureSummary {
  decidingAgency: string;
  steps: string[];
  methods: { channel: Channel; description: string }[];
  timeLimit: TimeLimit | null;
  subjects: string[];
  result: string;
  conditions: string;
  legalBasis: { number: string; title: string; issuedOn: string | null }[];
  components: Component[];
  fees: { code: string | null; name: string; amountVnd: number; description: string }[];
  offerings: Offering[];
  /** The e-form's JSON Schema, when the catalog publishes one for the procedure. */
  formSchema?: Record<string, unknown> | null;
  updatedAt: string;
}

export interface Sector extends CodeName {
  procedureCount: number;
  fields: (CodeName & { procedureCount: number })[];
}

export interface AgencyNode {
  code: string;
  name: string;
  shortName: string | null;
  level: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  hotline: string | null;
  workingIntervals: { start: string; end: string }[] | null;
  receivedAt: CodeName | null;
  units: { code: string; name: string; kind: string }[];
  children: AgencyNode[];
}

export interface Grant {
  role: Role;
  agencyId: string | null;
  agencyCode: string | null;
  unitId: string | null;
  unitCode: string | null;
}

export interface Session {
  actor: {
    userId: string;
    username: string;
    kind: "officer" | "citizen" | "organisation";
    fullName: string;
    grants: Grant[];
  };
  roles: Role[];
  mustChangePassword: boolean;
  /** Issue #14: an administrator without two-step verification; only the security page works. */
  mfaEnrolmentRequired?: boolean;
  csrfToken: string;
  expiresAt: string;
}

export interface PortalSettings {
  nationalPortalMode: boolean;
  nationalPortalUrl: string;
  hotline: string | null;
}

export interface Upload {
  id: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

export interface DossierSummary {
  id: string;
  code: string;
  status: number;
  statusLabel: Localized;
  procedure: CodeName;
  receivingAgency: string;
  submittedAt: string;
  receivedAt: string | null;
  dueAt: string | null;
  returnedAt: string | null;
}

export interface DossierFile {
  id: string;
  purpose: string;
  componentPosition: number | null;
  componentName: string | null;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  digitized: boolean;
  reused: boolean;
  uploadedAt: string;
}

export interface DossierEvent {
  sequence: number;
  type: string;
  label: Localized;
  at: string;
  fromStatus: number | null;
  toStatus: number;
  actor: { role: string; name: string | null } | null;
  details: Record<string, unknown>;
}

export interface Dossier {
  id: string;
  code: string;
  version: number;
  status: number;
  statusLabel: Localized;
  internalStep: string | null;
  procedure: CodeName;
  receivingAgency: CodeName;
  decidingAgency: CodeName;
  /** R-XFER-3: where the applicant was helped (null: where it was received). */
  assistedAtAgency?: CodeName | null;
  /** R-RECV-5: received outside the office. */
  receptionPlace?: "mobile" | "on_site" | null;
  /** R-CAL-6, R-RECV-4: a same-day or immediate procedure. */
  legalTimeKind?: "same_day" | "immediate" | null;
  channel: string;
  fromNationalPortal: boolean;
  applicant: {
    kind: string;
    name: string;
    idNumber: string | null;
    organisationName: string | null;
    taxCode: string | null;
    address: string | null;
    phone: string | null;
    email: string | null;
  };
  /** Issue #14: who filed it when not the applicant (a representative or an authorised person for an organisation). */
  submitter?: {
    kind: "legal_representative" | "authorised_person" | "other";
    name: string;
    idNumber: string | null;
    mandateId: string | null;
  } | null;
  summary: string;
  /** The reception slip's QR token: only on the applicant's own view (null for officers). */
  lookupToken?: string | null;
  formData: Record<string, unknown>;
  submittedAt: string;
  receptionDueAt: string | null;
  receivedAt: string | null;
  dueAt: string | null;
  originalDueAt: string | null;
  extendedDueAt: string | null;
  finishedAt: string | null;
  returnedAt: string | null;
  closedAt: string | null;
  files: DossierFile[];
  history: DossierEvent[];
}

/** What every public lookup answer carries (R-LOOK-2 clarified: the status and the process always). */
export interface LookupCommon {
  code: string;
  lookupUrl: string;
  /** R-STATUS-1: the public status, named in the request's language. */
  status: { code: number; name: string };
  receivingAgency: string;
  /** R-XFER-3: where the applicant was helped, and the agency that decides. */
  assistedAgency: string;
  decidingAgency: string;
  departments: string[];
  currentDepartment: string | null;
  steps: { department: string; done: boolean }[];
  applicantName: string;
  /** The name is masked: looked up by bare code (issue #20). */
  applicantNameMasked: boolean;
}

export type LookupResult =
  | (LookupCommon & { organisationName: string | null; receivedAt: string; appointmentAt: string | null })
  | (LookupCommon & { submittedAt: string });
