import { type Kysely, sql } from "kysely";

/**
 * Feedback (PAKN) and questions (issue #17, R-PAKN-1…3, R-QA-1): one table for both, since both are received, routed
 * by the service center to an agency, answered on the working calendar, watched and synchronised the same way; the
 * routing history with its clock; attachments; one-time codes that verify an anonymous sender's phone or e-mail; and
 * the FAQ with its folded search text (issue #2's diacritic-free search).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table contact_verifications (
      id uuid primary key default gen_random_uuid(),
      channel text not null check (channel in ('sms', 'email')),
      address text not null,
      code_hash text not null,
      attempts integer not null default 0,
      expires_at timestamptz not null,
      verified_at timestamptz,
      used_at timestamptz,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index contact_verifications_address on contact_verifications (address, created_at)`.execute(
    db,
  );
  await sql`
    create table feedback_items (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      kind text not null check (kind in ('feedback', 'question')),
      channel text not null check (channel in ('portal', 'national_portal')),
      subject text check (subject in ('dossier', 'procedure', 'agency', 'officer')),
      dossier_id uuid references dossiers (id),
      procedure_id uuid references procedures (id),
      subject_agency_id uuid references agencies (id),
      officer_name text,
      title text not null,
      content text not null,
      submitter_user_id uuid references users (id),
      submitter_name text not null,
      submitter_phone text,
      submitter_email text,
      submitter_identity text,
      contact_verified boolean not null default false,
      consent_publish boolean not null default false,
      category text,
      complexity text not null default 'simple' check (complexity in ('simple', 'interAgency', 'special')),
      status text not null check (status in ('received', 'routed', 'answered', 'published', 'refused')),
      agency_id uuid references agencies (id),
      received_at timestamptz not null,
      routed_at timestamptz,
      due_at timestamptz,
      answer text,
      answer_signature jsonb,
      answered_at timestamptz,
      answered_by uuid references users (id),
      refused_at timestamptz,
      refusal_reason text,
      published_at timestamptz,
      published_title text,
      published_content text,
      published_answer text,
      reaction text check (reaction in ('like', 'dislike')),
      repeated boolean not null default false,
      watch_level text check (watch_level in ('dueSoon', 'overdue', 'escalated')),
      national_id text unique,
      pushed_at timestamptz,
      answer_pushed_at timestamptz,
      sync_attempts integer not null default 0,
      sync_error text,
      sync_next_at timestamptz,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index feedback_items_agency on feedback_items (agency_id, status, due_at)`.execute(db);
  await sql`create index feedback_items_received on feedback_items (received_at)`.execute(db);
  await sql`create index feedback_items_submitter on feedback_items (submitter_user_id, received_at)`.execute(
    db,
  );
  await sql`create index feedback_items_dossier on feedback_items (dossier_id)`.execute(db);
  await sql`create index feedback_items_published on feedback_items (published_at) where published_at is not null`.execute(
    db,
  );
  await sql`
    create table feedback_events (
      id bigserial primary key,
      feedback_id uuid not null references feedback_items (id),
      type text not null,
      at timestamptz not null,
      actor_user_id uuid references users (id),
      from_agency_id uuid references agencies (id),
      to_agency_id uuid references agencies (id),
      payload jsonb not null default '{}'
    )`.execute(db);
  await sql`create index feedback_events_item on feedback_events (feedback_id, id)`.execute(db);
  await sql`
    create table feedback_attachments (
      id uuid primary key default gen_random_uuid(),
      feedback_id uuid references feedback_items (id),
      owner_key text not null,
      storage_key text not null,
      file_name text not null,
      media_type text not null,
      size_bytes integer not null,
      sha256 text not null,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index feedback_attachments_item on feedback_attachments (feedback_id)`.execute(db);
  await sql`
    create table faq_entries (
      id uuid primary key default gen_random_uuid(),
      procedure_id uuid references procedures (id),
      field_id uuid references fields (id),
      agency_id uuid references agencies (id),
      question text not null,
      answer text not null,
      source text not null check (source in ('question', 'national', 'import')),
      source_item_id uuid unique references feedback_items (id),
      national_id text unique,
      search_text text not null,
      created_by uuid references users (id),
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index faq_entries_procedure on faq_entries (procedure_id)`.execute(db);
  await sql`create index faq_entries_field on faq_entries (field_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "faq_entries",
    "feedback_attachments",
    "feedback_events",
    "feedback_items",
    "contact_verifications",
  ])
    await sql`drop table ${sql.table(table)}`.execute(db);
}
