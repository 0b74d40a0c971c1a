import type { Kysely } from "kysely";
import type { AgencyLevel, Database, UnitKind, WorkingIntervalRow } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { DEFAULT_CALENDAR_CONFIG, validateCalendarConfig } from "../../domain/calendar/workingCalendar.ts";
import type { Actor } from "../accounts/actor.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import type { FieldError } from "../validation/messages.ts";
import { type AdminScope, inScope, requireInScope, requireSystemAdmin } from "./adminScope.ts";
import { recordAdminChange } from "./auditLog.ts";

export interface AdminUnit {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
}

export interface AdminAgency {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  level: AgencyLevel;
  parentId: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  workingIntervals: WorkingIntervalRow[] | null;
  units: AdminUnit[];
}

const unknownAgency = { vi: "Không tìm thấy cơ quan", en: "No such agency" };
const unknownUnit = { vi: "Không tìm thấy đơn vị", en: "No such unit" };

/** The agencies the administrator administers, with their units (the console draws the tree from parentId). */
export async function listAdminAgencies(db: Kysely<Database>, scope: AdminScope): Promise<AdminAgency[]> {
  if (!scope.all && scope.agencyIds.length === 0) return [];
  let query = db
    .selectFrom("agencies")
    .select([
      "id",
      "code",
      "name",
      "short_name",
      "level",
      "parent_id",
      "address",
      "phone",
      "email",
      "working_intervals",
    ])
    .orderBy("level")
    .orderBy("name");
  if (!scope.all) query = query.where("id", "in", scope.agencyIds);
  const agencies = await query.execute();
  const units =
    agencies.length === 0
      ? []
      : await db
          .selectFrom("units")
          .select(["id", "agency_id", "code", "name", "kind"])
          .where(
            "agency_id",
            "in",
            agencies.map((a) => a.id),
          )
          .orderBy("name")
          .execute();
  return agencies.map((a) => ({
    id: a.id,
    code: a.code,
    name: a.name,
    shortName: a.short_name,
    level: a.level,
    // An agency administrator sees their agencies as roots.
    parentId: a.parent_id && inScope(scope, a.parent_id) ? a.parent_id : null,
    address: a.address,
    phone: a.phone,
    email: a.email,
    workingIntervals: a.working_intervals,
    units: units
      .filter((u) => u.agency_id === a.id)
      .map((u) => ({ id: u.id, code: u.code, name: u.name, kind: u.kind })),
  }));
}

/** R-CAL-4: an agency's own working hours, checked by the domain calendar's rules (English by error code). */
export function workingIntervalErrors(intervals: WorkingIntervalRow[]): FieldError[] {
  const english: Record<string, string> = {
    INTERVALS_EMPTY: "There is no working interval",
    INTERVAL_MALFORMED: "A time is not in HH:MM form",
    INTERVAL_EMPTY: "The start must be before the end",
    INTERVALS_UNSORTED: "The intervals must be in order",
    INTERVALS_OVERLAP: "The intervals overlap",
  };
  return validateCalendarConfig({
    ...DEFAULT_CALENDAR_CONFIG,
    workingIntervals: intervals,
    years: {},
  }).map((error) => ({
    field: "index" in error ? `workingIntervals.${error.index}` : "workingIntervals",
    message: { vi: error.message, en: english[error.code] ?? error.code },
  }));
}

export interface AgencyInput {
  name: string;
  shortName?: string | null | undefined;
  address?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  /** null: the province default hours. */
  workingIntervals?: WorkingIntervalRow[] | null | undefined;
}

async function loadAgency(db: Kysely<Database>, id: string) {
  return db
    .selectFrom("agencies")
    .select([
      "id",
      "code",
      "name",
      "short_name",
      "level",
      "parent_id",
      "address",
      "phone",
      "email",
      "working_intervals",
    ])
    .where("id", "=", id)
    .executeTakeFirst();
}

function checkIntervals(input: AgencyInput): void {
  if (input.workingIntervals) {
    const errors = workingIntervalErrors(input.workingIntervals);
    if (errors.length > 0) throw new ValidationError(errors);
  }
}

