/**
 * Profiling and checking helpers of the lifecycle benchmark: statements per step on each side (a Kysely log hook
 * for ours, a counter in the raw driver), and a fingerprint of every row a dossier's lifecycle wrote, to show that
 * both sides wrote the same rows.
 */
import { Kysely, PostgresDialect } from "kysely";
import type pg from "pg";
import type { Database } from "../../src/db/schema.ts";
import type { FileStorage } from "../../src/integrations/storage/fileStorage.ts";
import { type BenchActors, type LifecycleDriver, STEPS, type Step } from "./lifecycle.ts";
import { rawDriver, type StatementCounter } from "./lifecycleRaw.ts";
import { stackDriver } from "./lifecycleStack.ts";

export interface StepProfile {
  /** Statements per dossier in each step (BEGIN and COMMIT included). */
  statements: Record<Step, number>;
  /** Our statements per step by shape (first words of the SQL), for the findings. */
  shapes: Record<Step, Map<string, number>>;
}

const shapeOf = (text: string): string => {
  const flat = text.replace(/\s+/g, " ").trim();
  const table = /\b(from|into|update)\s+"?([a-z_]+)"?/i.exec(flat);
  return `${flat.split(" ")[0]!.toLowerCase()} ${table ? table[2] : ""}`.trim();
};

/**
 * Runs `dossiers` lifecycles one at a time on each side over `pool` (its own small pool, so counting does not
 * disturb the measured runs) and returns the statements per dossier of each step.
 */
export async function profileSteps(
  pool: pg.Pool,
  actors: BenchActors,
  storage: FileStorage,
  dossiers: number,
  firstIndex: number,
): Promise<{ ours: StepProfile; raw: StepProfile }> {
  const empty = (): StepProfile => ({
    statements: Object.fromEntries(STEPS.map((name) => [name, 0])) as Record<Step, number>,
    shapes: Object.fromEntries(STEPS.map((name) => [name, new Map<string, number>()])) as Record<
      Step,
      Map<string, number>
    >,
  });
  const ours = empty();
  const raw = empty();
  let current: Step = "submit";
  const logged = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      ours.statements[current]++;
      const shape = shapeOf(event.query.sql);
      ours.shapes[current].set(shape, (ours.shapes[current].get(shape) ?? 0) + 1);
    },
  });
  const tracking =
    (driver: LifecycleDriver): LifecycleDriver =>
    (index, step) =>
      driver(index, (name, work) => {
        current = name;
        return step(name, work);
      });
  const plain = <T>(_name: Step, work: () => Promise<T>) => work();

  const counter: StatementCounter = { count: 0 };
  const rawSide = rawDriver(pool, actors, storage, "profile-raw", counter);
  const oursSide = tracking(stackDriver(logged, actors, storage, "profile-ours"));
  for (let i = 0; i < dossiers; i++) {
    await oursSide(firstIndex + i, plain);
    await rawSide(firstIndex + i, (name, work) => {
      const before = counter.count;
      return work().finally(() => {
        raw.statements[name] += counter.count - before;
      });
    });
  }
  for (const profile of [ours, raw])
    for (const name of STEPS) {
      profile.statements[name] /= dossiers;
      for (const [shape, count] of profile.shapes[name]) profile.shapes[name].set(shape, count / dossiers);
    }
  return { ours, raw };
}

/**
 * One line per dossier describing every row its lifecycle wrote, without ids, codes and the free-text note:
 * the dossier's columns, each event (sequence, type, statuses, step, actor, payload keys, handover facts), the
 * outbox rows, the tasks, the files and the uploads attached. Grouped by the note's prefix (the side's tag).
 */
export async function fingerprints(
  pool: pg.Pool,
  tags: readonly string[],
): Promise<Map<string, { dossiers: number; shapes: Set<string> }>> {
  const { rows } = await pool.query<{ note: string; print: string }>(
    `select d.form_data->>'ghiChu' as note,
       concat_ws(' / ',
         concat_ws('|', d.status, d.version, d.internal_step, d.reception_due_at, d.received_at, d.due_at,
           d.finished_at, d.returned_at, d.closed_at, d.current_unit_id, d.current_assignee_id, d.channel,
           d.applicant_name, d.summary, d.legal_time_amount, d.legal_time_unit,
           (select count(*) from dossier_code_counters c where c.agency_id = d.agency_id)),
         (select string_agg(concat_ws(',', e.sequence, e.type, e.from_status, e.to_status, e.step, e.actor_role,
             e.actor_user_id, e.at,
             (select string_agg(k, ';' order by k) from jsonb_object_keys(e.payload) k),
             e.payload->'handover'->>'outcome', e.payload->'handover'->>'timing',
             e.payload->'handover'->>'nextDueAt', e.payload->>'output'), ' ' order by e.sequence)
          from dossier_events e where e.dossier_id = d.id),
         (select string_agg(concat_ws(',', o.event_sequence, o.topic,
             (select string_agg(k, ';' order by k) from jsonb_object_keys(o.payload) k)), ' '
             order by o.event_sequence)
          from outbox o where o.dossier_id = d.id),
         (select string_agg(concat_ws(',', t.step, t.status, t.role, t.unit_id, t.assignee_id, t.created_at,
             t.due_at, t.completed_at, t.outcome, t.handed_over_by), ' ' order by t.created_at, t.step)
          from tasks t where t.dossier_id = d.id),
         (select string_agg(concat_ws(',', f.purpose, f.file_name, f.media_type, f.size_bytes = u.size_bytes,
             f.sha256 = u.sha256, f.uploaded_by, f.uploaded_at, f.event_sequence, u.owner_user_id, u.attached_at), ' ')
          from dossier_files f left join uploads u on u.storage_key = f.storage_key where f.dossier_id = d.id)
       ) as print
     from dossiers d where d.form_data ? 'ghiChu'`,
  );
  const bySide = new Map<string, { dossiers: number; shapes: Set<string> }>();
  for (const tag of tags) bySide.set(tag, { dossiers: 0, shapes: new Set() });
  for (const row of rows) {
    const tag = tags.find((candidate) => row.note.startsWith(`hồ sơ ${candidate}-`));
    if (!tag) continue;
    const side = bySide.get(tag)!;
    side.dossiers++;
    side.shapes.add(row.print);
  }
  return bySide;
}
