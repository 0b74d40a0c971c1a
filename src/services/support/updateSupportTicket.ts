import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import {
  checkTicketTransition,
  isFirstResponse,
  isResolution,
  type TicketStatus,
} from "../../domain/operations/supportTickets.ts";
import type { Actor } from "../accounts/actor.ts";
import { ConflictError, ValidationError } from "../errors.ts";
import { getTicketRow, type SupportTicketView, viewOf } from "./supportTicketStore.ts";

export interface TicketUpdate {
  status?: TicketStatus | undefined;
  /** null unassigns. */
  assigneeId?: string | null | undefined;
  note?: string | undefined;
  /** The status the desk saw: a stale view is refused rather than overwritten. */
  expectedStatus?: TicketStatus | undefined;
}

/**
 * Support staff handle a ticket (R-OPS-4): move its status along the allowed transitions, assign it to a support
 * staff member, add a note. The first move away from "new" or the first note is the first answer; resolving or closing
 * stops the resolution clock. One transaction writes the ticket and its history rows.
 */
export async function updateSupportTicket(
  db: Kysely<Database>,
  command: { actor: Actor; ticketId: string; update: TicketUpdate; now: Date },
): Promise<SupportTicketView> {
  const { actor, update, now } = command;
  if (update.status === undefined && update.assigneeId === undefined && !update.note?.trim())
    throw new ValidationError([
      {
        field: "",
        message: {
          vi: "Chọn trạng thái, người xử lý hoặc nhập ghi chú",
          en: "Choose a status or an assignee, or write a note",
        },
      },
    ]);
  await inTransaction(db, async (trx) => {
    const ticket = await getTicketRow(trx, command.ticketId);
    if (update.expectedStatus !== undefined && update.expectedStatus !== ticket.status)
      throw new ConflictError("TICKET_STALE", {
        vi: "Yêu cầu hỗ trợ vừa được người khác cập nhật, vui lòng tải lại",
        en: "Someone else just updated this support request; please reload",
      });
    const changes: {
      status?: TicketStatus;
      assignee_id?: string | null;
      first_response_at?: Date;
      resolved_at?: Date | null;
    } = {};
    const events: Array<{
      kind: "status" | "assigned" | "note";
      from_status?: string;
      to_status?: string;
      assignee_id?: string | null;
      note?: string;
    }> = [];
    if (update.status !== undefined && update.status !== ticket.status) {
      const outcome = checkTicketTransition(ticket.status, update.status);
      if (!outcome.ok) throw new ConflictError(outcome.refusal.code, outcome.refusal.message);
      changes.status = update.status;
      if (isFirstResponse(ticket.status, update.status) && ticket.first_response_at === null)
        changes.first_response_at = now;
      if (isResolution(update.status) && ticket.resolved_at === null) changes.resolved_at = now;
      // Reopened: the resolution clock runs again from its original target (it never restarts).
      if (update.status === "in_progress" && ticket.status === "resolved") changes.resolved_at = null;
      events.push({ kind: "status", from_status: ticket.status, to_status: update.status });
    } else if (ticket.status === "closed")
      throw new ConflictError("TICKET_TRANSITION_NOT_ALLOWED", {
        vi: "Yêu cầu hỗ trợ đã đóng, không thể thay đổi",
        en: "The support request is closed",
      });
    if (update.assigneeId !== undefined && update.assigneeId !== ticket.assignee_id) {
      if (update.assigneeId !== null) await assertSupportStaff(trx, update.assigneeId);
      changes.assignee_id = update.assigneeId;
      events.push({ kind: "assigned", assignee_id: update.assigneeId });
    }
    const note = update.note?.trim();
    if (note) {
      events.push({ kind: "note", note });
      if (ticket.first_response_at === null) changes.first_response_at ??= now;
    }
    await trx
      .updateTable("support_tickets")
      .set({ ...changes, updated_at: now })
      .where("id", "=", ticket.id)
      .execute();
    for (const event of events)
      await trx
        .insertInto("support_ticket_events")
        .values({ ticket_id: ticket.id, at: now, actor_id: actor.userId, ...event })
        .execute();
  });
  return viewOf(await getTicketRow(db, command.ticketId), now);
}

async function assertSupportStaff(db: Kysely<Database>, userId: string): Promise<void> {
  const grants = await db
    .selectFrom("role_grants as g")
    .innerJoin("users as u", "u.id", "g.user_id")
    .select("g.role")
    .where("g.user_id", "=", userId)
    .where("u.is_active", "=", true)
    .execute();
  const roles = grants.map((grant) => grant.role);
  if (!roles.includes("support_staff") && !roles.includes("system_admin"))
    throw new ValidationError([
      {
        field: "assigneeId",
        message: {
          vi: "Người được giao phải là cán bộ hỗ trợ người dùng",
          en: "The assignee must be a member of support staff",
        },
      },
    ]);
}
