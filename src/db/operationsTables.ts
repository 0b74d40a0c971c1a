import type { Generated } from "kysely";

/** Kysely types of the support and announcement tables (migration 0028, issue #17, R-OPS-2…4). */

export interface SupportTicketsTable {
  id: Generated<string>;
  code: string;
  channel: "web" | "hotline";
  topic: "account" | "submission" | "payment" | "lookup" | "technical" | "other";
  status: Generated<"new" | "in_progress" | "waiting_requester" | "resolved" | "closed">;
  description: string;
  page_url: string | null;
  dossier_id: string | null;
  requester_user_id: string | null;
  requester_name: string | null;
  requester_phone: string | null;
  requester_email: string | null;
  assignee_id: string | null;
  logged_by: string | null;
  created_at: Date;
  response_due_at: Date;
  resolution_due_at: Date;
  first_response_at: Date | null;
  resolved_at: Date | null;
  updated_at: Date;
}

export interface SupportTicketEventsTable {
  id: Generated<string>;
  seq: Generated<string>;
  ticket_id: string;
  at: Date;
  actor_id: string | null;
  kind: "created" | "status" | "assigned" | "note";
  from_status: string | null;
  to_status: string | null;
  assignee_id: string | null;
  note: string | null;
}

export interface MaintenanceWindowsTable {
  id: Generated<string>;
  title: string;
  message: string;
  announced_at: Date;
  starts_at: Date;
  ends_at: Date;
  restrict_writes: Generated<boolean>;
  cancelled_at: Date | null;
  created_by: string;
}

export interface IncidentsTable {
  id: Generated<string>;
  title: string;
  description: string;
  started_at: Date;
  response_due_at: Date;
  fix_due_at: Date;
  responded_at: Date | null;
  response: string | null;
  estimated_fix_at: Date | null;
  resolved_at: Date | null;
  resolution: string | null;
  created_by: string;
  created_at: Date;
}

export interface OperationsTables {
  support_tickets: SupportTicketsTable;
  support_ticket_events: SupportTicketEventsTable;
  maintenance_windows: MaintenanceWindowsTable;
  incidents: IncidentsTable;
}
