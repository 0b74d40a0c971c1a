import type { ColumnType, Generated } from "kysely";

/** Kysely types of the notification tables (migration 0008_notifications). */

/** `zalo`: the province's official account on the social-messaging platform (issue #18, migration 0032). */
export type NotificationChannel = "email" | "sms" | "social" | "zalo";
export type NotificationStatus = "pending" | "sent" | "dead";
export type NotificationLanguage = "vi" | "en";
export type SmsLookupOutcome = "found" | "unknown" | "invalid" | "limited" | "silenced";

export interface OutboxConsumptionsTable {
  consumer: string;
  outbox_id: number;
  processed_at: Date;
}

export interface NotificationPreferencesTable {
  user_id: string;
  email: boolean;
  sms: boolean;
  social: boolean;
  social_handle: string | null;
  /** Issue #18: notifications of the account's dossiers to their followers on the official account (default on). */
  zalo: ColumnType<boolean, boolean | undefined, boolean>;
  language: NotificationLanguage;
  updated_at: Date;
}

export interface NotificationsTable {
  id: Generated<string>;
  idempotency_key: string;
  outbox_id: number | null;
  dossier_id: string | null;
  agency_id: string | null;
  kind: string;
  channel: NotificationChannel;
  recipient_user_id: string | null;
  address: string;
  language: NotificationLanguage;
  subject: string | null;
  body: string;
  status: NotificationStatus;
  attempts: Generated<number>;
  available_at: Date;
  locked_until: Date | null;
  lease_token: string | null;
  last_error: string | null;
  provider_message_id: string | null;
  sent_at: Date | null;
  dead_at: Date | null;
  created_at: ColumnType<Date, Date, never>;
}

export interface SmsInboundTable {
  id: Generated<string>;
  gateway_message_id: string;
  phone: string;
  text: string;
  received_at: Date;
  outcome: SmsLookupOutcome;
  notification_id: string | null;
}

export interface NotificationTables {
  outbox_consumptions: OutboxConsumptionsTable;
  notification_preferences: NotificationPreferencesTable;
  notifications: NotificationsTable;
  sms_inbound: SmsInboundTable;
}
