import type { Kysely, Selectable, Transaction } from "kysely";
import type { PostalOrderKind, PostalOrderStatus, PostalOrdersTable } from "../../db/postalTables.ts";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { normalizePhone } from "../../domain/contact/phone.ts";
import type { PostalState } from "../../integrations/postal/postalService.ts";
import { PostalServiceError } from "../../integrations/postal/postalService.ts";
import { type Actor, hasRole, isApplicant } from "../accounts/actor.ts";
import { assertCanSee } from "../dossiers/dossierAccess.ts";
import { type DossierRow, findDossier } from "../dossiers/dossierStore.ts";
import { dossierNotFound } from "../dossiers/runDossierCommand.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.ts";
import type { FieldError } from "../validation/messages.ts";
import { appendPostalEvent } from "./postalEvents.ts";
import type { PostalPorts } from "./postalPorts.ts";

/** R-RES-3 (S3 Đ33.2): a result handed to the post is delivered inside the province within 24 hours. */
export const DELIVERY_WATCH_HOURS = 24;
/** Sending an order: a few tries with a growing wait, then the order fails and the officer sees why. */
export const MAX_SEND_ATTEMPTS = 6;
const BACKOFF_SECONDS = 30;

/** Progress of an order; a notice never moves an order back (out-of-order safe). */
export const STATE_RANK: Readonly<Record<PostalOrderStatus, number>> = {
  requested: 0,
  sending: 0,
  accepted: 1,
  collected: 2,
  delivered: 3,
  failed: 3,
};

const EVENT_OF: Readonly<Record<PostalState, string>> = {
  accepted: "postalAccepted",
  collected: "postalCollected",
  delivered: "postalDelivered",
  failed: "postalFailed",
};

export type PostalOrderRow = Selectable<PostalOrdersTable>;

export interface PostalOrderView {
  id: string;
  kind: PostalOrderKind;
  status: PostalOrderStatus;
  recipientName: string;
  recipientPhone: string;
  address: string;
  fee: number | null;
  orderCode: string | null;
  failureReason: string | null;
  lastStateAt: string | null;
  handedOverAt: string | null;
  watchDueAt: string | null;
  watchLevel: "dueSoon" | "overdue" | null;
  deliveredAt: string | null;
  deliveredInTime: boolean | null;
  createdAt: string;
}

function loadOrders(db: Kysely<Database>, dossierId: string) {
  return db
    .selectFrom("postal_orders")
    .selectAll()
    .where("dossier_id", "=", dossierId)
    .orderBy("created_at")
    .execute();
}

