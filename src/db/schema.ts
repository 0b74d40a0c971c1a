import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type { AdminTables } from "./adminTables.ts";
import type { ArchiveTables } from "./archiveTables.ts";
import type { DigitisationTables } from "./digitisationTables.ts";
import type { DossierTables } from "./dossierTables.ts";
import type { EvaluationTables } from "./evaluationTables.ts";
import type { EventSubscriptionTables } from "./eventSubscriptionTables.ts";
import type { FeedbackTables } from "./feedbackTables.ts";
import type { IdentityTables } from "./identityTables.ts";
import type { LoginThrottleTables } from "./loginThrottleTables.ts";
import type { LookupTables } from "./lookupTables.ts";
import type { MessagingTables } from "./messagingTables.ts";
import type { MfaTables } from "./mfaTables.ts";
import type { NationalPortalTables } from "./nationalPortalTables.ts";
import type { NotificationTables } from "./notificationTables.ts";
import type { OperationsTables } from "./operationsTables.ts";
import type { OrganisationTables } from "./organisationTables.ts";
import type { PaymentTables } from "./paymentTables.ts";
import type { PopulationTables } from "./populationTables.ts";
import type { PostalTables } from "./postalTables.ts";
import type { ProcedureTimeLimitKindColumn } from "./receptionTables.ts";
import type { RegisterTables } from "./registerTables.ts";
import type { ResultTables } from "./resultTables.ts";
import type { RuleOptionTables } from "./ruleOptionTables.ts";
import type { SectorTables } from "./sectorTables.ts";
import type { StatisticsTables } from "./statisticsTables.ts";
import type { SyncTables } from "./syncTables.ts";
import type { WorkflowTables } from "./workflowTables.ts";

/** Kysely's view of the tables (src/db/migrations). Column names are the SQL ones (snake_case). */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: read as the parsed value, written as JSON text or a value pg serialises. */
type Json<T> = ColumnType<T, string, string>;

export type AgencyLevel = "province" | "department" | "commune" | "other";
export type UnitKind = "counter" | "professional" | "leadership" | "other";
export type UserKind = "officer" | "citizen" | "organisation";
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
/** Cấp thực hiện of the national catalog. */
export type ProcedureLevel = "central" | "province" | "district" | "commune";
export type OnlineLevel = "full" | "partial" | "none";
export type TimeUnit = "wh" | "wd" | "d";
export type Channel = "counter" | "online" | "postal";

export interface WorkingIntervalRow {
  start: string;
  end: string;
}
export interface ProcedureMethodRow {
  channel: Channel;
  description: string;
}
export interface LegalBasisRow {
  number: string;
  title: string;
  issuedOn: string | null;
}

export interface AgenciesTable {
  id: Generated<string>;
  code: string;
  name: string;
  short_name: string | null;
  level: AgencyLevel;
  parent_id: string | null;
  received_at_agency_id: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  hotline: string | null;
  working_intervals: Json<WorkingIntervalRow[] | null> | null;
  /** The receiving account for online payments (issue #15, migration 0022); null: derived from the code. */
  payment_account_number: string | null;
  payment_bank_bin: string | null;
  payment_account_name: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface UnitsTable {
  id: Generated<string>;
  agency_id: string;
  code: string;
  name: string;
  kind: UnitKind;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  username: string;
  kind: UserKind;
  full_name: string;
  email: string | null;
  phone: string | null;
  identification_number: string | null;
  organisation_tax_code: string | null;
  identity_level: number | null;
  password_hash: string | null;
  must_change_password: Generated<boolean>;
  is_active: Generated<boolean>;
  failed_login_count: Generated<number>;
  locked_until: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** Organisation accounts: the organisation's name (full_name is the representative's). Migration 0002. */
  organisation_name: string | null;
}

export interface RoleGrantsTable {
  id: Generated<string>;
  user_id: string;
  role: Role;
  agency_id: string | null;
  unit_id: string | null;
  granted_at: CreatedAt;
  granted_by: string | null;
}

export interface SectorsTable {
  id: Generated<string>;
  code: string;
  name: string;
}

export interface FieldsTable {
  id: Generated<string>;
  sector_id: string;
  code: string;
  name: string;
}

