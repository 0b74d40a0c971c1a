import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import {
  buildCloudEvent,
  cloudEventId,
  inScope,
  type PublicDossierState,
  scopedState,
} from "../../domain/events/dossierEvents.ts";
import { enqueueDeliveries, type NewDelivery } from "../delivery/outboundQueue.ts";
import { unhandledOutboxIds } from "../delivery/outboxConsumer.ts";
import { subscriptionDestination } from "./subscriptions.ts";

/** The consumer name of the outbound events in outbox_consumptions. */
export const EVENTS_CONSUMER = "events";

export interface EventFanOutCounts {
  events: number;
  deliveries: number;
}

const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);

/**
 * The dossier's public state now, as partner systems see it (R-LOOK-2: the appointment and reception date once
 * accepted; the applicant's name and organisation only, for scopes that include them).
 */
export async function loadPublicState(
  db: Kysely<Database> | Transaction<Database>,
  dossierId: string,
): Promise<(PublicDossierState & { agencyId: string; decidingAgencyId: string }) | undefined> {
  const row = await db
    .selectFrom("dossiers as d")
    .innerJoin("procedures as p", "p.id", "d.procedure_id")
    .innerJoin("agencies as a", "a.id", "d.agency_id")
    .innerJoin("agencies as da", "da.id", "d.deciding_agency_id")
    .select([
      "d.code",
      "d.national_code",
      "d.version",
      "d.channel",
      "d.status",
      "d.submitted_at",
      "d.received_at",
      "d.due_at",
      "d.finished_at",
      "d.returned_at",
      "d.applicant_name",
      "d.organisation_name",
      "d.agency_id",
      "d.deciding_agency_id",
      "p.code as procedure_code",
      "a.code as agency_code",
      "da.code as deciding_agency_code",
    ])
    .where("d.id", "=", dossierId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    code: row.code,
    nationalCode: row.national_code,
    sequence: row.version,
    procedureCode: row.procedure_code,
    receivingAgencyCode: row.agency_code,
    decidingAgencyCode: row.deciding_agency_code,
    channel: row.channel,
    status: row.status,
    submittedAt: new Date(row.submitted_at).toISOString(),
    receivedAt: iso(row.received_at),
    appointmentAt: row.received_at ? iso(row.due_at) : null,
    finishedAt: iso(row.finished_at),
    returnedAt: iso(row.returned_at),
    applicant: { name: row.applicant_name, organisationName: row.organisation_name },
    agencyId: row.agency_id,
    decidingAgencyId: row.deciding_agency_id,
  };
}

/**
 * One outbox row of a dossier event → one delivery per active subscription whose scope takes it and which existed
 * when the event happened (a new subscription does not receive the past; a replay does not reach before it either).
 * Recorded in outbox_consumptions in the same transaction, so any number of workers may run this and each event is
 * handled once. The dossier row is locked first so one dossier's events are queued in their order.
 */
async function handleEvent(
  trx: Transaction<Database>,
  outboxId: number,
  source: string,
  now: Date,
): Promise<number | undefined> {
  const claimed = await trx
    .insertInto("outbox_consumptions")
    .values({ consumer: EVENTS_CONSUMER, outbox_id: outboxId, processed_at: now })
    .onConflict((conflict) => conflict.columns(["consumer", "outbox_id"]).doNothing())
    .returning("outbox_id")
    .executeTakeFirst();
  if (!claimed) return undefined;
  const event = await trx
    .selectFrom("outbox as o")
    .innerJoin("dossier_events as e", (join) =>
      join.onRef("e.dossier_id", "=", "o.dossier_id").onRef("e.sequence", "=", "o.event_sequence"),
    )
    .select(["e.dossier_id", "e.sequence", "e.type", "e.at", "e.from_status", "e.to_status"])
    .where("o.id", "=", outboxId)
    .executeTakeFirst();
  if (!event) return 0;
  const subscriptions = await trx
    .selectFrom("event_subscriptions")
    .selectAll()
    .where("active", "=", true)
    .where("created_at", "<=", event.at)
    .execute();
  if (subscriptions.length === 0) return 0;
  await trx.selectFrom("dossiers").select("id").where("id", "=", event.dossier_id).forUpdate().execute();
  const state = await loadPublicState(trx, event.dossier_id);
  if (!state) return 0;
  const { agencyId, decidingAgencyId, ...publicState } = state;
  const facts = {
    type: event.type,
    sequence: event.sequence,
    at: new Date(event.at).toISOString(),
    fromStatus: event.from_status,
    toStatus: event.to_status,
  };
  const deliveries: NewDelivery[] = [];
  for (const subscription of subscriptions) {
    const scope = {
      agencyIds: (subscription.agency_ids as unknown as string[]) ?? [],
      eventTypes: (subscription.event_types as unknown as string[]) ?? [],
      includeApplicant: subscription.include_applicant,
    };
    if (!inScope(scope, { type: event.type, agencyId, decidingAgencyId })) continue;
    const cloudEvent = buildCloudEvent({
      source,
      dossierId: event.dossier_id,
      event: facts,
      dossier: scopedState(publicState, scope) as PublicDossierState,
    });
    deliveries.push({
      destination: subscriptionDestination(subscription.id),
      idempotencyKey: `${subscriptionDestination(subscription.id)}:${cloudEventId(event.dossier_id, event.sequence)}`,
      // Per subscription and dossier: one subscriber's outage never holds another's deliveries back.
      orderingKey: `${subscription.id}:${event.dossier_id}`,
      sequence: event.sequence,
      dossierId: event.dossier_id,
      agencyId,
      payload: cloudEvent as unknown as Record<string, unknown>,
    });
  }
  return enqueueDeliveries(trx, deliveries, now);
}

/** Turns new dossier events into deliveries for the subscriptions whose scope takes them. */
export async function fanOutEvents(
  db: Kysely<Database>,
  now: Date,
  options: { source: string; batchSize?: number },
): Promise<EventFanOutCounts> {
  const counts: EventFanOutCounts = { events: 0, deliveries: 0 };
  // Events from before every active subscription existed go to nobody: consumed in one statement, not one by one
  // (the first subscription of a province with a long history would otherwise walk all of it, a row at a time).
  await sql`
    insert into outbox_consumptions (consumer, outbox_id, processed_at)
    select ${EVENTS_CONSUMER}, o.id, ${now}
      from outbox o
      join dossier_events e on e.dossier_id = o.dossier_id and e.sequence = o.event_sequence
     where o.topic = 'dossier.event'
       and o.id > coalesce((select max(outbox_id) from outbox_consumptions where consumer = ${EVENTS_CONSUMER}), 0) - 10000
       and e.at < (select min(created_at) from event_subscriptions where active)
    on conflict do nothing`.execute(db);
  const candidates = await unhandledOutboxIds(db, EVENTS_CONSUMER, options.batchSize ?? 200);
  for (const id of candidates) {
    const created = await db.transaction().execute((trx) => handleEvent(trx, id, options.source, now));
    if (created === undefined) continue;
    counts.events += 1;
    counts.deliveries += created;
  }
  return counts;
}
