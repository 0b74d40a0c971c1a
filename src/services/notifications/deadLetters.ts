import type { Kysely } from "kysely";
import type { NotificationChannel, NotificationStatus } from "../../db/notificationTables.ts";
import type { Database } from "../../db/schema.ts";
import { type Actor, agencyIdsFor, hasRole } from "../accounts/actor.ts";
import { ConflictError, NotFoundError } from "../errors.ts";

/** A notification as administrators and officers see it (the body stays: it is what the recipient would read). */
export interface NotificationView {
  id: string;
  dossierId: string | null;
  dossierCode: string | null;
  kind: string;
  channel: NotificationChannel;
  address: string;
  subject: string | null;
  body: string;
  status: NotificationStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  deadAt: string | null;
}

function baseQuery(db: Kysely<Database>) {
  return db
    .selectFrom("notifications as n")
    .leftJoin("dossiers as d", "d.id", "n.dossier_id")
    .select([
      "n.id",
      "n.dossier_id",
      "d.code",
      "n.kind",
      "n.channel",
      "n.address",
      "n.subject",
      "n.body",
      "n.status",
      "n.attempts",
      "n.last_error",
      "n.created_at",
      "n.sent_at",
      "n.dead_at",
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>["execute"]>>[number];

function view(row: Row): NotificationView {
  return {
    id: row.id,
    dossierId: row.dossier_id,
    dossierCode: row.code,
    kind: row.kind,
    channel: row.channel,
    address: row.address,
    subject: row.subject,
    body: row.body,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
    deadAt: row.dead_at?.toISOString() ?? null,
  };
}

const isSystemAdmin = (actor: Actor) => actor.grants.some((grant) => grant.role === "system_admin");

/**
 * The dead letters an administrator may see: every one for the system administrator, those of their agencies'
 * dossiers for an agency administrator (notifications without a dossier — SMS lookup replies — are the system's).
 */
export async function listDeadLetters(
  db: Kysely<Database>,
  actor: Actor,
  page: { limit: number; offset: number },
): Promise<{ items: NotificationView[]; total: number }> {
  const agencies = isSystemAdmin(actor) ? null : agencyIdsFor(actor, ["agency_admin"]);
  if (agencies !== null && agencies.length === 0) return { items: [], total: 0 };
  let query = baseQuery(db).where("n.status", "=", "dead");
  let count = db
    .selectFrom("notifications as n")
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .where("n.status", "=", "dead");
  if (agencies !== null) {
    query = query.where("n.agency_id", "in", agencies);
    count = count.where("n.agency_id", "in", agencies);
  }
  const [rows, totals] = await Promise.all([
    query.orderBy("n.dead_at", "desc").orderBy("n.id").limit(page.limit).offset(page.offset).execute(),
    count.executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(view), total: Number(totals.total) };
}

const notFound = () => new NotFoundError({ vi: "Không tìm thấy thông báo", en: "No such notification" });

/**
 * Puts a dead letter back in the queue with a fresh count of attempts, due now. 404 when the administrator may not
 * see it; 409 when it is not (or no longer) a dead letter — two administrators retrying at once retry it once.
 */
export async function retryDeadLetter(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
  now: Date,
): Promise<NotificationView> {
  const row = await db
    .selectFrom("notifications")
    .select(["id", "agency_id", "status"])
    .where("id", "=", id)
    .executeTakeFirst();
  const mayTouch =
    row &&
    (isSystemAdmin(actor) ||
      (row.agency_id !== null && hasRole(actor, ["agency_admin"], { agencyId: row.agency_id })));
  if (!row || !mayTouch) throw notFound();
  const updated = await db
    .updateTable("notifications")
    .set({
      status: "pending",
      attempts: 0,
      available_at: now,
      dead_at: null,
      locked_until: null,
      lease_token: null,
    })
    .where("id", "=", id)
    .where("status", "=", "dead")
    .returning("id")
    .executeTakeFirst();
  if (!updated)
    throw new ConflictError("NOT_DEAD_LETTER", {
      vi: "Thông báo này không nằm trong danh sách gửi thất bại",
      en: "This notification is not a dead letter",
    });
  const fresh = await baseQuery(db).where("n.id", "=", id).executeTakeFirstOrThrow();
  return view(fresh);
}

/** Every notification of one dossier, oldest first: the delivery log officers read on the dossier. */
export async function dossierDeliveryLog(
  db: Kysely<Database>,
  dossierId: string,
): Promise<NotificationView[]> {
  const rows = await baseQuery(db)
    .where("n.dossier_id", "=", dossierId)
    .orderBy("n.created_at")
    .orderBy("n.id")
    .execute();
  return rows.map(view);
}
