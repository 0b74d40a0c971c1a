import type { ColumnType, Generated } from "kysely";
import type { NotificationLanguage } from "./notificationTables.ts";

/** Kysely types of the messaging channel's tables (migration 0032_messaging_channel, issue #18). */

export type MessagingPhotoStatus = "pending" | "accepted" | "rejected";

export interface MessagingFollowersTable {
  id: Generated<string>;
  follower_id: string;
  dossier_id: string;
  language: NotificationLanguage;
  followed_at: Date;
  unfollowed_at: Date | null;
}

export interface MessagingInboundEventsTable {
  event_id: string;
  follower_id: string;
  event_name: string;
  received_at: Date;
  outcome: string;
  dossier_id: string | null;
  notification_id: string | null;
}

export interface MessagingPhotosTable {
  id: Generated<string>;
  dossier_id: string;
  agency_id: string;
  follower_id: string;
  event_id: string;
  storage_key: string;
  sha256: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  received_at: ColumnType<Date, Date, never>;
  status: Generated<MessagingPhotoStatus>;
  decided_by: string | null;
  decided_at: Date | null;
  reject_reason: string | null;
  dossier_file_id: string | null;
}

export interface MessagingTables {
  messaging_followers: MessagingFollowersTable;
  messaging_inbound_events: MessagingInboundEventsTable;
  messaging_photos: MessagingPhotosTable;
}
