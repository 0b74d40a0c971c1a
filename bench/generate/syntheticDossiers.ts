/**
 * Synthetic dossiers for the statistics benchmark, written directly with SQL (generate_series) into a migrated and
 * seeded database: spread over three years before `now` across every offering of the demo province, with realistic
 * channels (half at the counter, ~45% online, some by post), supplements, extensions, stops and late ones, the
 * dossiers of the last weeks still open (some overdue, some waiting for reception), one reception and one terminal
 * event each and one workflow step per dossier with its officer.
 *
 * The R-KPI-4 projection is written as the projector would leave it for this simple shape (no supplement waiting
 * subtracted, one appointment): verdict from the end against the appointment in force. The benchmark measures the
 * queries over these columns; that the columns equal `classifyTimeliness` is proved by the property test in
 * test/services/statistics, not here.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../../src/db/schema.ts";

export interface GenerateOptions {
  /** How many dossiers to add now (batches of at most 500,000). */
  count: number;
  /** Sequence number of the first dossier (codes stay unique across calls). */
  firstNumber: number;
  now: Date;
  seed?: number;
  /** Drop the secondary indexes for the load and build them after it (default: from 1,000,000 dossiers). */
  bulk?: boolean;
}

const YEARS = 3;
const BATCH = 500_000;

export async function generateSyntheticDossiers(
  pool: Kysely<Database>,
  options: GenerateOptions,
): Promise<void> {
  // One connection throughout: the session settings below (replication role, maintenance memory) are per session.
  await pool.connection().execute((db) => generateOn(db, options));
}

async function generateOn(db: Kysely<Database>, options: GenerateOptions): Promise<void> {
  await sql`select setseed(${options.seed ?? 0.42})`.execute(db);
  await sql`drop table if exists bench_offerings`.execute(db);
  await sql`
    create unlogged table bench_offerings as
    select (row_number() over (order by o.id) - 1)::int as k, o.id as offering_id, o.procedure_id, o.agency_id,
      (select g.user_id from role_grants g where g.agency_id = o.agency_id
        and g.role in ('specialist', 'counter_officer') order by g.user_id limit 1) as officer_id,
      (select u.id from units u where u.agency_id = o.agency_id order by u.code limit 1) as unit_id
    from procedure_offerings o`.execute(db);
  // The agency's first offering gives its dossiers' workflow step: one row per agency to join the tasks to, rather
  // than a subquery per dossier.
  await sql`alter table bench_offerings add column agency_first_k int`.execute(db);
  await sql`update bench_offerings b set agency_first_k = (
    select min(k) from bench_offerings m where m.agency_id = b.agency_id)`.execute(db);
  const total = options.count;
  const load = async () => {
    for (let start = 0; start < total; start += BATCH) {
      const size = Math.min(BATCH, total - start);
      const first = options.firstNumber + start;
      await generateBatch(db, first, size, options.now);
    }
  };
  if (options.bulk ?? total >= BULK_LOAD_FROM)
    await withoutSecondaryIndexes(db, BULK_TABLES, () => withLookupFilledAfter(db, load));
  else await load();
  await sql`drop table bench_offerings`.execute(db);
}

/** From this many dossiers a call loads in bulk: secondary indexes dropped, then built once over every row. */
const BULK_LOAD_FROM = 1_000_000;
/**
 * The big tables a batch writes whose indexes no trigger reads (the lookup projection's triggers read tasks and
 * dossier_lookup by dossier: those indexes stay).
 */
const BULK_TABLES = ["dossiers", "dossier_events"];

/** The lookup projection's row triggers (migration 0039): one view query per dossier and per task written. */
const LOOKUP_TRIGGERS = [
  ["dossiers", "dossiers_lookup_insert"],
  ["tasks", "tasks_lookup_insert"],
] as const;

