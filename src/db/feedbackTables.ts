import type { ColumnType, Generated } from "kysely";

/** Kysely types of the feedback, question and FAQ tables (migration 0027_feedback, issue #17, R-PAKN, R-QA-1). */

type Json<T> = ColumnType<T, string, string>;

export type FeedbackKind = "feedback" | "question";
export type FeedbackSubject = "dossier" | "procedure" | "agency" | "officer";
export type FeedbackStatus = "received" | "routed" | "answered" | "published" | "refused";
export type QuestionComplexityColumn = "simple" | "interAgency" | "special";
export type FeedbackWatchLevel = "dueSoon" | "overdue" | "escalated";

/** R-QA-1: an answer names the agency's responsible person, title, phone, e-mail and the legal texts it relies on. */
export interface AnswerSignature {
  name: string;
  title: string;
  phone: string;
  email: string;
  legalReferences: string;
}

export interface ContactVerificationsTable {
  id: Generated<string>;
  channel: "sms" | "email";
  address: string;
  code_hash: string;
  attempts: Generated<number>;
  expires_at: Date;
  verified_at: Date | null;
  used_at: Date | null;
  created_at: Date;
}

export interface FeedbackItemsTable {
  id: Generated<string>;
  code: string;
  kind: FeedbackKind;
  channel: "portal" | "national_portal";
  subject: FeedbackSubject | null;
  dossier_id: string | null;
  procedure_id: string | null;
  subject_agency_id: string | null;
  officer_name: string | null;
  title: string;
  content: string;
  submitter_user_id: string | null;
  submitter_name: string;
  submitter_phone: string | null;
  submitter_email: string | null;
  submitter_identity: string | null;
  contact_verified: Generated<boolean>;
  consent_publish: Generated<boolean>;
  category: string | null;
  complexity: ColumnType<
    QuestionComplexityColumn,
    QuestionComplexityColumn | undefined,
    QuestionComplexityColumn
  >;
  status: FeedbackStatus;
  agency_id: string | null;
  received_at: Date;
  routed_at: Date | null;
  due_at: Date | null;
  answer: string | null;
  answer_signature: Json<AnswerSignature | null> | null;
  answered_at: Date | null;
  answered_by: string | null;
  refused_at: Date | null;
  refusal_reason: string | null;
  published_at: Date | null;
  published_title: string | null;
  published_content: string | null;
  published_answer: string | null;
  reaction: "like" | "dislike" | null;
  repeated: Generated<boolean>;
  watch_level: FeedbackWatchLevel | null;
  national_id: string | null;
  pushed_at: Date | null;
  answer_pushed_at: Date | null;
  sync_attempts: Generated<number>;
  sync_error: string | null;
  sync_next_at: Date | null;
  created_at: Date;
}

export interface FeedbackEventsTable {
  id: Generated<string>;
  feedback_id: string;
  type: string;
  at: Date;
  actor_user_id: string | null;
  from_agency_id: string | null;
  to_agency_id: string | null;
  payload: Json<Record<string, unknown>>;
}

export interface FeedbackAttachmentsTable {
  id: Generated<string>;
  feedback_id: string | null;
  /** Who may attach it: `user:<id>` or `contact:<verification id>`. */
  owner_key: string;
  storage_key: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  created_at: Date;
}

export interface FaqEntriesTable {
  id: Generated<string>;
  procedure_id: string | null;
  field_id: string | null;
  agency_id: string | null;
  question: string;
  answer: string;
  source: "question" | "national" | "import";
  source_item_id: string | null;
  national_id: string | null;
  search_text: string;
  created_by: string | null;
  created_at: Date;
}

export interface FeedbackTables {
  contact_verifications: ContactVerificationsTable;
  feedback_items: FeedbackItemsTable;
  feedback_events: FeedbackEventsTable;
  feedback_attachments: FeedbackAttachmentsTable;
  faq_entries: FaqEntriesTable;
}
