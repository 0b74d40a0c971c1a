import { type Kysely, sql, type Transaction } from "kysely";
import type { NotificationChannel, NotificationsTable } from "../../db/notificationTables.ts";
import type { Database } from "../../db/schema.ts";
import { receiptNumberText } from "../../domain/fees/paymentChecks.ts";
import { unhandledOutboxIds } from "../delivery/outboxConsumer.ts";
import { findStep, workflowFor } from "../dossiers/processing/defaultWorkflow.ts";
import { nextTurn } from "./deliverNotifications.ts";
import type { DossierFacts } from "./notificationContent.ts";
import { type PlannedNotification, planNotifications } from "./planNotifications.ts";
import { addNeeds, loadPeople, noNeeds, type People, resolveAudience } from "./recipients.ts";
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

/**
 * Outbox rows fanned out in one transaction, at most (issue #21, smoothing): enough to share each statement among many
 * events at peak, few enough that planning and rendering a batch takes the event loop only a few milliseconds and
 * its claims hold up a second dispatcher briefly. The event loop serves waiting requests between two batches.
 */
const EVENTS_PER_TRANSACTION = 50;

interface FanOutSettings {
  now: Date;
  maxEventAgeHours: number;
  publicUrl: string;
}

/**
 * Claims the rows for this consumer in one statement: a second dispatcher's insert of a row we claimed waits for our
 * commit, then finds the key taken and skips it. Rows go in ascending id order in every dispatcher, so two
 * dispatchers with overlapping batches wait for one another in one direction only (no deadlock).
 */
async function claimOutboxRows(trx: Transaction<Database>, ids: readonly number[], now: Date) {
  const { rows } = await sql<{ outbox_id: string | number }>`
    insert into outbox_consumptions (consumer, outbox_id, processed_at)
    select ${NOTIFICATION_CONSUMER}, c.id, ${now}::timestamptz
      from unnest(${[...ids].sort((a, b) => a - b)}::bigint[]) as c (id)
    on conflict (consumer, outbox_id) do nothing
    returning outbox_id`.execute(trx);
  return rows.map((row) => Number(row.outbox_id));
}

/** The logged event behind each outbox row, with its dossier's facts, oldest first; one statement for the batch. */
function readSources(trx: Transaction<Database>, outboxIds: readonly number[]) {
  return trx
    .selectFrom("outbox as o")
    .innerJoin("dossier_events as e", (join) =>
      join.onRef("e.dossier_id", "=", "o.dossier_id").onRef("e.sequence", "=", "o.event_sequence"),
    )
    .innerJoin("dossiers as d", "d.id", "o.dossier_id")
    .innerJoin("procedures as p", "p.id", "d.procedure_id")
    .innerJoin("agencies as a", "a.id", "d.agency_id")
    .select([
      "o.id as outbox_id",
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
    .where(sql<boolean>`o.id = any(${[...outboxIds]}::bigint[])`)
    .orderBy("o.id")
    .execute();
}

type Source = Awaited<ReturnType<typeof readSources>>[number];

/** What the event gives (R-LOOK-3 and the officers' warnings), with the few lookups some events need. */
function planFor(trx: Transaction<Database>, source: Source, publicUrl: string) {
  return planNotifications(
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
}

/** A notification row as the fan-out writes it: the table's columns, for an event of a dossier. */
type NotificationRowValues = Pick<
  NotificationsTable,
  "idempotency_key" | "kind" | "channel" | "recipient_user_id" | "address" | "language" | "subject" | "body"
> & { outbox_id: number; dossier_id: string; agency_id: string };

/** One row per planned notification × recipient × channel the recipient has an address for. */
function notificationRows(source: Source, planned: PlannedNotification[], people: People) {
  const facts: DossierFacts = {
    code: source.code,
    procedureName: source.procedure_name,
    agencyName: source.agency_name,
    applicantName: source.applicant_name,
  };
  const outboxId = Number(source.outbox_id);
  const rows: NotificationRowValues[] = [];
  for (const plan of planned) {
    for (const recipient of resolveAudience(people, plan.audience, source)) {
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
        });
      }
    }
  }
  return rows;
}

/**
 * Inserts the batch's notifications, pending and due now, in one statement whatever their number (one array per
 * column: one statement text, and no limit on bind parameters). A key that exists already is skipped.
 */
