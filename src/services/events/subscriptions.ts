import { randomBytes } from "node:crypto";
import { type Kysely, type Selectable, sql } from "kysely";
import type { EventSubscriptionsTable } from "../../db/eventSubscriptionTables.ts";
import type { Database } from "../../db/schema.ts";
import { EVENT_TYPE_NAME, isAllowedTargetUrl } from "../../domain/events/dossierEvents.ts";
import type { Actor } from "../accounts/actor.ts";
import { recordAdminChange } from "../admin/auditLog.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import type { FieldError } from "../validation/messages.ts";

/**
 * Subscriptions of partner systems to OneStop's dossier events (issue #18, seed 004 Đ18.2), managed by the system
 * administrator: a name, a target address (https; http on loopback only), a signing secret, a scope (agencies, event
 * types, whether the applicant's name travels) and an active flag. Every change is in the admin audit log, without
 * the secret.
 */

export type SubscriptionRow = Selectable<EventSubscriptionsTable>;

/** The destination of a subscription's rows in the one outbound queue. */
export const subscriptionDestination = (id: string) => `events:${id}`;

export interface SubscriptionView {
  id: string;
  name: string;
  targetUrl: string;
  agencyIds: string[];
  eventTypes: string[];
  includeApplicant: boolean;
  active: boolean;
  createdAt: string;
  updatedAt: string;
  deliveries: {
    pending: number;
    sent: number;
    dead: number;
    oldestPendingAt: string | null;
    lastError: string | null;
  };
}

export interface SubscriptionInput {
  name: string;
  targetUrl: string;
  /** Omitted on creation: OneStop generates one and returns it once. */
  secret?: string | undefined;
  agencyIds: string[];
  eventTypes: string[];
  includeApplicant: boolean;
  active: boolean;
}

const notFound = () =>
  new NotFoundError({ vi: "Không tìm thấy đăng ký nhận sự kiện", en: "Event subscription not found" });

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

async function deliveryStats(db: Kysely<Database>, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, SubscriptionView["deliveries"]>();
  const rows = await db
    .selectFrom("outbound_deliveries")
    .select([
      "destination",
      sql<string>`count(*) filter (where status = 'pending')`.as("pending"),
      sql<string>`count(*) filter (where status = 'sent')`.as("sent"),
      sql<string>`count(*) filter (where status = 'dead')`.as("dead"),
      sql<Date | null>`min(created_at) filter (where status = 'pending')`.as("oldest"),
      sql<
        string | null
      >`(array_agg(last_error order by id desc) filter (where last_error is not null))[1]`.as("last_error"),
    ])
    .where("destination", "in", ids.map(subscriptionDestination))
    .groupBy("destination")
    .execute();
  const stats = new Map<string, SubscriptionView["deliveries"]>();
  for (const row of rows)
    stats.set(row.destination.slice("events:".length), {
      pending: Number(row.pending),
      sent: Number(row.sent),
      dead: Number(row.dead),
      oldestPendingAt: row.oldest ? new Date(row.oldest).toISOString() : null,
      lastError: row.last_error,
    });
  return stats;
}

function view(row: SubscriptionRow, stats: SubscriptionView["deliveries"] | undefined): SubscriptionView {
  return {
    id: row.id,
    name: row.name,
    targetUrl: row.target_url,
    agencyIds: asList(row.agency_ids),
    eventTypes: asList(row.event_types),
    includeApplicant: row.include_applicant,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deliveries: stats ?? { pending: 0, sent: 0, dead: 0, oldestPendingAt: null, lastError: null },
  };
}

export async function listSubscriptions(db: Kysely<Database>): Promise<SubscriptionView[]> {
  const rows = await db.selectFrom("event_subscriptions").selectAll().orderBy("name").execute();
  const stats = await deliveryStats(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => view(row, stats.get(row.id)));
}

export async function getSubscription(db: Kysely<Database>, id: string): Promise<SubscriptionView> {
  const row = await db.selectFrom("event_subscriptions").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound();
  return view(row, (await deliveryStats(db, [id])).get(id));
}

