import { type Kysely, sql } from "kysely";

/**
 * Digitisation of components and results with the officer's signature (issue #16; R-RECV-7, R-DIG-1/2, R-RES-1).
 * One row per digitised or exempted component and per digitised result: the metadata (TT 01/2023), what the scan
 * check measured, the signed rendition's hash and the signature as verified when it was made. An exemption
 * records its reason instead of a signature, and may have no file (a paper only shown).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table digitisations (
      id uuid primary key default gen_random_uuid(),
      dossier_id uuid not null references dossiers (id),
      agency_id uuid not null references agencies (id),
      file_id uuid references dossier_files (id),
      component_id uuid references procedure_components (id),
      kind text not null check (kind in ('component', 'result')),
      component_code text not null,
      document_type text not null,
      issuer text not null,
      document_number text,
      issue_date date,
      valid_until date,
      pages integer not null check (pages between 0 and 2000),
      media_type text,
      dpi integer,
      pdf_a boolean not null default false,
      exempt_reason text check (exempt_reason in ('electronicSubmission', 'shownOnly', 'appraisalOutput', 'classified')),
      exempt_note text,
      original_sha256 text,
      signed_sha256 text,
      signer_user_id uuid references users (id),
      signer_name text,
      certificate_serial text,
      certificate_issuer text,
      signed_at timestamptz,
      signature_state text check (signature_state in ('valid', 'broken', 'unknownIssuer', 'revoked', 'expired')),
      recorded_by uuid not null references users (id),
      recorded_at timestamptz not null,
      check ((exempt_reason is null) <> (signed_sha256 is null))
    )`.execute(db);
  // A file is digitised once; the index reads a dossier's rows.
  await sql`create unique index digitisations_file on digitisations (file_id) where file_id is not null`.execute(
    db,
  );
  await sql`create index digitisations_dossier on digitisations (dossier_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table digitisations`.execute(db);
}
