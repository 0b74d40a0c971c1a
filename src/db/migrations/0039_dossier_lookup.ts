import { type Kysely, sql } from "kysely";

/**
 * The lookup projection (issue #21, R-LOOK-1, R-LOOK-2): one row per dossier holding everything the public lookup
 * answers (the web page, the QR page, `GET /api/public/lookup`, SMS and the messaging channels all read it through
 * src/services/lookup/lookupDossier.ts), so a lookup is one indexed row read instead of a statement with subqueries
 * over the dossier's tasks and consultations.
 *
 * It is kept in the writer's own transaction by statement triggers (with transition tables, so a bulk write refreshes
 * its rows in one set-based statement) on every table the answer is computed from: dossiers, tasks, consultations,
 * and the names of agencies and units. Every code path is covered — commands, sector systems (issue #18), the
 * national portal, seeds, generators and hand-written statements — and none can forget it. The row is the one
 * `dossier_lookup_source` computes from the dossier tables (the view is the former lookup statement, kept as the
 * definition and for the consistency test). Plain PostgreSQL (PL/pgSQL), accepted by PostgreSQL 15 and PGlite.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create view dossier_lookup_source as
    select d.id as dossier_id, d.code, d.national_code, d.status, d.applicant_name, d.organisation_name,
           d.submitted_at, d.received_at, d.due_at, d.applicant_phone, d.applicant_id_number,
           a.name as agency_name, da.name as deciding_agency_name, coalesce(sa.name, a.name) as assisted_agency_name,
           (select coalesce(jsonb_agg(jsonb_build_object('department', s.label, 'done', s.done) order by s.at, s.kind),
                            '[]'::jsonb)
              from (select coalesce(u.name || ' – ', '') || ta.name as label, t.created_at as at, 0 as kind,
                           t.status = 'done' as done
                      from tasks t
                      join agencies ta on ta.id = t.agency_id
                      left join units u on u.id = t.unit_id
                     where t.dossier_id = d.id and t.status <> 'cancelled'
                    union all
                    select coalesce(u.name || ' – ', '') || ca.name, c.requested_at, 1, c.answered_at is not null
                      from consultations c
                      join agencies ca on ca.id = c.to_agency_id
                      left join units u on u.id = c.to_unit_id
                     where c.dossier_id = d.id) s
           ) as steps,
           (select coalesce(u.name || ' – ', '') || ua.name
              from units u join agencies ua on ua.id = u.agency_id
             where u.id = d.current_unit_id) as current_unit
      from dossiers d
      join agencies a on a.id = d.agency_id
      join agencies da on da.id = d.deciding_agency_id
      left join agencies sa on sa.id = d.assisted_at_agency_id`.execute(db);

  await sql`
    create table dossier_lookup (
      dossier_id uuid primary key references dossiers (id) on delete cascade,
      code text not null,
      national_code text,
      status smallint not null,
      applicant_name text not null,
      organisation_name text,
      submitted_at timestamptz not null,
      received_at timestamptz,
      due_at timestamptz,
      -- read only to check a second fact (issue #20), never shown
      applicant_phone text,
      applicant_id_number text,
      agency_name text not null,
      deciding_agency_name text not null,
      assisted_agency_name text not null,
      steps jsonb not null,
      current_unit text
    )`.execute(db);
  await sql`create index dossier_lookup_code_idx on dossier_lookup (code)`.execute(db);
  await sql`create index dossier_lookup_national_code_idx on dossier_lookup (national_code)
    where national_code is not null`.execute(db);

  await sql`
    create function refresh_dossier_lookup(ids uuid[]) returns void language plpgsql as $$
    begin
      if ids is null or cardinality(ids) = 0 then return; end if;
      insert into dossier_lookup
      select * from dossier_lookup_source where dossier_id = any(ids)
      on conflict (dossier_id) do update set
        code = excluded.code, national_code = excluded.national_code, status = excluded.status,
        applicant_name = excluded.applicant_name, organisation_name = excluded.organisation_name,
        submitted_at = excluded.submitted_at, received_at = excluded.received_at, due_at = excluded.due_at,
        applicant_phone = excluded.applicant_phone, applicant_id_number = excluded.applicant_id_number,
        agency_name = excluded.agency_name, deciding_agency_name = excluded.deciding_agency_name,
        assisted_agency_name = excluded.assisted_agency_name, steps = excluded.steps,
        current_unit = excluded.current_unit;
    end
    $$`.execute(db);

  // dossiers: every insert; an update only when a column the answer reads changed (most updates touch other ones).
  await sql`
    create function dossier_lookup_dossiers() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform refresh_dossier_lookup(array(select id from new_rows));
      else
        perform refresh_dossier_lookup(array(
          select n.id from new_rows n join old_rows o on o.id = n.id
           where (n.code, n.national_code, n.status, n.applicant_name, n.organisation_name, n.submitted_at,
                  n.received_at, n.due_at, n.applicant_phone, n.applicant_id_number, n.agency_id,
                  n.deciding_agency_id, n.assisted_at_agency_id, n.current_unit_id)
             is distinct from
                 (o.code, o.national_code, o.status, o.applicant_name, o.organisation_name, o.submitted_at,
                  o.received_at, o.due_at, o.applicant_phone, o.applicant_id_number, o.agency_id,
                  o.deciding_agency_id, o.assisted_at_agency_id, o.current_unit_id)));
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`create trigger dossiers_lookup_insert after insert on dossiers referencing new table as new_rows
    for each statement execute function dossier_lookup_dossiers()`.execute(db);
  await sql`create trigger dossiers_lookup_update after update on dossiers
    referencing old table as old_rows new table as new_rows
    for each statement execute function dossier_lookup_dossiers()`.execute(db);

  // tasks and consultations: the steps and departments along the workflow.
  await sql`
    create function dossier_lookup_steps() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform refresh_dossier_lookup(array(select distinct dossier_id from new_rows));
      elsif tg_op = 'DELETE' then
        perform refresh_dossier_lookup(array(select distinct dossier_id from old_rows));
      else
        perform refresh_dossier_lookup(array(
          select dossier_id from new_rows union select dossier_id from old_rows));
      end if;
      return null;
    end
    $$`.execute(db);
  for (const table of ["tasks", "consultations"])
    for (const [event, referencing] of [
      ["insert", "new table as new_rows"],
      ["update", "old table as old_rows new table as new_rows"],
      ["delete", "old table as old_rows"],
    ] as const)
      await sql`create trigger ${sql.raw(`${table}_lookup_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
        referencing ${sql.raw(referencing)}
        for each statement execute function dossier_lookup_steps()`.execute(db);

  // The names of agencies and units are in the answer: a rename refreshes the rows that show it (rare).
  await sql`
    create function dossier_lookup_names() returns trigger language plpgsql as $$
    begin
      if tg_table_name = 'agencies' then
        perform refresh_dossier_lookup(array(
          with renamed as (
            select n.id from new_rows n join old_rows o on o.id = n.id where n.name is distinct from o.name)
          select d.id from dossiers d
           where d.agency_id in (select id from renamed) or d.deciding_agency_id in (select id from renamed)
              or d.assisted_at_agency_id in (select id from renamed)
              or d.current_unit_id in (select u.id from units u where u.agency_id in (select id from renamed))
          union select t.dossier_id from tasks t where t.agency_id in (select id from renamed)
          union select c.dossier_id from consultations c where c.to_agency_id in (select id from renamed)));
      else
        perform refresh_dossier_lookup(array(
          with renamed as (
            select n.id from new_rows n join old_rows o on o.id = n.id
             where (n.name, n.agency_id) is distinct from (o.name, o.agency_id))
          select d.id from dossiers d where d.current_unit_id in (select id from renamed)
          union select t.dossier_id from tasks t where t.unit_id in (select id from renamed)
          union select c.dossier_id from consultations c where c.to_unit_id in (select id from renamed)));
      end if;
      return null;
    end
    $$`.execute(db);
  for (const table of ["agencies", "units"])
    await sql`create trigger ${sql.raw(`${table}_lookup_names`)} after update on ${sql.table(table)}
      referencing old table as old_rows new table as new_rows
      for each statement execute function dossier_lookup_names()`.execute(db);

  // A projection fires also in a bulk load with `session_replication_role = replica` (bench/generate, restores),
  // which turns ordinary triggers off: the lookup would otherwise miss every dossier loaded that way.
  for (const [table, triggers] of [
    ["dossiers", ["dossiers_lookup_insert", "dossiers_lookup_update"]],
    ["tasks", ["tasks_lookup_insert", "tasks_lookup_update", "tasks_lookup_delete"]],
    [
      "consultations",
      ["consultations_lookup_insert", "consultations_lookup_update", "consultations_lookup_delete"],
    ],
    ["agencies", ["agencies_lookup_names"]],
    ["units", ["units_lookup_names"]],
  ] as const)
    for (const trigger of triggers)
      await sql`alter table ${sql.table(table)} enable always trigger ${sql.raw(trigger)}`.execute(db);

  // Backfill: every dossier already written.
  await sql`insert into dossier_lookup select * from dossier_lookup_source`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["agencies", "units"])
    await sql`drop trigger if exists ${sql.raw(`${table}_lookup_names`)} on ${sql.table(table)}`.execute(db);
  for (const table of ["tasks", "consultations"])
    for (const event of ["insert", "update", "delete"])
      await sql`drop trigger if exists ${sql.raw(`${table}_lookup_${event}`)} on ${sql.table(table)}`.execute(
        db,
      );
  await sql`drop trigger if exists dossiers_lookup_insert on dossiers`.execute(db);
  await sql`drop trigger if exists dossiers_lookup_update on dossiers`.execute(db);
  await sql`drop function if exists dossier_lookup_names()`.execute(db);
  await sql`drop function if exists dossier_lookup_steps()`.execute(db);
  await sql`drop function if exists dossier_lookup_dossiers()`.execute(db);
  await sql`drop function if exists refresh_dossier_lookup(uuid[])`.execute(db);
  await sql`drop table if exists dossier_lookup`.execute(db);
  await sql`drop view if exists dossier_lookup_source`.execute(db);
}