/** Field-level checks the schema cannot make: the address rule and agencies that exist. */
async function validate(db: Kysely<Database>, input: SubscriptionInput): Promise<void> {
  const fields: FieldError[] = [];
  if (!isAllowedTargetUrl(input.targetUrl))
    fields.push({
      field: "targetUrl",
      message: {
        vi: "Địa chỉ nhận phải dùng https (http chỉ được phép với máy cục bộ) và không chứa tên đăng nhập, mật khẩu",
        en: "The target address must use https (http only on the local machine) and carry no user name or password",
      },
    });
  const badType = input.eventTypes.findIndex((type) => !EVENT_TYPE_NAME.test(type));
  if (badType >= 0)
    fields.push({
      field: `eventTypes.${badType}`,
      message: { vi: "Loại sự kiện không hợp lệ", en: "Not a valid event type" },
    });
  const agencyIds = [...new Set(input.agencyIds)];
  if (agencyIds.length > 0) {
    const known = await db.selectFrom("agencies").select("id").where("id", "in", agencyIds).execute();
    const knownIds = new Set(known.map((row) => row.id));
    const unknown = input.agencyIds.findIndex((id) => !knownIds.has(id));
    if (unknown >= 0)
      fields.push({
        field: `agencyIds.${unknown}`,
        message: { vi: "Không có cơ quan này", en: "No such agency" },
      });
  }
  if (fields.length > 0) throw new ValidationError(fields);
}

const duplicateName = () =>
  new ConflictError("SUBSCRIPTION_NAME_TAKEN", {
    vi: "Đã có đăng ký nhận sự kiện mang tên này",
    en: "An event subscription with this name already exists",
  });

async function nameTaken(db: Kysely<Database>, name: string, exceptId?: string) {
  let query = db
    .selectFrom("event_subscriptions")
    .select("id")
    .where(sql<string>`lower(name)`, "=", name.trim().toLowerCase());
  if (exceptId) query = query.where("id", "<>", exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** What the audit log keeps of a subscription: everything but the secret. */
const audited = (row: SubscriptionRow) => ({
  name: row.name,
  targetUrl: row.target_url,
  agencyIds: asList(row.agency_ids),
  eventTypes: asList(row.event_types),
  includeApplicant: row.include_applicant,
  active: row.active,
});

/** A new subscription; the answer carries the signing secret, the only time it is ever shown. */
export async function createSubscription(
  db: Kysely<Database>,
  actor: Actor,
  input: SubscriptionInput,
  now: Date,
): Promise<SubscriptionView & { secret: string }> {
  await validate(db, input);
  if (await nameTaken(db, input.name)) throw duplicateName();
  const secret = input.secret ?? randomBytes(32).toString("base64url");
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("event_subscriptions")
      .values({
        name: input.name.trim(),
        target_url: input.targetUrl,
        secret,
        agency_ids: JSON.stringify([...new Set(input.agencyIds)]),
        event_types: JSON.stringify([...new Set(input.eventTypes)]),
        include_applicant: input.includeApplicant,
        active: input.active,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAdminChange(trx, actor, now, {
      agencyId: null,
      action: "create",
      entity: "event_subscription",
      entityId: row.id,
      summary: `Đăng ký nhận sự kiện ${row.name}`,
      before: null,
      after: audited(row),
    });
    return { ...view(row, undefined), secret };
  });
}

/** Changes a subscription; a new secret replaces the old one at once (the subscriber must accept both meanwhile). */
export async function updateSubscription(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
  input: SubscriptionInput,
  now: Date,
): Promise<SubscriptionView> {
  const before = await db
    .selectFrom("event_subscriptions")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  if (!before) throw notFound();
  await validate(db, input);
  if (await nameTaken(db, input.name, id)) throw duplicateName();
  const row = await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("event_subscriptions")
      .set({
        name: input.name.trim(),
        target_url: input.targetUrl,
        ...(input.secret ? { secret: input.secret } : {}),
        agency_ids: JSON.stringify([...new Set(input.agencyIds)]),
        event_types: JSON.stringify([...new Set(input.eventTypes)]),
        include_applicant: input.includeApplicant,
        active: input.active,
        updated_at: now,
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAdminChange(trx, actor, now, {
      agencyId: null,
      action: "update",
      entity: "event_subscription",
      entityId: id,
      summary: `Sửa đăng ký nhận sự kiện ${updated.name}${input.secret ? " (đổi khóa ký)" : ""}`,
      before: audited(before),
      after: audited(updated),
    });
    return updated;
  });
  return getSubscription(db, row.id);
}

export async function findSubscriptionRow(db: Kysely<Database>, id: string) {
  return db.selectFrom("event_subscriptions").selectAll().where("id", "=", id).executeTakeFirst();
}

export { notFound as subscriptionNotFound };
