import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { formatInstant } from "../../domain/calendar/workingCalendar.ts";
import {
  checkMaintenancePlan,
  type MaintenancePhase,
  maintenancePhase,
  readableInstant,
} from "../../domain/operations/maintenanceNotice.ts";
import type { Actor } from "../accounts/actor.ts";
import { loadWorkingCalendar } from "../calendar/loadCalendar.ts";
import { ConflictError, NotFoundError, UnprocessableError } from "../errors.ts";

export interface MaintenanceView {
  id: string;
  title: string;
  message: string;
  announcedAt: string;
  startsAt: string;
  endsAt: string;
  restrictWrites: boolean;
  cancelledAt: string | null;
  phase: MaintenancePhase;
}

type Row = Awaited<ReturnType<typeof findRows>>[number];
const findRows = (db: Kysely<Database>) => db.selectFrom("maintenance_windows").selectAll().execute();

export function maintenanceView(row: Row, now: Date): MaintenanceView {
  return {
    id: row.id,
    title: row.title,
    message: row.message,
    announcedAt: formatInstant(row.announced_at),
    startsAt: formatInstant(row.starts_at),
    endsAt: formatInstant(row.ends_at),
    restrictWrites: row.restrict_writes,
    cancelledAt: row.cancelled_at === null ? null : formatInstant(row.cancelled_at),
    phase: maintenancePhase(
      {
        announcedAt: row.announced_at,
        startsAt: row.starts_at,
        endsAt: row.ends_at,
        cancelledAt: row.cancelled_at,
      },
      now,
    ),
  };
}

export interface MaintenanceInput {
  title: string;
  message: string;
  startsAt: Date;
  endsAt: Date;
  restrictWrites: boolean;
}

/**
 * Announces planned maintenance (R-OPS-3): refused unless it starts at least 5 working days after now, on the
 * province's working calendar. In the same transaction every active officer with an e-mail address gets a notice
 * through the notification dispatcher (R-OPS-2: agencies are told of outages).
 */
export async function announceMaintenance(
  db: Kysely<Database>,
  command: { actor: Actor; input: MaintenanceInput; now: Date; publicUrl: string },
): Promise<MaintenanceView> {
  const { input, now } = command;
  const calendar = await loadWorkingCalendar(db);
  const outcome = checkMaintenancePlan(calendar, {
    announcedAt: now,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
  });
  if (!outcome.ok) throw new UnprocessableError(outcome.refusal.code, outcome.refusal.message);
  const row = await inTransaction(db, async (trx) => {
    const created = await trx
      .insertInto("maintenance_windows")
      .values({
        title: input.title.trim(),
        message: input.message.trim(),
        announced_at: now,
        starts_at: input.startsAt,
        ends_at: input.endsAt,
        restrict_writes: input.restrictWrites,
        created_by: command.actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const officers = await trx
      .selectFrom("users")
      .select(["id", "email"])
      .where("kind", "=", "officer")
      .where("is_active", "=", true)
      .where("email", "is not", null)
      .execute();
    const statusUrl = new URL("/trang-thai-he-thong", command.publicUrl).toString();
    const subject = `Thông báo bảo trì hệ thống: ${created.title}`;
    const body =
      `Hệ thống Cổng Dịch vụ công và Một cửa điện tử sẽ bảo trì từ ${readableInstant(created.starts_at)} ` +
      `đến ${readableInstant(created.ends_at)}.\n\n${created.message}\n\n` +
      `Trong thời gian bảo trì, tra cứu hồ sơ vẫn hoạt động. Chi tiết: ${statusUrl}`;
    if (officers.length > 0)
      await trx
        .insertInto("notifications")
        .values(
          officers.map((officer) => ({
            idempotency_key: `maintenance-${created.id}-${officer.id}`,
            kind: "maintenanceAnnounced",
            channel: "email" as const,
            recipient_user_id: officer.id,
            address: officer.email!,
            language: "vi" as const,
            subject,
            body,
            status: "pending" as const,
            available_at: now,
            created_at: now,
          })),
        )
        .onConflict((conflict) => conflict.column("idempotency_key").doNothing())
        .execute();
    return created;
  });
  return maintenanceView(row, now);
}

/** Cancels an announced window that has not ended: the banner goes and writes stay open. */
export async function cancelMaintenance(
  db: Kysely<Database>,
  command: { id: string; now: Date },
): Promise<MaintenanceView> {
  const row = await db
    .selectFrom("maintenance_windows")
    .selectAll()
    .where("id", "=", command.id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError({ vi: "Không tìm thấy lịch bảo trì", en: "No such maintenance window" });
  if (row.cancelled_at !== null || row.ends_at.getTime() <= command.now.getTime())
    throw new ConflictError("MAINTENANCE_NOT_CANCELLABLE", {
      vi: "Lịch bảo trì đã kết thúc hoặc đã được hủy",
      en: "The maintenance window has ended or was already cancelled",
    });
  const updated = await db
    .updateTable("maintenance_windows")
    .set({ cancelled_at: command.now })
    .where("id", "=", row.id)
    .where("cancelled_at", "is", null)
    .returningAll()
    .executeTakeFirstOrThrow();
  return maintenanceView(updated, command.now);
}

/** Every window, latest start first (the admin's list). */
export async function listMaintenance(db: Kysely<Database>, now: Date): Promise<MaintenanceView[]> {
  const rows = await db
    .selectFrom("maintenance_windows")
    .selectAll()
    .orderBy("starts_at", "desc")
    .limit(200)
    .execute();
  return rows.map((row) => maintenanceView(row, now));
}

/** The window in force at `now` that closes citizens' writes, if any (the maintenance hook asks this). */
export async function activeWriteRestriction(
  db: Kysely<Database>,
  now: Date,
): Promise<{ endsAt: Date; title: string } | undefined> {
  const row = await db
    .selectFrom("maintenance_windows")
    .select(["ends_at", "title"])
    .where("restrict_writes", "=", true)
    .where("cancelled_at", "is", null)
    .where("starts_at", "<=", now)
    .where("ends_at", ">", now)
    .orderBy("ends_at", "desc")
    .executeTakeFirst();
  return row ? { endsAt: row.ends_at, title: row.title } : undefined;
}
