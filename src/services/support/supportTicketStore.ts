import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { formatInstant } from "../../domain/calendar/workingCalendar.ts";
import { type ClockMark, clockMark } from "../../domain/operations/incidentClocks.ts";
import type { TicketChannel, TicketStatus, TicketTopic } from "../../domain/operations/supportTickets.ts";
import { NotFoundError } from "../errors.ts";

/** How a ticket reads everywhere (support desk, the requester's list, reports): its clocks marked at `now`. */
export interface SupportTicketView {
  id: string;
  code: string;
  channel: TicketChannel;
  topic: TicketTopic;
  status: TicketStatus;
  description: string;
  pageUrl: string | null;
  dossierId: string | null;
  dossierCode: string | null;
  requesterName: string | null;
  requesterPhone: string | null;
  requesterEmail: string | null;
  requesterUserId: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  createdAt: string;
  responseDueAt: string;
  resolutionDueAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  responseMark: ClockMark;
  resolutionMark: ClockMark;
  /** A clock past its target while the ticket is still open: what the desk marks in red. */
  overdue: boolean;
}

const iso = (at: Date | null) => (at === null ? null : formatInstant(at));

export function ticketQuery(db: Kysely<Database>) {
  return db
    .selectFrom("support_tickets as t")
    .leftJoin("dossiers as d", "d.id", "t.dossier_id")
    .leftJoin("users as a", "a.id", "t.assignee_id")
    .leftJoin("users as r", "r.id", "t.requester_user_id")
    .selectAll("t")
    .select(["d.code as dossier_code", "a.full_name as assignee_name", "r.full_name as requester_full_name"]);
}

type TicketRow = Awaited<ReturnType<ReturnType<typeof ticketQuery>["executeTakeFirstOrThrow"]>>;

export function viewOf(row: TicketRow, now: Date): SupportTicketView {
  const responseMark = clockMark({ dueAt: row.response_due_at, doneAt: row.first_response_at }, now);
  const resolutionMark = clockMark({ dueAt: row.resolution_due_at, doneAt: row.resolved_at }, now);
  return {
    id: row.id,
    code: row.code,
    channel: row.channel,
    topic: row.topic,
    status: row.status,
    description: row.description,
    pageUrl: row.page_url,
    dossierId: row.dossier_id,
    dossierCode: row.dossier_code,
    requesterName: row.requester_name ?? row.requester_full_name,
    requesterPhone: row.requester_phone,
    requesterEmail: row.requester_email,
    requesterUserId: row.requester_user_id,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name,
    createdAt: formatInstant(row.created_at),
    responseDueAt: formatInstant(row.response_due_at),
    resolutionDueAt: formatInstant(row.resolution_due_at),
    firstResponseAt: iso(row.first_response_at),
    resolvedAt: iso(row.resolved_at),
    responseMark,
    resolutionMark,
    overdue: responseMark === "overdue" || resolutionMark === "overdue",
  };
}

export async function getTicketRow(db: Kysely<Database>, id: string): Promise<TicketRow> {
  const row = await ticketQuery(db).where("t.id", "=", id).executeTakeFirst();
  if (!row) throw new NotFoundError({ vi: "Không tìm thấy yêu cầu hỗ trợ", en: "No such support request" });
  return row;
}
