import { type Kysely, sql } from "kysely";

/**
 * Fees paid online, e-receipts, reconciliation and refunds (issue #15; R-FEE-1…6, R-STOP-2).
 *
 * - `fee_items`: the declared rule of each fee item (fixed, per unit, lookup; exemptions), when it is owed
 *   (`submission` or when processing asks), for the whole province (`agency_id` null: the catalog item) or for one
 *   agency (the local items the law leaves to the province). Catalog items without a row here are fixed at
 *   `procedure_fees.amount_vnd`.
 * - `payment_requests`: what one dossier was asked to pay, in đồng, with the items; the platform's id is ours.
 * - `payment_transactions`: one row per platform transaction id (unique: a callback replayed records one payment) or
 *   counter payment; `held` rows wait for an officer (amount or currency mismatch), never accepted on their own.
 * - `receipt_sequences` + `receipts`: per agency and year, numbers 1…n without gaps (R-FEE-3); a receipt is cancelled
 *   only by the receipt that replaces it, never deleted.
 * - `reconciliation_days` + `reconciliation_differences`: each day's statement matched with the payments (R-FEE-2);
 *   each difference resolved by an officer with a reason.
 * - `refunds`: a refund request sent to the platform and tracked until confirmed (R-STOP-2).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table fee_items (
      id uuid primary key default gen_random_uuid(),
      procedure_id uuid not null references procedures (id),
      agency_id uuid references agencies (id),
      code text not null,
      name text not null,
      rule jsonb not null,
      exemptions jsonb not null default '[]'::jsonb,
      due text not null default 'processing' check (due in ('submission', 'processing')),
      updated_by uuid references users (id),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index fee_items_scope_uq on fee_items (procedure_id, coalesce(agency_id, '00000000-0000-0000-0000-000000000000'::uuid), code)`.execute(
    db,
  );

  await sql`
    create table payment_requests (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossiers (id),
      agency_id uuid not null references agencies (id),
      purpose text not null check (purpose in ('submission', 'processing')),
      amount bigint not null check (amount > 0),
      currency text not null default 'VND',
      items jsonb not null,
      status text not null default 'pending' check (status in ('pending', 'paid', 'held', 'superseded')),
      created_by uuid references users (id),
      created_at timestamptz not null,
      paid_at timestamptz
    )`.execute(db);
  await sql`create index payment_requests_dossier_idx on payment_requests (dossier_id, created_at)`.execute(
    db,
  );

  await sql`
    create table payment_transactions (
      id uuid primary key default gen_random_uuid(),
      transaction_id text not null unique,
      payment_request_id uuid references payment_requests (id),
      dossier_id uuid not null references dossiers (id),
      agency_id uuid not null references agencies (id),
      method text not null check (method in ('onlineNational', 'onlineProvincial', 'cash', 'card')),
      amount bigint not null,
      currency text not null,
      outcome text not null check (outcome in ('accepted', 'failed', 'held', 'rejected')),
      held_reason text,
      paid_at timestamptz not null,
      recorded_at timestamptz not null,
      recorded_by uuid references users (id),
      resolved_by uuid references users (id),
      resolved_at timestamptz,
      resolution text,
      raw jsonb
    )`.execute(db);
  await sql`create index payment_transactions_dossier_idx on payment_transactions (dossier_id)`.execute(db);
  await sql`create index payment_transactions_paid_idx on payment_transactions (paid_at)`.execute(db);

  await sql`
    create table receipt_sequences (
      agency_id uuid not null references agencies (id),
      year integer not null,
      last_number integer not null,
      primary key (agency_id, year)
    )`.execute(db);
  await sql`
    create table receipts (
      id uuid primary key default gen_random_uuid(),
      agency_id uuid not null references agencies (id),
      year integer not null,
      series text not null,
      number integer not null,
      dossier_id uuid not null references dossiers (id),
      transaction_row_id uuid references payment_transactions (id),
      kind text not null check (kind in ('payment', 'refund', 'replacement')),
      payer_name text not null,
      items jsonb not null,
      amount bigint not null,
      issued_at timestamptz not null,
      issued_by uuid references users (id),
      verification_code text not null unique,
      replaces_receipt_id uuid references receipts (id),
      cancelled_at timestamptz,
      cancelled_reason text,
      unique (agency_id, year, number)
    )`.execute(db);
  await sql`create index receipts_dossier_idx on receipts (dossier_id)`.execute(db);

  await sql`
    create table reconciliation_days (
      day date primary key,
      fetched_at timestamptz not null,
      statement_lines integer not null,
      statement_total bigint not null,
      recorded_total bigint not null,
      matched integer not null
    )`.execute(db);
  await sql`
    create table reconciliation_differences (
      id uuid primary key default gen_random_uuid(),
      day date not null references reconciliation_days (day),
      kind text not null check (kind in ('unknownHere', 'missingThere', 'amountMismatch')),
      transaction_id text not null,
      agency_id uuid references agencies (id),
      dossier_code text,
      statement_amount bigint,
      recorded_amount bigint,
      resolved_by uuid references users (id),
      resolved_at timestamptz,
      resolution text,
      unique (day, transaction_id)
    )`.execute(db);

  await sql`
    create table refunds (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossiers (id),
      agency_id uuid not null references agencies (id),
      transaction_row_id uuid not null unique references payment_transactions (id),
      amount bigint not null check (amount > 0),
      reason text not null,
      status text not null check (status in ('requested', 'sent', 'confirmed')),
      platform_refund_id text,
      requested_by uuid references users (id),
      requested_at timestamptz not null,
      sent_at timestamptz,
      confirmed_at timestamptz,
      receipt_id uuid references receipts (id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "refunds",
    "reconciliation_differences",
    "reconciliation_days",
    "receipts",
    "receipt_sequences",
    "payment_transactions",
    "payment_requests",
    "fee_items",
  ])
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
}
