import type { WorkingCalendar } from "../calendar/types.ts";
import { formatInstant } from "../calendar/workingCalendar.ts";
import { type Outcome, refusal } from "../refusal.ts";

/**
 * R-OPS-3: planned maintenance is announced at least 5 working days ahead. The safest reading is taken: the window may
 * start no earlier than the announcement plus 5 working days on the province's working calendar (40 working hours
 * counted from the announcement's normalized start, R-CAL-5), so a Monday 10:00 announcement allows the next Monday
 * 10:00 at the earliest, and holidays on the way push it further.
 */
export const MAINTENANCE_NOTICE_WORKING_DAYS = 5;

export interface MaintenancePlan {
  announcedAt: Date;
  startsAt: Date;
  endsAt: Date;
}

/** The earliest start a maintenance window announced at `announcedAt` may have (R-OPS-3). */
export function earliestMaintenanceStart(
  calendar: WorkingCalendar,
  announcedAt: Date,
  noticeWorkingDays: number = MAINTENANCE_NOTICE_WORKING_DAYS,
): Date {
  return calendar.add(announcedAt, { amount: noticeWorkingDays, unit: "wd" });
}

/** "dd/mm/yyyy hh:mm" in the province's zone, as people read it in messages. */
export function readableInstant(at: Date): string {
  const text = formatInstant(at);
  return `${text.slice(8, 10)}/${text.slice(5, 7)}/${text.slice(0, 4)} ${text.slice(11, 16)}`;
}

/** Accepts a maintenance plan or says, in Vietnamese and English, why it cannot be announced (R-OPS-3). */
export function checkMaintenancePlan(
  calendar: WorkingCalendar,
  plan: MaintenancePlan,
  noticeWorkingDays: number = MAINTENANCE_NOTICE_WORKING_DAYS,
): Outcome<{ earliestStart: Date }> {
  if (plan.endsAt.getTime() <= plan.startsAt.getTime())
    return {
      ok: false,
      refusal: refusal(
        "MAINTENANCE_WINDOW_INVALID",
        {
          vi: "Thời điểm kết thúc bảo trì phải sau thời điểm bắt đầu",
          en: "The maintenance must end after it starts",
        },
        "R-OPS-3",
      ),
    };
  const earliestStart = earliestMaintenanceStart(calendar, plan.announcedAt, noticeWorkingDays);
  if (plan.startsAt.getTime() < earliestStart.getTime())
    return {
      ok: false,
      refusal: refusal(
        "MAINTENANCE_NOTICE_TOO_SHORT",
        {
          vi: `Bảo trì theo kế hoạch phải được thông báo trước ít nhất ${noticeWorkingDays} ngày làm việc: thời điểm bắt đầu sớm nhất là ${readableInstant(earliestStart)}`,
          en: `Planned maintenance must be announced at least ${noticeWorkingDays} working days ahead: the earliest start is ${readableInstant(earliestStart)}`,
        },
        "R-OPS-3",
      ),
    };
  return { ok: true, earliestStart };
}

export type MaintenancePhase = "upcoming" | "active" | "ended" | "cancelled";

export interface MaintenanceWindowState {
  announcedAt: Date;
  startsAt: Date;
  endsAt: Date;
  cancelledAt: Date | null;
}

/** Where a window stands at `now`: the window is [startsAt, endsAt). */
export function maintenancePhase(window: MaintenanceWindowState, now: Date): MaintenancePhase {
  if (window.cancelledAt !== null && window.cancelledAt.getTime() <= now.getTime()) return "cancelled";
  if (now.getTime() < window.startsAt.getTime()) return "upcoming";
  if (now.getTime() < window.endsAt.getTime()) return "active";
  return "ended";
}

/** The banner shows from the announcement until the window ends, unless the window was cancelled (R-OPS-3). */
export function maintenanceBannerShown(window: MaintenanceWindowState, now: Date): boolean {
  const phase = maintenancePhase(window, now);
  return (phase === "upcoming" || phase === "active") && window.announcedAt.getTime() <= now.getTime();
}
