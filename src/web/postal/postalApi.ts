/**
 * The public postal service as the pages read it (issue #18, R-SUB-2, R-RES-3; see /docs/json, tag postal): its shapes
 * and the pure logic the pages share (no browser API here: the unit tests import it). The calls are in postalRequests.ts.
 */
export type PostalKind = "pickup" | "result_delivery";
export type PostalStatus = "requested" | "sending" | "accepted" | "collected" | "delivered" | "failed";

/** GET /api/dossiers/:id/postal-orders */
export interface PostalOrder {
  id: string;
  kind: PostalKind;
  status: PostalStatus;
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

export interface Recipient {
  name: string;
  phone: string;
  address: string;
}

/** GET /api/postal/dossiers */
export interface PostalSubmission {
  dossierId: string;
  code: string;
  procedureName: string;
  agencyName: string;
  citizenName: string;
  status: number;
  submittedAt: string;
  consentMethod: string;
  consentReference: string;
}

/** GET /api/postal/dossiers/:id — the dossier as its applicant sees it (typed by the caller), and the consent. */
export interface PostalSubmissionDetail<D> {
  dossier: D;
  consent: { citizenName: string; method: string; reference: string };
}

export const postalKeys = {
  orders: (dossierId: string) => ["postal", "orders", dossierId] as const,
  submissions: ["postal", "submissions"] as const,
  submission: (dossierId: string) => ["postal", "submissions", dossierId] as const,
};

/** The statuses in which the server takes a pickup, and a result by post (postalOrders.ts, R-SUB-2, R-RES-3). */
const PICKUP_STATUSES = new Set([1, 2, 5]);
const RESULT_STATUSES = new Set([1, 2, 4, 5, 6, 9]);

/** An order that will still change: the page keeps reading it while one is live. */
export const isSettled = (order: PostalOrder): boolean =>
  order.status === "delivered" || order.status === "failed";

/** The services a dossier in `status` may still ask for, given its orders (one live order of each kind). */
export function orderableKinds(status: number, orders: readonly PostalOrder[]): PostalKind[] {
  const live = (kind: PostalKind) => orders.some((order) => order.kind === kind && order.status !== "failed");
  const kinds: PostalKind[] = [];
  if (PICKUP_STATUSES.has(status) && !live("pickup")) kinds.push("pickup");
  if (RESULT_STATUSES.has(status) && !live("result_delivery")) kinds.push("result_delivery");
  return kinds;
}

/** The 24-hour delivery watch of a result handed to the post (R-RES-3), as the office reads it. */
export type WatchState =
  | { kind: "none" }
  | { kind: "running"; dueAt: string; minutesLeft: number }
  | { kind: "dueSoon"; dueAt: string; minutesLeft: number }
  | { kind: "overdue"; dueAt: string; minutesLate: number }
  | { kind: "deliveredInTime"; deliveredAt: string }
  | { kind: "deliveredLate"; deliveredAt: string }
  | { kind: "failed" };

/** Warn this long before the 24 hours run out: the same as the server's watch (DELIVERY_WARNING_HOURS). */
export const WARNING_MINUTES = 4 * 60;

/**
 * Where a result's delivery stands against its 24 hours: the server's mark (set by the watch every minute) or, between
 * two passes, the clock — whichever is further along, so the page never shows "on time" for an overdue delivery.
 */
export function watchState(order: PostalOrder, now: Date): WatchState {
  if (order.kind !== "result_delivery" || !order.watchDueAt) return { kind: "none" };
  if (order.status === "delivered" || order.deliveredAt) {
    const deliveredAt = order.deliveredAt ?? order.lastStateAt ?? order.watchDueAt;
    const inTime = order.deliveredInTime ?? new Date(deliveredAt) <= new Date(order.watchDueAt);
    return { kind: inTime ? "deliveredInTime" : "deliveredLate", deliveredAt };
  }
  if (order.status === "failed") return { kind: "failed" };
  const minutes = Math.round((new Date(order.watchDueAt).getTime() - now.getTime()) / 60_000);
  if (order.watchLevel === "overdue" || minutes <= 0)
    return { kind: "overdue", dueAt: order.watchDueAt, minutesLate: Math.max(0, -minutes) };
  if (order.watchLevel === "dueSoon" || minutes <= WARNING_MINUTES)
    return { kind: "dueSoon", dueAt: order.watchDueAt, minutesLeft: minutes };
  return { kind: "running", dueAt: order.watchDueAt, minutesLeft: minutes };
}

/** "5 giờ 20 phút" / "5 h 20 min" from minutes. */
export function durationText(minutes: number, lang: "vi" | "en"): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const h = lang === "vi" ? "giờ" : "h";
  const m = lang === "vi" ? "phút" : "min";
  if (hours === 0) return `${rest} ${m}`;
  return rest === 0 ? `${hours} ${h}` : `${hours} ${h} ${rest} ${m}`;
}