/**
 * Runs `load` with the lookup projection's insert triggers off, then fills the projection of every dossier that
 * lacks one in one statement from the same view the triggers read (`dossier_lookup_source`), so the rows are those
 * the triggers would have left, written set-wise instead of one view query per row.
 */
async function withLookupFilledAfter(db: Kysely<Database>, load: () => Promise<void>): Promise<void> {
  for (const [table, trigger] of LOOKUP_TRIGGERS)
    await sql.raw(`alter table ${table} disable trigger ${trigger}`).execute(db);
  try {
    await load();
  } finally {
    for (const [table, trigger] of LOOKUP_TRIGGERS)
      await sql.raw(`alter table ${table} enable trigger ${trigger}`).execute(db);
  }
  await sql`
    insert into dossier_lookup
    select s.* from dossier_lookup_source s
    where not exists (select 1 from dossier_lookup l where l.dossier_id = s.dossier_id)`.execute(db);
}

/**
 * Runs `load` with the secondary indexes of `tables` dropped (those that back no constraint: the keys stay), then
 * creates them again from their own definitions, so the database ends with exactly the schema's indexes. Building an
 * index once over N rows (sorted, in parallel) is much cheaper than N insertions into 17 indexes of the dossiers:
 * the usual way to bulk-load PostgreSQL. On a partitioned table the parent's index is dropped and created, which
 * does the same on every partition.
 */
async function withoutSecondaryIndexes(
  db: Kysely<Database>,
  tables: readonly string[],
  load: () => Promise<void>,
): Promise<void> {
  const indexes = await sql<{ name: string; definition: string }>`
    select quote_ident(c.relname) as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i
    join pg_class c on c.oid = i.indexrelid
    join pg_class t on t.oid = i.indrelid
    where t.relname = any(${tables}::text[]) and t.relnamespace = 'public'::regnamespace
      and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
      and not exists (select 1 from pg_inherits h where h.inhrelid = i.indexrelid)`.execute(db);
  for (const index of indexes.rows) await sql.raw(`drop index ${index.name}`).execute(db);
  try {
    await load();
  } finally {
    await sql`set maintenance_work_mem = '1GB'`.execute(db);
    for (const index of indexes.rows) await sql.raw(index.definition).execute(db);
    await sql`reset maintenance_work_mem`.execute(db);
  }
}

