import type { Kysely, Transaction } from "kysely";
import type { NotificationChannel } from "../../db/notificationTables.ts";
import type { Database } from "../../db/schema.ts";
import { receiptNumberText } from "../../domain/fees/paymentChecks.ts";
import { unhandledOutboxIds } from "../delivery/outboxConsumer.ts";
import { findStep, workflowFor } from "../dossiers/processing/defaultWorkflow.ts";
import { nextTurn } from "./deliverNotifications.ts";
import type { DossierFacts } from "./notificationContent.ts";
import { planNotifications } from "./planNotifications.ts";
import { resolveAudience } from "./recipients.ts";
import { renderNotification } from "./templates.ts";

/** The consumer name of the notification dispatcher in outbox_consumptions. */
export const NOTIFICATION_CONSUMER = "notifications";

const CHANNELS: readonly NotificationChannel[] = ["email", "sms", "social", "zalo"];

/** NOTIFY_MAX_EVENT_AGE_HOURS by default. */
export const DEFAULT_MAX_EVENT_AGE_HOURS = 72;

export interface FanOutCounts {
  /** Outbox rows this call handled (each exactly once across all dispatchers). */
  events: number;
  /** Notification rows created. */
  notifications: number;
}

/**
 * The key of one notification: outbox row × kind × recipient × channel. Unique in the table, so however often an
 * outbox row is turned into notifications, each exists once; also the Message-ID / Idempotency-Key at the gateway.
 * Only characters allowed in a Message-ID's left part.
 */
export function notificationKey(
  outboxId: number,
  kind: string,
  recipient: string,
  channel: NotificationChannel,
) {
  return `n-${outboxId}-${kind}-${recipient}-${channel}`;
}

async function handleOne(
  trx: Transaction<Database>,
  outboxId: number,
  now: Date,
  maxEventAgeHours: number,
  publicUrl: string,
): Promise<number | undefined> {
  // Claim the row for this consumer: a second dispatcher's insert waits for ours, then finds the key taken.
  const claimed = await trx
    .insertInto("outbox_consumptions")
    .values({ consumer: NOTIFICATION_CONSUMER, outbox_id: outboxId, processed_at: now })
    .onConflict((conflict) => conflict.columns(["consumer", "outbox_id"]).doNothing())
    .returning("outbox_id")
    .executeTakeFirst();
  if (!claimed) return undefined;
  const source = await trx
    .selectFrom("outbox as o")
    .innerJoin("dossier_events as e", (join) =>
      join.onRef("e.dossier_id", "=", "o.dossier_id").onRef("e.sequence", "=", "o.event_sequence"),
    )
    .innerJoin("dossiers as d", "d.id", "o.dossier_id")
    .innerJoin("procedures as p", "p.id", "d.procedure_id")
    .innerJoin("agencies as a", "a.id", "d.agency_id")
    .select([
      "e.type",
      "e.payload",
      "e.at",
      "d.id as dossier_id",
      "d.code",
      "d.agency_id",
      "d.procedure_id",
      "d.deciding_agency_id",
      "d.owner_user_id",
      "d.applicant_name",
      "d.applicant_email",
      "d.applicant_phone",
      "p.name as procedure_name",
      "a.name as agency_name",
    ])
    .where("o.id", "=", outboxId)
    .executeTakeFirst();
  // Outbox rows of other topics, or without a logged event, notify nobody; they stay consumed.
  if (!source) return 0;
  // An event older than this is news to nobody (a dispatcher down for days, or the first run on an old outbox): it is
  // consumed without telling anyone rather than flooding people with stale messages.
  if (source.at.getTime() < now.getTime() - maxEventAgeHours * 3_600_000) return 0;
  const planned = await planNotifications(
    { type: source.type, payload: source.payload as Record<string, unknown> },
    {
      consultation: async (id) => {
        const row = await trx
          .selectFrom("consultations")
          .select(["requested_by", "question"])
          .where("id", "=", id)
          .executeTakeFirst();
        return row ? { requestedBy: row.requested_by, question: row.question } : undefined;
      },
      stepLabel: (step) => findStep(workflowFor(source), step)?.label ?? { vi: step, en: step },
      receipt: async (id) => {
        const row = await trx
          .selectFrom("receipts")
          .select(["series", "number", "verification_code"])
          .where("id", "=", id)
          .executeTakeFirst();
        return row
          ? {
              number: `${row.series}-${receiptNumberText(row.number)}`,
              verifyUrl: `${publicUrl.replace(/\/$/, "")}/xac-minh-bien-lai/${row.verification_code}`,
            }
          : undefined;
      },
    },
  );
  const facts: DossierFacts = {
    code: source.code,
    procedureName: source.procedure_name,
    agencyName: source.agency_name,
    applicantName: source.applicant_name,
  };
  const rows = [];
  for (const plan of planned) {
    for (const recipient of await resolveAudience(trx, plan.audience, source)) {
      const rendered = renderNotification(plan.content, facts, recipient.language, recipient.name);
      for (const channel of CHANNELS) {
        const address = recipient.addresses[channel];
        if (!address) continue;
        rows.push({
          idempotency_key: notificationKey(
            outboxId,
            plan.content.kind,
            recipient.keyPart ?? recipient.userId ?? "applicant",
            channel,
          ),
          outbox_id: outboxId,
          dossier_id: source.dossier_id,
          agency_id: source.agency_id,
          kind: plan.content.kind,
          channel,
          recipient_user_id: recipient.userId,
          address,
          language: recipient.language,
          subject: channel === "email" ? rendered.subject : null,
          body:
            channel === "sms"
              ? rendered.short
              : channel === "social" || channel === "zalo"
                ? `${rendered.subject}\n\n${rendered.body}`
                : rendered.body,
          status: "pending" as const,
          available_at: now,
          created_at: now,
        });
      }
    }
  }
  if (rows.length === 0) return 0;
  const inserted = await trx
    .insertInto("notifications")
    .values(rows)
    .onConflict((conflict) => conflict.column("idempotency_key").doNothing())
    .returning("id")
    .execute();
  return inserted.length;
}

/**
 * Turns outbox rows of dossier events into notification rows, without hiding them from other consumers: what this
 * consumer has handled is recorded in outbox_consumptions, in the same transaction as the notifications it produced
 * (a crash in between leaves the row to be handled again, and the unique keys keep that idempotent).
 */
export async function fanOutOutbox(
  db: Kysely<Database>,
  now: Date,
  /** publicUrl: OneStop's public address, for links in messages (the e-receipt's verification page, R-FEE-3). */
  options: { batchSize?: number; maxEventAgeHours?: number; publicUrl?: string | undefined } = {},
): Promise<FanOutCounts> {
  const counts: FanOutCounts = { events: 0, notifications: 0 };
  const candidates = await unhandledOutboxIds(db, NOTIFICATION_CONSUMER, options.batchSize ?? 100);
  for (const [index, id] of candidates.entries()) {
    // Issue #21 (smoothing): the event loop serves waiting requests between two events' transactions.
    if (index > 0) await nextTurn();
    const created = await db
      .transaction()
      .execute((trx) =>
        handleOne(
          trx,
          id,
          now,
          options.maxEventAgeHours ?? DEFAULT_MAX_EVENT_AGE_HOURS,
          options.publicUrl ?? "",
        ),
      );
    if (created === undefined) continue;
    counts.events += 1;
    counts.notifications += created;
  }
  return counts;
}
