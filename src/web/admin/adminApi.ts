import { api, request } from "../api/client.ts";
import type { Session } from "../api/types.ts";

/** The admin console's part of the HTTP API (see /docs/json, tag "admin"). */

export interface AdminUnit {
  id: string;
  code: string;
  name: string;
  kind: "counter" | "professional" | "leadership" | "other";
}
export interface WorkingInterval {
  start: string;
  end: string;
}
export interface AdminAgency {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  level: string;
  parentId: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  workingIntervals: WorkingInterval[] | null;
  units: AdminUnit[];
}
export interface AdminGrant {
  id: string;
  role: string;
  agencyId: string | null;
  agencyName: string | null;
  unitId: string | null;
  unitName: string | null;
}
export interface AdminUser {
  id: string;
  username: string;
  fullName: string;
  email: string | null;
  phone: string | null;
  isActive: boolean;
  mustChangePassword: boolean;
  grants: AdminGrant[];
}
export interface TimeLimit {
  amount: number;
  unit: "wh" | "wd" | "d";
}
export interface AdminOfferingSummary {
  id: string;
  agency: { id: string; code: string; name: string };
  procedure: { code: string; name: string; legalTime: TimeLimit | null; legalTimeText: string };
  enabled: boolean;
  onlineLevel: "full" | "partial" | "none";
  channels: ("counter" | "online" | "postal")[];
  timeLimit: TimeLimit | null;
  hasForm: boolean;
}
export interface AdminOffering extends AdminOfferingSummary {
  formSchema: Record<string, unknown> | null;
  fees: { name: string; amountVnd: number; description: string }[];
  components: { name: string; originalCount: number; copyCount: number; required: boolean }[];
}
export interface NamedDate {
  date: string;
  name: string;
}
export interface CalendarYear {
  year: number;
  overridden: boolean;
  note: string;
  updatedAt: string | null;
  holidays: NamedDate[];
  makeupDays: NamedDate[];
}
export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  agency: { id: string; name: string } | null;
  action: string;
  entity: string;
  entityId: string;
  summary: string;
  before: unknown;
  after: unknown;
}

export const adminKeys = {
  agencies: ["admin", "agencies"] as const,
  users: (q: string) => ["admin", "users", q] as const,
  offerings: (q: string) => ["admin", "offerings", q] as const,
  offering: (id: string) => ["admin", "offering", id] as const,
  calendar: (year: number) => ["admin", "calendar", year] as const,
  audit: (query: string) => ["admin", "audit", query] as const,
  address: ["admin", "address"] as const,
};

export const adminApi = {
  get: api.get,
  post: api.post,
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, { body }),
  delete: <T>(path: string) => request<T>("DELETE", path),
};

export type AdminLevel = "system" | "agency" | null;

/** The administrator's level: system administrators see everything, agency administrators their agencies. */
export function adminLevel(session: Session): AdminLevel {
  const roles = new Set(session.actor.grants.map((grant) => grant.role));
  if (roles.has("system_admin")) return "system";
  if (roles.has("agency_admin")) return "agency";
  return null;
}
