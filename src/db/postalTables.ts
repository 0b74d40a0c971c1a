import type { ColumnType, Generated } from "kysely";

/** Kysely types of the postal tables (migration 0031_postal, issue #18). */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type PostalOrderKind = "pickup" | "result_delivery";
export type PostalOrderStatus = "requested" | "sending" | "accepted" | "collected" | "delivered" | "failed";
export type PostalConsentMethod = "signed_form" | "phone_confirmation";

export interface PostalConsentsTable {
  id: Generated<string>;
  staff_user_id: string;
  citizen_name: string;
  citizen_id_number: string;
  citizen_phone: string;
  method: PostalConsentMethod;
  reference: string;
  confirmed_at: Date;
  dossier_id: string | null;
  created_at: CreatedAt;
}

export interface PostalOrdersTable {
  id: Generated<string>;
  dossier_id: string;
  agency_id: string;
  kind: PostalOrderKind;
  status: Generated<PostalOrderStatus>;
  recipient_name: string;
  recipient_phone: string;
  address: string;
  fee: number | null;
  partner_order_code: string | null;
  failure_reason: string | null;
  last_state_at: Date | null;
  send_attempts: Generated<number>;
  next_attempt_at: Date | null;
  last_error: string | null;
  requested_by_user_id: string | null;
  requested_by_role: string;
  handed_over_at: Date | null;
  watch_due_at: Date | null;
  watch_level: "dueSoon" | "overdue" | null;
  delivered_at: Date | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface PostalWebhookEventsTable {
  event_id: string;
  order_id: string;
  state: string;
  at: Date;
  applied: boolean;
  received_at: CreatedAt;
}

export interface PostalTables {
  postal_consents: PostalConsentsTable;
  postal_orders: PostalOrdersTable;
  postal_webhook_events: PostalWebhookEventsTable;
}