async function generateBatch(db: Kysely<Database>, first: number, size: number, now: Date): Promise<void> {
  // One row of random draws per dossier, then the dossier from them: age (0 = now … 1 = three years ago), channel,
  // outcome and timing.
  await sql`drop table if exists bench_draws`.execute(db);
  await sql`
    create unlogged table bench_draws as
    select i, random() as age, random() as ch, random() as outcome, random() as speed, random() as supp,
      random() as ext, floor(random() * (select count(*) from bench_offerings))::int as k
    from generate_series(${first}::bigint, ${first + size - 1}::bigint) as i`.execute(db);
  // One statement: the dossiers, then their events and step from what the insert returned (no join back by code).
  // Foreign-key triggers are off for the bulk load (the rows reference seeded agencies, procedures and officers).
  await sql`set session_replication_role = replica`.execute(db);
  await sql`
    with d as (
    insert into dossiers (code, procedure_id, offering_id, agency_id, deciding_agency_id, channel, applicant_kind,
      applicant_name, summary, legal_time_amount, legal_time_unit, status, current_unit_id, current_assignee_id,
      submitted_at, reception_due_at, received_at, due_at, original_due_at, extended_due_at, finished_at, returned_at,
      closed_at, state, version, timeliness_pending, timeliness_verdict, timeliness_end_at, timeliness_working_hours)
    select 'BENCH-' || lpad(x.i::text, 9, '0'), o.procedure_id, o.offering_id, o.agency_id, o.agency_id, x.channel,
      'person', 'Người nộp ' || x.i, 'Hồ sơ tổng hợp', 5, 'wd',
      x.status,
      case when x.status in (2, 4, 5, 6) then o.unit_id end,
      case when x.status in (2, 4, 5, 6) then o.officer_id end,
      x.submitted, x.submitted + interval '1 day', x.received,
      coalesce(x.extended, x.due), x.due, x.extended,
      x.ended, case when x.status = 10 then x.ended + interval '1 day' end,
      case when x.status in (8, 10) then x.ended + interval '1 day' end,
      -- The state fields the R-KPI-4 readers use (dossiers still open at a period's end are classified from it).
      jsonb_build_object('receivedAt', x.received, 'dueAt', coalesce(x.extended, x.due), 'supplementRequests', '[]'::jsonb),
      3, false,
      case when x.ended is null then null
        when x.ended < coalesce(x.extended, x.due) - interval '1 day' then 'early'
        when x.ended <= coalesce(x.extended, x.due) then 'onTime' else 'late' end,
      x.ended,
      case when x.ended is not null then extract(epoch from (x.ended - x.received)) / 3600 * 8 / 24 end
    from (
      select d.i, d.k, d.submitted, d.received, d.due, d.extended, d.channel,
        case when d.received is null then 1
          when d.finish > ${now}::timestamptz then (array[2, 4, 4, 4, 5, 6])[1 + floor(d.speed * 6)::int]
          when d.outcome < 0.03 then 8 else 10 end as status,
        case when d.received is not null and d.finish <= ${now}::timestamptz then d.finish end as ended
      from (
        select b.*, s.submitted, r.received, r.received + interval '7 days' as due,
          case when b.ext < 0.03 then r.received + interval '12 days' end as extended,
          case when b.ch < 0.5 then 'counter' when b.ch < 0.95 then 'online' else 'postal' end as channel,
          -- most finish within the week; one in ten needs up to three (late unless extended); supplements add days
          r.received + (case when b.speed < 0.9 then b.speed * interval '7 days' else b.speed * interval '20 days' end)
            + case when b.supp < 0.08 then interval '3 days' else interval '0' end as finish
        from bench_draws b
        cross join lateral (select ${now}::timestamptz - b.age * interval '${sql.raw(String(YEARS))} years' as submitted) s
        cross join lateral (
          select case when b.ch >= 0.5 and b.ch < 0.95 and s.submitted > ${now}::timestamptz - interval '2 days'
            then null else s.submitted + interval '2 hours' end as received) r
      ) d
    ) x
    join bench_offerings o on o.k = x.k
      returning id, agency_id, submitted_at, received_at, finished_at, status, current_unit_id, current_assignee_id
    ), submitted as (
      insert into dossier_events (dossier_id, sequence, agency_id, type, at, actor_role, from_status, to_status)
      select id, 1, agency_id, 'submitted', submitted_at, 'applicant', null, 1 from d
    ), accepted as (
      insert into dossier_events (dossier_id, sequence, agency_id, type, at, actor_role, from_status, to_status)
      select id, 2, agency_id, 'accepted', received_at, 'counterOfficer', 1, 2 from d where received_at is not null
    ), finished as (
      insert into dossier_events (dossier_id, sequence, agency_id, type, at, actor_role, from_status, to_status)
      select id, 3, agency_id, 'finished', finished_at, 'counterOfficer', 4, status from d where finished_at is not null
    )
    insert into tasks (dossier_id, agency_id, step, unit_id, role, assignee_id, status, created_at, due_at, completed_at)
    select d.id, d.agency_id, 'appraisal', o.unit_id, 'specialist', o.officer_id,
      case when d.finished_at is null then 'open' else 'done' end,
      d.received_at, d.received_at + interval '5 days', d.finished_at
    from d join bench_offerings o on o.agency_id = d.agency_id and o.k = o.agency_first_k
    where d.received_at is not null`.execute(db);
  await sql`set session_replication_role = origin`.execute(db);
  await sql`drop table bench_draws`.execute(db);
}
