import { type Kysely, sql } from "kysely";

/**
 * Dossiers and everything that happens to them (issue #4 §2, DESIGN §3). Each dossier row holds the columns that
 * inboxes, lookups and reports filter on, plus the domain's state snapshot (`state`) that the pure rules decide
 * from. Every change appends to `dossier_events` in the same transaction; `version` is the last event's sequence,
 * and the unique (dossier, sequence) pair makes two officers acting at once conflict instead of both winning.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // R-CODE-1: one counter per receiving agency and reception date. Incrementing it locks the row until the
  // transaction ends, so concurrent receptions get consecutive numbers and a rolled-back one leaves no gap.
  await sql`
    create table dossier_code_counters (
      agency_id uuid not null references agencies (id),
      day date not null,
      last_sequence integer not null,
      primary key (agency_id, day)
    )`.execute(db);

  await sql`
    create table dossiers (
      id uuid primary key default gen_random_uuid(),
      -- R-CODE-1 for ours; R-CODE-2 codes of central systems are stored unchanged
      code text not null unique,
      procedure_id uuid not null references procedures (id),
      offering_id uuid not null references procedure_offerings (id),
      -- R-XFER-3: where the applicant was helped, where it was officially received, which agency decides
      assisted_at_agency_id uuid references agencies (id),
      agency_id uuid not null references agencies (id),
      deciding_agency_id uuid not null references agencies (id),
      -- R-SUB-2 (1 counter, 2 online, 3 postal) and R-LAW-4 (submitted on the national portal)
      channel text not null check (channel in ('counter', 'online', 'postal')),
      from_national_portal boolean not null default false,
      national_code text unique,
      owner_user_id uuid references users (id),
      applicant_kind text not null check (applicant_kind in ('person', 'organisation')),
      applicant_name text not null,
      applicant_id_number text,
      organisation_name text,
      organisation_tax_code text,
      applicant_address text,
      applicant_phone text,
      applicant_email text,
      -- authorised person or postal staff, when not the applicant
      submitter jsonb,
      summary text not null default '',
      -- R-LAW-2: the legal time in force at reception stays with the dossier
      legal_time_amount numeric(8, 2) not null check (legal_time_amount >= 0),
      legal_time_unit text not null check (legal_time_unit in ('wh', 'wd', 'd')),
      form_data jsonb not null default '{}',
      status smallint not null check (status between 1 and 10),
      internal_step text,
      current_unit_id uuid references units (id),
      current_assignee_id uuid references users (id),
      submitted_at timestamptz not null,
      reception_due_at timestamptz,
      received_at timestamptz,
      due_at timestamptz,
      original_due_at timestamptz,
      extended_due_at timestamptz,
      finished_at timestamptz,
      returned_at timestamptz,
      closed_at timestamptz,
      state jsonb not null,
      version integer not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index dossiers_agency_status_idx on dossiers (agency_id, status)`.execute(db);
  await sql`create index dossiers_deciding_status_idx on dossiers (deciding_agency_id, status)`.execute(db);
  await sql`create index dossiers_owner_idx on dossiers (owner_user_id, submitted_at desc)`.execute(db);
  await sql`create index dossiers_due_idx on dossiers (due_at) where status in (2, 4, 5, 6)`.execute(db);
  await sql`create index dossiers_reception_due_idx on dossiers (reception_due_at) where status = 1`.execute(
    db,
  );

  await sql`
    create table dossier_events (
      dossier_id uuid not null references dossiers (id),
      sequence integer not null,
      agency_id uuid not null references agencies (id),
      type text not null,
      at timestamptz not null,
      actor_user_id uuid references users (id),
      actor_role text not null,
      from_status smallint,
      to_status smallint not null,
      step text,
      payload jsonb not null default '{}',
      recorded_at timestamptz not null default now(),
      primary key (dossier_id, sequence)
    )`.execute(db);
  await sql`create index dossier_events_at_idx on dossier_events (agency_id, at)`.execute(db);

  // Later consumers (notifications, national-portal sync, reports) read this; written in the same transaction.
  await sql`
    create table outbox (
      id bigint generated always as identity primary key,
      topic text not null,
      dossier_id uuid references dossiers (id),
      event_sequence integer,
      payload jsonb not null,
      created_at timestamptz not null default now(),
      available_at timestamptz not null default now(),
      attempts integer not null default 0,
      locked_until timestamptz,
      processed_at timestamptz,
      last_error text
    )`.execute(db);
  await sql`create index outbox_pending_idx on outbox (topic, available_at) where processed_at is null`.execute(
    db,
  );

  // Files an applicant or officer uploaded and has not yet attached to a dossier (each component uploads on its own,
  // with progress and retry, before the submission references it).
  await sql`
    create table uploads (
      id uuid primary key default gen_random_uuid(),
      owner_user_id uuid not null references users (id),
      storage_key text not null,
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      file_name text not null,
      media_type text not null,
      size_bytes bigint not null check (size_bytes >= 0),
      created_at timestamptz not null,
      attached_at timestamptz
    )`.execute(db);
  await sql`create index uploads_owner_idx on uploads (owner_user_id, created_at)`.execute(db);

  // Content-addressed file store (the bytes live behind the storage port, keyed by sha256).
  await sql`
    create table dossier_files (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossiers (id),
      agency_id uuid not null references agencies (id),
      component_id uuid references procedure_components (id),
      purpose text not null check (purpose in ('component', 'supplement', 'result', 'notice', 'other')),
      storage_key text not null,
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      file_name text not null,
      media_type text not null,
      size_bytes bigint not null check (size_bytes >= 0),
      -- R-RECV-7 digitized at reception; R-KHO-1 / R-SYNC-2 reused from the DataStore
      digitized boolean not null default false,
      reused boolean not null default false,
      uploaded_by uuid references users (id),
      uploaded_at timestamptz not null,
      event_sequence integer
    )`.execute(db);
  await sql`create index dossier_files_dossier_idx on dossier_files (dossier_id)`.execute(db);

  // One step of one dossier assigned to a unit/role/person (R-PROC-1); handovers are the process control sheet.
  await sql`
    create table tasks (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossiers (id),
      agency_id uuid not null references agencies (id),
      step text not null,
      unit_id uuid references units (id),
      role text not null,
      assignee_id uuid references users (id),
      status text not null check (status in ('open', 'done', 'cancelled')),
      created_at timestamptz not null,
      due_at timestamptz,
      completed_at timestamptz,
      outcome text,
      handed_over_by uuid references users (id),
      watch text check (watch in ('due_soon', 'overdue'))
    )`.execute(db);
  await sql`create index tasks_open_idx on tasks (agency_id, unit_id, role) where status = 'open'`.execute(
    db,
  );
  await sql`create index tasks_dossier_idx on tasks (dossier_id)`.execute(db);

  // R-PROC-3: a question to another unit or agency with its own deadline.
  await sql`
    create table consultations (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossiers (id),
      agency_id uuid not null references agencies (id),
      requested_by uuid not null references users (id),
      requested_at timestamptz not null,
      to_agency_id uuid not null references agencies (id),
      to_unit_id uuid references units (id),
      question text not null,
      due_at timestamptz not null,
      answer text,
      answered_by uuid references users (id),
      answered_at timestamptz,
      watch text check (watch in ('due_soon', 'overdue'))
    )`.execute(db);
  await sql`create index consultations_to_idx on consultations (to_agency_id) where answered_at is null`.execute(
    db,
  );

  // A retried online submission with the same Idempotency-Key returns the same dossier.
  await sql`
    create table idempotency_keys (
      user_id uuid not null references users (id),
      key text not null,
      request_hash text not null,
      dossier_id uuid not null references dossiers (id),
      created_at timestamptz not null default now(),
      primary key (user_id, key)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "idempotency_keys",
    "consultations",
    "tasks",
    "dossier_files",
    "uploads",
    "outbox",
    "dossier_events",
    "dossiers",
    "dossier_code_counters",
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