async function insertNotifications(trx: Transaction<Database>, rows: NotificationRowValues[], now: Date) {
  if (rows.length === 0) return 0;
  const column = <K extends keyof NotificationRowValues>(key: K) => rows.map((row) => row[key]);
  const { rows: inserted } = await sql`
    insert into notifications (idempotency_key, outbox_id, dossier_id, agency_id, kind, channel,
      recipient_user_id, address, language, subject, body, status, available_at, created_at)
    select r.idempotency_key, r.outbox_id, r.dossier_id, r.agency_id, r.kind, r.channel, r.recipient_user_id,
      r.address, r.language, r.subject, r.body, 'pending', ${now}::timestamptz, ${now}::timestamptz
      from unnest(${column("idempotency_key")}::text[], ${column("outbox_id")}::bigint[],
        ${column("dossier_id")}::uuid[], ${column("agency_id")}::uuid[], ${column("kind")}::text[],
        ${column("channel")}::text[], ${column("recipient_user_id")}::uuid[], ${column("address")}::text[],
        ${column("language")}::text[], ${column("subject")}::text[], ${column("body")}::text[])
        as r (idempotency_key, outbox_id, dossier_id, agency_id, kind, channel, recipient_user_id, address,
          language, subject, body)
    on conflict (idempotency_key) do nothing
    returning 1`.execute(trx);
  return inserted.length;
}

/**
 * One transaction for up to EVENTS_PER_TRANSACTION outbox rows (issue #21): the claims, the events' sources, the
 * people to tell and the notifications each take one statement for the whole batch, where each event took about
 * ten in a transaction of its own.
 */
async function fanOutBatch(
  trx: Transaction<Database>,
  ids: readonly number[],
  settings: FanOutSettings,
): Promise<FanOutCounts> {
  const claimed = await claimOutboxRows(trx, ids, settings.now);
  if (claimed.length === 0) return { events: 0, notifications: 0 };
  const oldest = settings.now.getTime() - settings.maxEventAgeHours * 3_600_000;
  const plans: { source: Source; planned: PlannedNotification[] }[] = [];
  const needs = noNeeds();
  // Outbox rows of other topics, or without a logged event, have no source and notify nobody; they stay consumed.
  for (const source of await readSources(trx, claimed)) {
    // An event older than this is news to nobody (a dispatcher down for days, or the first run on an old outbox): it
    // is consumed without telling anyone rather than flooding people with stale messages.
    if (source.at.getTime() < oldest) continue;
    const planned = await planFor(trx, source, settings.publicUrl);
    for (const plan of planned) addNeeds(needs, plan.audience, source);
    plans.push({ source, planned });
  }
  const people = await loadPeople(trx, needs);
  const rows = plans.flatMap(({ source, planned }) => notificationRows(source, planned, people));
  return { events: claimed.length, notifications: await insertNotifications(trx, rows, settings.now) };
}

/**
 * Turns outbox rows of dossier events into notification rows, without hiding them from other consumers: what this
 * consumer has handled is recorded in outbox_consumptions, in the same transaction as the notifications it produced
 * (a crash in between leaves the rows to be handled again, and the unique keys keep that idempotent).
 */
export async function fanOutOutbox(
  db: Kysely<Database>,
  now: Date,
  /** publicUrl: OneStop's public address, for links in messages (the e-receipt's verification page, R-FEE-3). */
  options: { batchSize?: number; maxEventAgeHours?: number; publicUrl?: string | undefined } = {},
): Promise<FanOutCounts> {
  const counts: FanOutCounts = { events: 0, notifications: 0 };
  const settings: FanOutSettings = {
    now,
    maxEventAgeHours: options.maxEventAgeHours ?? DEFAULT_MAX_EVENT_AGE_HOURS,
    publicUrl: options.publicUrl ?? "",
  };
  const candidates = await unhandledOutboxIds(db, NOTIFICATION_CONSUMER, options.batchSize ?? 100);
  for (let start = 0; start < candidates.length; start += EVENTS_PER_TRANSACTION) {
    // Issue #21 (smoothing): a batch's work is bounded, and the event loop serves waiting requests between two.
    if (start > 0) await nextTurn();
    const batch = candidates.slice(start, start + EVENTS_PER_TRANSACTION);
    const done = await db.transaction().execute((trx) => fanOutBatch(trx, batch, settings));
    counts.events += done.events;
    counts.notifications += done.notifications;
  }
  return counts;
}
