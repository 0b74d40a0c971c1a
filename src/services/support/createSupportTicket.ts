import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { toLocalDate } from "../../domain/calendar/workingCalendar.ts";
import { INVALID_PHONE_MESSAGE, normalizePhone } from "../../domain/contact/phone.ts";
import {
  type SupportTargets,
  supportDueTimes,
  type TicketChannel,
  type TicketTopic,
} from "../../domain/operations/supportTickets.ts";
import { type Actor, isApplicant } from "../accounts/actor.ts";
import { loadWorkingCalendar } from "../calendar/loadCalendar.ts";
import { assertCanSee } from "../dossiers/dossierAccess.ts";
import { ValidationError } from "../errors.ts";
import type { FieldError } from "../validation/messages.ts";
import { getTicketRow, type SupportTicketView, viewOf } from "./supportTicketStore.ts";

export interface SupportRequestInput {
  topic: TicketTopic;
  description: string;
  /** The page the request was sent from (the portal's or the office's), attached by the form itself. */
  pageUrl?: string | null | undefined;
  /** The dossier of that page, when it was a dossier page: attached only when the requester may see it. */
  dossierId?: string | null | undefined;
  name?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A support request (R-OPS-4): from any page, by anyone. A signed-in person is the requester; an anonymous one must
 * leave a telephone number or an e-mail address so support can answer. Hotline calls are logged the same way by
 * support staff (`channel: "hotline"`, `loggedBy`). Both clocks start on the working calendar.
 */
export async function createSupportTicket(
  db: Kysely<Database>,
  command: {
    actor: Actor | null;
    channel: TicketChannel;
    input: SupportRequestInput;
    targets: SupportTargets;
    now: Date;
  },
): Promise<SupportTicketView> {
  const { actor, input, now } = command;
  const hotline = command.channel === "hotline";
  const requesterUserId = !hotline && actor ? actor.userId : null;
  const fields: FieldError[] = [];
  const phone = input.phone?.trim() ? normalizePhone(input.phone) : null;
  if (input.phone?.trim() && phone === undefined)
    fields.push({ field: "phone", message: INVALID_PHONE_MESSAGE });
  const email = input.email?.trim() ? input.email.trim() : null;
  if (email !== null && !EMAIL.test(email))
    fields.push({
      field: "email",
      message: { vi: "Địa chỉ thư điện tử không hợp lệ", en: "The e-mail address is not valid" },
    });
  if (!requesterUserId && !input.phone?.trim() && email === null)
    fields.push({
      field: "phone",
      message: {
        vi: "Vui lòng để lại số điện thoại hoặc thư điện tử để bộ phận hỗ trợ liên hệ lại",
        en: "Please leave a phone number or an e-mail address so support can reply",
      },
    });
  if (!input.description.trim())
    fields.push({
      field: "description",
      message: { vi: "Vui lòng mô tả vấn đề cần hỗ trợ", en: "Please describe what you need help with" },
    });
  if (fields.length > 0) throw new ValidationError(fields);

  const dossierId = await attachableDossier(db, actor, input.dossierId, hotline);
  const calendar = await loadWorkingCalendar(db);
  const due = supportDueTimes(calendar, now, command.targets);
  const id = await inTransaction(db, async (trx) => {
    const day = toLocalDate(now).replaceAll("-", "").slice(2);
    const { count } = await trx
      .selectFrom("support_tickets")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .where("code", "like", `HT-${day}-%`)
      .executeTakeFirstOrThrow();
    const created = await trx
      .insertInto("support_tickets")
      .values({
        code: `HT-${day}-${String(Number(count) + 1).padStart(4, "0")}`,
        channel: command.channel,
        topic: input.topic,
        description: input.description.trim(),
        page_url: input.pageUrl?.trim() || null,
        dossier_id: dossierId,
        requester_user_id: requesterUserId,
        requester_name: input.name?.trim() || null,
        requester_phone: phone ?? null,
        requester_email: email,
        logged_by: hotline ? (actor?.userId ?? null) : null,
        created_at: now,
        response_due_at: due.responseDueAt,
        resolution_due_at: due.resolutionDueAt,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("support_ticket_events")
      .values({
        ticket_id: created.id,
        at: now,
        actor_id: actor?.userId ?? null,
        kind: "created",
        to_status: "new",
      })
      .execute();
    return created.id;
  });
  return viewOf(await getTicketRow(db, id), now);
}

/**
 * The page's dossier is attached only when the requester may see it (its owner, an officer of its agencies); anybody
 * else's request keeps the page address but never learns, nor reveals, whose dossier the number was.
 */
async function attachableDossier(
  db: Kysely<Database>,
  actor: Actor | null,
  dossierId: string | null | undefined,
  hotline: boolean,
): Promise<string | null> {
  if (!dossierId || !actor || hotline) return null;
  const row = await db.selectFrom("dossiers").selectAll().where("id", "=", dossierId).executeTakeFirst();
  if (!row) return null;
  try {
    assertCanSee(actor, row);
  } catch {
    return null;
  }
  return isApplicant(actor) || actor.kind === "officer" ? row.id : null;
}
