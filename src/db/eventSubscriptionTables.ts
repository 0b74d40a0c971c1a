import type { ColumnType, Generated } from "kysely";

type Json<T> = ColumnType<T, string, string>;

/** A partner system subscribed to OneStop's dossier events (issue #18, migration 0034). */
export interface EventSubscriptionsTable {
  id: Generated<string>;
  name: string;
  target_url: string;
  /** The HMAC-SHA256 signing key, shared with the subscriber; never returned by the API after creation. */
  secret: string;
  /** Agencies whose dossiers are delivered (receiving or deciding); empty = every agency. */
  agency_ids: Json<string[]>;
  /** Dossier event types delivered; empty = every type. */
  event_types: Json<string[]>;
  /** Whether the applicant's name (and organisation) travel with the events; never identity numbers or contacts. */
  include_applicant: Generated<boolean>;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: ColumnType<Date, Date, never>;
  updated_at: Date;
}

export interface EventSubscriptionTables {
  event_subscriptions: EventSubscriptionsTable;
}