/** Creates an agency (system administrator: agencies are the province's organisation). */
export async function createAgency(
  db: Kysely<Database>,
  actor: Actor,
  scope: AdminScope,
  input: AgencyInput & { code: string; level: AgencyLevel; parentId?: string | null | undefined },
  now: Date,
): Promise<{ id: string }> {
  requireSystemAdmin(scope);
  checkIntervals(input);
  return inTransaction(db, async (trx) => {
    if (input.parentId && !(await loadAgency(trx, input.parentId)))
      throw new ValidationError([
        {
          field: "parentId",
          message: { vi: "Cơ quan cấp trên không tồn tại", en: "The parent agency does not exist" },
        },
      ]);
    const taken = await trx
      .selectFrom("agencies")
      .select("id")
      .where("code", "=", input.code)
      .executeTakeFirst();
    if (taken)
      throw new ConflictError("AGENCY_CODE_TAKEN", {
        vi: `Mã cơ quan ${input.code} đã được dùng`,
        en: `The agency code ${input.code} is already used`,
      });
    const values = {
      code: input.code,
      name: input.name.trim(),
      short_name: input.shortName ?? null,
      level: input.level,
      parent_id: input.parentId ?? null,
      address: input.address ?? null,
      phone: input.phone ?? null,
      email: input.email ?? null,
      working_intervals: input.workingIntervals ? JSON.stringify(input.workingIntervals) : null,
      created_at: now,
      updated_at: now,
    };
    const { id } = await trx.insertInto("agencies").values(values).returning("id").executeTakeFirstOrThrow();
    await recordAdminChange(trx, actor, now, {
      agencyId: id,
      action: "agency.create",
      entity: "agency",
      entityId: id,
      summary: `${input.code} ${values.name}`,
      before: null,
      after: {
        ...values,
        working_intervals: input.workingIntervals ?? null,
        created_at: undefined,
        updated_at: undefined,
      },
    });
    return { id };
  });
}

/** Updates an agency's name, contacts and working hours (R-CAL-4) within the administrator's scope. */
export async function updateAgency(
  db: Kysely<Database>,
  actor: Actor,
  scope: AdminScope,
  id: string,
  input: AgencyInput,
  now: Date,
): Promise<void> {
  requireInScope(scope, id, unknownAgency);
  checkIntervals(input);
  await inTransaction(db, async (trx) => {
    const before = await loadAgency(trx, id);
    if (!before) throw new NotFoundError(unknownAgency);
    const after = {
      name: input.name.trim(),
      short_name: input.shortName ?? null,
      address: input.address ?? null,
      phone: input.phone ?? null,
      email: input.email ?? null,
      working_intervals: input.workingIntervals ?? null,
    };
    await trx
      .updateTable("agencies")
      .set({
        ...after,
        working_intervals: after.working_intervals ? JSON.stringify(after.working_intervals) : null,
        updated_at: now,
      })
      .where("id", "=", id)
      .execute();
    await recordAdminChange(trx, actor, now, {
      agencyId: id,
      action: "agency.update",
      entity: "agency",
      entityId: id,
      summary: `${before.code} ${after.name}`,
      before: {
        name: before.name,
        short_name: before.short_name,
        address: before.address,
        phone: before.phone,
        email: before.email,
        working_intervals: before.working_intervals,
      },
      after,
    });
  });
}

export interface UnitInput {
  code: string;
  name: string;
  kind: UnitKind;
}

/** Adds a unit (phòng, ban, bộ phận) to an agency in scope. */
export async function createUnit(
  db: Kysely<Database>,
  actor: Actor,
  scope: AdminScope,
  agencyId: string,
  input: UnitInput,
  now: Date,
): Promise<{ id: string }> {
  requireInScope(scope, agencyId, unknownAgency);
  return inTransaction(db, async (trx) => {
    if (!(await loadAgency(trx, agencyId))) throw new NotFoundError(unknownAgency);
    const taken = await trx
      .selectFrom("units")
      .select("id")
      .where("agency_id", "=", agencyId)
      .where("code", "=", input.code)
      .executeTakeFirst();
    if (taken)
      throw new ConflictError("UNIT_CODE_TAKEN", {
        vi: `Mã đơn vị ${input.code} đã có trong cơ quan`,
        en: `The unit code ${input.code} is already used in this agency`,
      });
    const values = { agency_id: agencyId, code: input.code, name: input.name.trim(), kind: input.kind };
    const { id } = await trx.insertInto("units").values(values).returning("id").executeTakeFirstOrThrow();
    await recordAdminChange(trx, actor, now, {
      agencyId,
      action: "unit.create",
      entity: "unit",
      entityId: id,
      summary: `${input.code} ${values.name}`,
      before: null,
      after: values,
    });
    return { id };
  });
}

/** Renames a unit or changes its kind (its code stays: grants and workflows refer to it). */
export async function updateUnit(
  db: Kysely<Database>,
  actor: Actor,
  scope: AdminScope,
  unitId: string,
  input: { name: string; kind: UnitKind },
  now: Date,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom("units")
      .select(["id", "agency_id", "code", "name", "kind"])
      .where("id", "=", unitId)
      .executeTakeFirst();
    if (!before || !inScope(scope, before.agency_id)) throw new NotFoundError(unknownUnit);
    const after = { name: input.name.trim(), kind: input.kind };
    await trx.updateTable("units").set(after).where("id", "=", unitId).execute();
    await recordAdminChange(trx, actor, now, {
      agencyId: before.agency_id,
      action: "unit.update",
      entity: "unit",
      entityId: unitId,
      summary: `${before.code} ${after.name}`,
      before: { name: before.name, kind: before.kind },
      after,
    });
  });
}
