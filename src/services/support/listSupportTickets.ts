import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { formatInstant } from "../../domain/calendar/workingCalendar.ts";
import type { TicketStatus } from "../../domain/operations/supportTickets.ts";
import type { Actor } from "../accounts/actor.ts";
import { NotFoundError } from "../errors.ts";
import { isSupportDesk } from "./supportSettings.ts";
import { getTicketRow, type SupportTicketView, ticketQuery, viewOf } from "./supportTicketStore.ts";

export interface TicketFilter {
  status?: TicketStatus | "open" | undefined;
  assignedToMe?: boolean | undefined;
  overdueOnly?: boolean | undefined;
}

const OPEN: TicketStatus[] = ["new", "in_progress", "waiting_requester"];

/** The support desk's list (R-OPS-4): newest first, at most 500, each with its clocks marked at `now`. */
export async function listSupportTickets(
  db: Kysely<Database>,
  input: { actor: Actor; filter: TicketFilter; now: Date },
): Promise<SupportTicketView[]> {
  let query = ticketQuery(db).orderBy("t.created_at", "desc").limit(500);
  const { status } = input.filter;
  if (status === "open") query = query.where("t.status", "in", OPEN);
  else if (status) query = query.where("t.status", "=", status);
  if (input.filter.assignedToMe) query = query.where("t.assignee_id", "=", input.actor.userId);
  const views = (await query.execute()).map((row) => viewOf(row, input.now));
  return input.filter.overdueOnly ? views.filter((view) => view.overdue) : views;
}

/** A signed-in requester's own tickets: never anyone else's. */
export async function listOwnSupportTickets(
  db: Kysely<Database>,
  input: { actor: Actor; now: Date },
): Promise<SupportTicketView[]> {
  const rows = await ticketQuery(db)
    .where("t.requester_user_id", "=", input.actor.userId)
    .orderBy("t.created_at", "desc")
    .limit(100)
    .execute();
  return rows.map((row) => viewOf(row, input.now));
}

export interface TicketHistoryEntry {
  id: string;
  at: string;
  kind: "created" | "status" | "assigned" | "note";
  actorName: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  assigneeName: string | null;
  note: string | null;
}

/** One ticket with its history: the support desk sees any; a requester only their own (404 otherwise). */
export async function getSupportTicket(
  db: Kysely<Database>,
  input: { actor: Actor; ticketId: string; now: Date },
): Promise<SupportTicketView & { history: TicketHistoryEntry[] }> {
  const row = await getTicketRow(db, input.ticketId);
  if (!isSupportDesk(input.actor) && row.requester_user_id !== input.actor.userId)
    throw new NotFoundError({ vi: "Không tìm thấy yêu cầu hỗ trợ", en: "No such support request" });
  const events = await db
    .selectFrom("support_ticket_events as e")
    .leftJoin("users as u", "u.id", "e.actor_id")
    .leftJoin("users as a", "a.id", "e.assignee_id")
    .select([
      "e.id",
      "e.at",
      "e.kind",
      "e.from_status",
      "e.to_status",
      "e.note",
      "u.full_name as actor_name",
      "a.full_name as assignee_name",
    ])
    .where("e.ticket_id", "=", row.id)
    .orderBy("e.at")
    .orderBy("e.seq")
    .execute();
  return {
    ...viewOf(row, input.now),
    history: events.map((event) => ({
      id: event.id,
      at: formatInstant(event.at),
      kind: event.kind,
      actorName: event.actor_name,
      fromStatus: event.from_status,
      toStatus: event.to_status,
      assigneeName: event.assignee_name,
      note: event.note,
    })),
  };
}

/** The people a ticket may be assigned to: active support staff (and system administrators). */
export async function listSupportStaff(
  db: Kysely<Database>,
): Promise<Array<{ id: string; fullName: string }>> {
  const rows = await db
    .selectFrom("users as u")
    .innerJoin("role_grants as g", "g.user_id", "u.id")
    .select(["u.id", "u.full_name"])
    .where("g.role", "in", ["support_staff", "system_admin"])
    .where("u.is_active", "=", true)
    .distinct()
    .orderBy("u.full_name")
    .execute();
  return rows.map((row) => ({ id: row.id, fullName: row.full_name }));
}
