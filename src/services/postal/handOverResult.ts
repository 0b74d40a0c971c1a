import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import type { Actor } from "../accounts/actor.ts";
import { runCounterCommand } from "../dossiers/counter/counterCommand.ts";
import { authorizeAs } from "../dossiers/dossierAccess.ts";
import { findDossier } from "../dossiers/dossierStore.ts";
import { closeTask, findOpenTask } from "../dossiers/processing/workflowTasks.ts";
import { dossierNotFound } from "../dossiers/runDossierCommand.ts";
import { ConflictError, ValidationError } from "../errors.ts";
import { appendPostalEvent } from "./postalEvents.ts";
import {
  checkRecipient,
  DELIVERY_WATCH_HOURS,
  orderView,
  type PostalOrderView,
  quotePostalFee,
  type RecipientInput,
  sendPostalOrder,
} from "./postalOrders.ts";
import type { PostalPorts } from "./postalPorts.ts";

export interface HandOverInput {
  actor: Actor;
  dossierId: string;
  expectedVersion?: number | undefined;
  /** Where to deliver, when the applicant did not ask for the result by post beforehand. */
  recipient?: RecipientInput | undefined;
  now: Date;
}

/**
 * Issue #20 (the authorization matrix): only a counter officer of the dossier's agency hands its result over; anyone
 * else is refused (404 / 403) before the recipient is checked, a fee is quoted or an existing order is revealed.
 */
export async function assertMayHandOver(
  db: Kysely<Database>,
  actor: Actor,
  dossierId: string,
): Promise<void> {
  const record = await findDossier(db, dossierId);
  if (!record) throw dossierNotFound();
  authorizeAs(actor, "counter_officer")(record.row);
}

/**
 * The counter hands the result to the post (R-RES-1, R-RES-3): the result is returned by post (9 → 10, the
 * workflow's last line closed), the result-delivery order is sent, and the 24-hour delivery watch starts — all
 * written in one transaction with their events; the postal service is called after it (retried when it does not
 * answer). The applicant's own request is used when there is one; otherwise the counter gives the recipient.
 *
 * Outcomes: the order; 400 per recipient field (or none given and none asked); 404 / 403 as every counter command;
 * 409 STALE_DOSSIER, TRANSITION_NOT_ALLOWED (no result yet), POSTAL_ORDER_EXISTS (already handed over).
 */
export async function handOverResultToPost(
  db: Kysely<Database>,
  ports: PostalPorts,
  input: HandOverInput,
): Promise<PostalOrderView> {
  await assertMayHandOver(db, input.actor, input.dossierId);
  const asked = await db
    .selectFrom("postal_orders")
    .selectAll()
    .where("dossier_id", "=", input.dossierId)
    .where("kind", "=", "result_delivery")
    .where("status", "<>", "failed")
    .executeTakeFirst();
  if (asked && asked.status !== "requested")
    throw new ConflictError("POSTAL_ORDER_EXISTS", {
      vi: "Kết quả của hồ sơ đã được giao cho bưu điện",
      en: "The dossier's result was already handed to the postal service",
    });
  let recipient: RecipientInput | undefined;
  let fee: number | null = asked?.fee ?? null;
  if (!asked) {
    const checked = input.recipient
      ? checkRecipient(input.recipient, "recipient.")
      : {
          errors: [
            {
              field: "recipient",
              message: {
                vi: "Người nộp chưa đăng ký nhận kết quả qua bưu điện: nhập người nhận và địa chỉ",
                en: "The applicant did not ask for the result by post: enter the recipient and address",
              },
            },
          ],
        };
    if (!checked.value) throw new ValidationError(checked.errors);
    recipient = checked.value;
    fee = await quotePostalFee(ports, { kind: "result_delivery", address: recipient.address });
  }
  const watchDueAt = new Date(input.now.getTime() + DELIVERY_WATCH_HOURS * 3_600_000);
  let orderId = asked?.id;
  await runCounterCommand(
    db,
    {
      actor: input.actor,
      dossierId: input.dossierId,
      expectedVersion: input.expectedVersion,
      now: input.now,
    },
    { type: "returnResult", channel: "post" },
    {
      alongside: async (trx, record) => {
        const task = await findOpenTask(trx, record.row.id);
        if (task)
          await closeTask(trx, task, {
            now: input.now,
            outcome: "Đã giao kết quả cho bưu điện",
            by: input.actor.userId,
          });
        const handedOver = {
          status: "sending" as const,
          handed_over_at: input.now,
          watch_due_at: watchDueAt,
          next_attempt_at: input.now,
          updated_at: input.now,
        };
        if (orderId)
          await trx.updateTable("postal_orders").set(handedOver).where("id", "=", orderId).execute();
        else
          orderId = (
            await trx
              .insertInto("postal_orders")
              .values({
                dossier_id: record.row.id,
                agency_id: record.row.agency_id,
                kind: "result_delivery",
                recipient_name: recipient!.name,
                recipient_phone: recipient!.phone,
                address: recipient!.address,
                fee,
                requested_by_user_id: input.actor.userId,
                requested_by_role: "counter_officer",
                created_at: input.now,
                ...handedOver,
              })
              .returning("id")
              .executeTakeFirstOrThrow()
          ).id;
        await appendPostalEvent(trx, record.row.id, {
          type: "postalHandedOver",
          at: input.now,
          actorUserId: input.actor.userId,
          actorRole: "counter_officer",
          payload: {
            postalOrderId: orderId,
            service: "result_delivery",
            fee,
            dueAt: watchDueAt.toISOString(),
          },
        });
      },
    },
  );
  return orderView(await sendPostalOrder(db, ports, orderId!, input.now));
}