export function orderView(row: PostalOrderRow): PostalOrderView {
  const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    recipientName: row.recipient_name,
    recipientPhone: row.recipient_phone,
    address: row.address,
    fee: row.fee,
    orderCode: row.partner_order_code,
    failureReason: row.failure_reason,
    lastStateAt: iso(row.last_state_at),
    handedOverAt: iso(row.handed_over_at),
    watchDueAt: iso(row.watch_due_at),
    watchLevel: row.watch_level,
    deliveredAt: iso(row.delivered_at),
    deliveredInTime:
      row.delivered_at && row.watch_due_at
        ? new Date(row.delivered_at).getTime() <= new Date(row.watch_due_at).getTime()
        : null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** Is the actor the postal worker who filed this dossier for the citizen (R-SUB-2)? */
async function filedByPostalStaff(db: Kysely<Database>, actor: Actor, dossierId: string): Promise<boolean> {
  if (!hasRole(actor, ["postal_staff"])) return false;
  const consent = await db
    .selectFrom("postal_consents")
    .select("id")
    .where("dossier_id", "=", dossierId)
    .where("staff_user_id", "=", actor.userId)
    .executeTakeFirst();
  return consent !== undefined;
}

/**
 * Who sees a dossier's postal orders: whoever sees the dossier (its owner, officers of its agencies), and the postal
 * worker who filed it. Everyone else is told it does not exist.
 */
export async function assertCanSeePostal(db: Kysely<Database>, actor: Actor, row: DossierRow): Promise<void> {
  if (await filedByPostalStaff(db, actor, row.id)) return;
  assertCanSee(actor, row);
}

export async function listPostalOrders(
  db: Kysely<Database>,
  input: { actor: Actor; dossierId: string },
): Promise<PostalOrderView[]> {
  const record = await findDossier(db, input.dossierId);
  if (!record) throw dossierNotFound();
  await assertCanSeePostal(db, input.actor, record.row);
  return (await loadOrders(db, record.row.id)).map(orderView);
}

export interface RecipientInput {
  name: string;
  phone: string;
  address: string;
}

/** The recipient as the postal service takes it, or the field errors (400, nothing written). */
export function checkRecipient(
  input: RecipientInput,
  prefix = "",
): { value?: RecipientInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const name = input.name.trim();
  const address = input.address.trim().replace(/\s+/g, " ");
  const phone = normalizePhone(input.phone);
  if (name.length < 2)
    errors.push({
      field: `${prefix}name`,
      message: { vi: "Nhập họ tên người nhận", en: "Enter the recipient's name" },
    });
  if (!phone)
    errors.push({
      field: `${prefix}phone`,
      message: { vi: "Số điện thoại không hợp lệ", en: "The phone number is not valid" },
    });
  if (address.length < 10)
    errors.push({
      field: `${prefix}address`,
      message: {
        vi: "Nhập địa chỉ đầy đủ (số nhà, đường, phường/xã)",
        en: "Enter the full address (number, street, ward/commune)",
      },
    });
  return errors.length > 0 ? { errors } : { value: { name, phone: phone!, address }, errors };
}

/** The fee the postal service asks for an order (shown before ordering). */
export async function quotePostalFee(
  ports: PostalPorts,
  input: { kind: PostalOrderKind; address: string },
): Promise<number> {
  const address = input.address.trim();
  if (address.length < 10)
    throw new ValidationError([
      {
        field: "address",
        message: {
          vi: "Nhập địa chỉ đầy đủ (số nhà, đường, phường/xã)",
          en: "Enter the full address (number, street, ward/commune)",
        },
      },
    ]);
  return (await ports.service.quote({ kind: input.kind, address })).fee;
}

/** Statuses in which a pickup still makes sense: the counter has not yet received the papers. */
const PICKUP_STATUSES = new Set([1, 2, 5]);
/** A result may be asked by post until it has been returned. */
const RESULT_STATUSES = new Set([1, 2, 4, 5, 6, 9]);

export interface RequestPostalOrderInput {
  actor: Actor;
  dossierId: string;
  kind: PostalOrderKind;
  recipient: RecipientInput;
  now: Date;
}

/**
 * Who may order a postal service for a dossier, and in which role: the postal worker who filed it, its applicant, or
 * a counter officer of its agency; 404 to whoever may not see it, 403 to other officers. The route asks it before
 * saying whether a postal service is configured (issue #20, the authorization matrix).
 */
export async function postalOrderAccess(
  db: Kysely<Database>,
  actor: Actor,
  dossierId: string,
): Promise<{ row: DossierRow; role: string }> {
  const record = await findDossier(db, dossierId);
  if (!record) throw dossierNotFound();
  const row = record.row;
  if (await filedByPostalStaff(db, actor, row.id)) return { row, role: "postal_staff" };
  assertCanSee(actor, row);
  if (isApplicant(actor))
    return { row, role: actor.kind === "organisation" ? "organisation_representative" : "citizen" };
  if (
    hasRole(actor, ["counter_officer"], { agencyId: row.agency_id }) ||
    hasRole(actor, ["counter_officer"], { agencyId: row.deciding_agency_id })
  )
    return { row, role: "counter_officer" };
  throw new ForbiddenError({
    vi: "Chỉ Bộ phận Một cửa đăng ký dịch vụ bưu chính cho hồ sơ",
    en: "Only the counter registers postal services for a dossier",
  });
}

/**
 * A pickup at an address (the post collects the dossier's papers for the counter) or the result by post (issue #18,
 * R-SUB-2, R-RES-1). Asked by the dossier's owner, a counter officer of its agencies, or the postal worker who filed
 * it. The fee is quoted by the postal service first and kept with the order. The order and its event are written in
 * one transaction; a pickup is then sent to the postal service (retried by the job when it does not answer), a
 * result waits until the counter hands the result over (handOverResultToPost).
 *
 * Outcomes: the order; 400 per field; 404 dossier unknown to the actor; 403 officer without the counter role;
 * 409 POSTAL_ORDER_EXISTS (a live order of that kind), POSTAL_NOT_NOW (the dossier's status does not allow it);
 * PostalServiceError when the postal service gives no quote (502 at the route).
 */
export async function requestPostalOrder(
  db: Kysely<Database>,
  ports: PostalPorts,
  input: RequestPostalOrderInput,
): Promise<PostalOrderView> {
  // Issue #20: who may not order for the dossier is refused before the recipient is checked.
  const { row, role } = await postalOrderAccess(db, input.actor, input.dossierId);
  const checked = checkRecipient(input.recipient);
  if (!checked.value) throw new ValidationError(checked.errors);
  const recipient = checked.value;
  const allowed = input.kind === "pickup" ? PICKUP_STATUSES : RESULT_STATUSES;
  if (!allowed.has(row.status))
    throw new ConflictError("POSTAL_NOT_NOW", {
      vi:
        input.kind === "pickup"
          ? "Hồ sơ đã được xử lý, không cần thu gom hồ sơ tại nhà"
          : "Hồ sơ đã trả kết quả hoặc đã kết thúc, không đăng ký nhận kết quả qua bưu điện được",
      en:
        input.kind === "pickup"
          ? "The dossier is already being processed; no pickup is needed"
          : "The dossier's result was returned or the dossier ended; the result cannot be sent by post",
    });
  const fee = await quotePostalFee(ports, { kind: input.kind, address: recipient.address });
  const order = await inTransaction(db, async (trx) => {
    const live = await trx
      .selectFrom("postal_orders")
      .select("id")
      .where("dossier_id", "=", row.id)
      .where("kind", "=", input.kind)
      .where("status", "<>", "failed")
      .executeTakeFirst();
    if (live)
      throw new ConflictError("POSTAL_ORDER_EXISTS", {
        vi: "Hồ sơ đã có yêu cầu bưu chính loại này đang thực hiện",
        en: "The dossier already has a postal order of this kind in progress",
      });
    const inserted = await trx
      .insertInto("postal_orders")
      .values({
        dossier_id: row.id,
        agency_id: row.agency_id,
        kind: input.kind,
        status: input.kind === "pickup" ? "sending" : "requested",
        recipient_name: recipient.name,
        recipient_phone: recipient.phone,
        address: recipient.address,
        fee,
        next_attempt_at: input.kind === "pickup" ? input.now : null,
        requested_by_user_id: input.actor.userId,
        requested_by_role: role,
        created_at: input.now,
        updated_at: input.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendPostalEvent(trx, row.id, {
      type: "postalOrderRequested",
      at: input.now,
      actorUserId: input.actor.userId,
      actorRole: role,
      payload: { postalOrderId: inserted.id, service: input.kind, fee },
    });
    return inserted;
  });
  if (order.status === "sending") return orderView(await sendPostalOrder(db, ports, order.id, input.now));
  return orderView(order);
}

/**
 * Sends one order to the postal service (idempotent there on the order id). Accepted: the order code and fee are
 * kept and the dossier gets its event; refused (4xx): the order fails with the reason; no answer or 5xx: tried again
 * later with a growing wait, and failed after MAX_SEND_ATTEMPTS. Never throws for the postal service's sake.
 */
export async function sendPostalOrder(
  db: Kysely<Database>,
  ports: PostalPorts,
  orderId: string,
  now: Date,
): Promise<PostalOrderRow> {
  const order = await db
    .selectFrom("postal_orders")
    .selectAll()
    .where("id", "=", orderId)
    .executeTakeFirstOrThrow();
  if (order.status !== "sending") return order;
  const dossier = await db
    .selectFrom("dossiers as d")
    .innerJoin("agencies as a", "a.id", "d.agency_id")
    .select(["d.code", "a.name as agency_name", "a.address as agency_address"])
    .where("d.id", "=", order.dossier_id)
    .executeTakeFirstOrThrow();
  try {
    const answer = await ports.service.createOrder({
      reference: order.id,
      kind: order.kind,
      dossierCode: dossier.code,
      party: { name: order.recipient_name, phone: order.recipient_phone, address: order.address },
      counter: { name: dossier.agency_name, address: dossier.agency_address ?? dossier.agency_name },
      webhookUrl: ports.webhookUrl,
    });
    return await applyState(db, order.id, {
      state: answer.state,
      orderCode: answer.orderCode,
      fee: answer.fee,
      at: now,
      now,
    });
  } catch (error) {
    if (!(error instanceof PostalServiceError)) throw error;
    const attempts = order.send_attempts + 1;
    if (error.permanent || attempts >= MAX_SEND_ATTEMPTS) {
      const reason = error.permanent
        ? `Bưu điện từ chối yêu cầu (${error.code ?? error.status})`
        : "Không gửi được yêu cầu đến bưu điện sau nhiều lần thử";
      return applyState(db, order.id, {
        state: "failed",
        reason,
        at: now,
        now,
        attempts,
        lastError: error.message,
      });
    }
    return db
      .updateTable("postal_orders")
      .set({
        send_attempts: attempts,
        next_attempt_at: new Date(now.getTime() + BACKOFF_SECONDS * 1000 * 2 ** (attempts - 1)),
        last_error: error.message,
        updated_at: now,
      })
      .where("id", "=", order.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
}

/**
 * Moves an order to `state` when that is progress (STATE_RANK), with the dossier's event, in one transaction; an
 * older or equal state changes nothing but the missing order code and fee. The row is locked so that the answer of
 * the order call and the webhook racing each other apply once.
 */
async function applyState(
  db: Kysely<Database>,
  orderId: string,
  change: {
    state: PostalState;
    at: Date;
    now: Date;
    orderCode?: string;
    fee?: number;
    reason?: string | undefined;
    attempts?: number;
    lastError?: string;
  },
  alongside?: (trx: Transaction<Database>, applied: boolean) => Promise<void>,
): Promise<PostalOrderRow> {
  return inTransaction(db, async (trx) => {
    const order = await trx
      .selectFrom("postal_orders")
      .selectAll()
      .where("id", "=", orderId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const progress = STATE_RANK[change.state] > STATE_RANK[order.status];
    const updated = await trx
      .updateTable("postal_orders")
      .set({
        partner_order_code: order.partner_order_code ?? change.orderCode ?? null,
        fee: change.fee ?? order.fee,
        updated_at: change.now,
        ...(change.attempts !== undefined ? { send_attempts: change.attempts } : {}),
        ...(change.lastError !== undefined ? { last_error: change.lastError } : {}),
        ...(progress
          ? {
              status: change.state,
              last_state_at: change.at,
              next_attempt_at: null,
              ...(change.state === "failed" ? { failure_reason: change.reason ?? null } : {}),
              ...(change.state === "delivered" ? { delivered_at: change.at } : {}),
            }
          : {}),
      })
      .where("id", "=", orderId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (progress)
      await appendPostalEvent(trx, order.dossier_id, {
        type: EVENT_OF[change.state],
        at: change.now,
        actorUserId: null,
        actorRole: "system",
        payload: {
          postalOrderId: order.id,
          service: order.kind,
          postalAt: change.at.toISOString(),
          ...(change.state === "failed" && change.reason ? { reason: change.reason } : {}),
          ...(change.state === "delivered" && order.watch_due_at
            ? { deliveredInTime: change.at.getTime() <= new Date(order.watch_due_at).getTime() }
            : {}),
        },
      });
    await alongside?.(trx, progress);
    return updated;
  });
}

/** Orders whose sending is due again (no answer before): one pass, for the scheduler. */
export async function retryPostalOrders(
  db: Kysely<Database>,
  ports: PostalPorts,
  now: Date,
): Promise<number> {
  const due = await db
    .selectFrom("postal_orders")
    .select("id")
    .where("status", "=", "sending")
    .where("next_attempt_at", "<=", now)
    .orderBy("next_attempt_at")
    .limit(50)
    .execute();
  for (const order of due) await sendPostalOrder(db, ports, order.id, now);
  return due.length;
}

export interface PostalNotice {
  eventId: string;
  orderCode: string;
  reference: string;
  state: PostalState;
  at: string;
  reason?: string | undefined;
}

/**
 * A signed state notice of the postal service (webhook). Each notice is kept once by its id: a duplicate answers
 * `duplicate` and changes nothing; a notice older than the order's state (out of order) is kept, not applied.
 * Outcomes: `{ applied, duplicate }`; 404 for an order OneStop never placed.
 */
export async function receivePostalNotice(
  db: Kysely<Database>,
  notice: PostalNotice,
  now: Date,
): Promise<{ applied: boolean; duplicate: boolean }> {
  const order = /^[0-9a-f-]{36}$/i.test(notice.reference)
    ? await db
        .selectFrom("postal_orders")
        .select(["id"])
        .where("id", "=", notice.reference)
        .executeTakeFirst()
    : undefined;
  if (!order)
    throw new NotFoundError({
      vi: "Không có yêu cầu bưu chính này",
      en: "No such postal order",
    });
  return inTransaction(db, async (trx) => {
    const kept = await trx
      .insertInto("postal_webhook_events")
      .values({
        event_id: notice.eventId,
        order_id: order.id,
        state: notice.state,
        at: new Date(notice.at),
        applied: false,
      })
      .onConflict((conflict) => conflict.column("event_id").doNothing())
      .returning("event_id")
      .executeTakeFirst();
    if (!kept) return { applied: false, duplicate: true };
    let applied = false;
    await applyState(
      trx,
      order.id,
      {
        state: notice.state,
        at: new Date(notice.at),
        now,
        orderCode: notice.orderCode,
        reason: notice.reason,
      },
      async (inner, progress) => {
        applied = progress;
        if (progress)
          await inner
            .updateTable("postal_webhook_events")
            .set({ applied: true })
            .where("event_id", "=", notice.eventId)
            .execute();
      },
    );
    return { applied, duplicate: false };
  });
}