export interface ProceduresTable extends ProcedureTimeLimitKindColumn {
  id: Generated<string>;
  code: string;
  name: string;
  field_id: string;
  levels: ProcedureLevel[];
  deciding_agency: string;
  steps: Json<string[]>;
  methods: Json<ProcedureMethodRow[]>;
  time_limit_amount: number | null;
  time_limit_unit: TimeUnit | null;
  time_limit_text: string;
  subjects: string[];
  subject_kinds: string[];
  result: string;
  conditions: string;
  legal_basis: Json<LegalBasisRow[]>;
  reception_channels: Channel[];
  online_level: OnlineLevel;
  search_text: string;
  source: "national" | "local";
  /** Withdrawn from the national procedure database (R-SYNC-6): flagged, kept, no new dossiers. */
  withdrawn_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProcedureComponentsTable {
  id: Generated<string>;
  procedure_id: string;
  position: number;
  code: string | null;
  name: string;
  original_count: number;
  copy_count: number;
  required: boolean;
  form_template: string | null;
}

export interface ProcedureFeesTable {
  id: Generated<string>;
  procedure_id: string;
  position: number;
  code: string | null;
  name: string;
  amount_vnd: number;
  description: string;
}

export interface ProcedureOfferingsTable {
  id: Generated<string>;
  agency_id: string;
  procedure_id: string;
  enabled: Generated<boolean>;
  online_level: OnlineLevel;
  channels: Channel[];
  time_limit_amount: number | null;
  time_limit_unit: TimeUnit | null;
  form_schema: Json<Record<string, unknown> | null> | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CalendarYearsTable {
  year: number;
  note: Generated<string>;
  updated_at: UpdatedAt;
}

export interface CalendarDaysTable {
  /** `YYYY-MM-DD` (the pg date parser is set to keep dates as strings: src/db/connection.ts). */
  date: string;
  year: number;
  kind: "holiday" | "makeup";
  name: string;
}

export interface SettingsTable {
  key: string;
  value: Json<unknown>;
  updated_at: UpdatedAt;
}

export interface Database
  extends DossierTables,
    DigitisationTables,
    EvaluationTables,
    EventSubscriptionTables,
    FeedbackTables,
    AdminTables,
    WorkflowTables,
    ResultTables,
    NotificationTables,
    RuleOptionTables,
    StatisticsTables,
    SyncTables,
    NationalPortalTables,
    IdentityTables,
    OrganisationTables,
    MfaTables,
    OperationsTables,
    PaymentTables,
    PopulationTables,
    PostalTables,
    MessagingTables,
    ArchiveTables,
    LoginThrottleTables,
    RegisterTables,
    SectorTables,
    LookupTables {
  agencies: AgenciesTable;
  units: UnitsTable;
  users: UsersTable;
  role_grants: RoleGrantsTable;
  sectors: SectorsTable;
  fields: FieldsTable;
  procedures: ProceduresTable;
  procedure_components: ProcedureComponentsTable;
  procedure_fees: ProcedureFeesTable;
  procedure_offerings: ProcedureOfferingsTable;
  calendar_years: CalendarYearsTable;
  calendar_days: CalendarDaysTable;
  settings: SettingsTable;
  sessions: SessionsTable;
  security_events: SecurityEventsTable;
}

export type Agency = Selectable<AgenciesTable>;
export type NewAgency = Insertable<AgenciesTable>;
export type Procedure = Selectable<ProceduresTable>;
export type ProcedureUpdate = Updateable<ProceduresTable>;

export interface SessionsTable {
  id: Generated<string>;
  /** SHA-256 (hex) of the cookie's random token; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: ColumnType<Date, Date, never>;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
  /** R-ACC-2: only the password change, the session view and logout are allowed. */
  restricted: Generated<boolean>;
}

export type SecurityEventKind =
  | "login"
  | "login_failed"
  | "locked"
  | "login_blocked"
  | "logout"
  | "password_changed"
  | "registered"
  | "access_denied";

export interface SecurityEventsTable {
  id: Generated<string>;
  at: Date;
  kind: SecurityEventKind;
  user_id: string | null;
  username: string | null;
  ip: string | null;
  route: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export type Session = Selectable<SessionsTable>;
export type SecurityEvent = Selectable<SecurityEventsTable>;
