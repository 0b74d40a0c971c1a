import { existsSync, readdirSync, readFileSync } from "node:fs";
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { hashPassword } from "../accounts/passwords.ts";
import { type ImportReport, importProcedures, parseImportFile } from "../catalog/importProcedures.ts";
import { ValidationError } from "../errors.ts";
import { markHistorySynchronised } from "../sync/fanOutSync.ts";
import { createAjv, validatorFor } from "../validation/ajv.ts";
import { describeErrors, type FieldError } from "../validation/messages.ts";
import { seedWorkflows } from "../workflows/seedWorkflows.ts";
import { AgencyFile, CalendarFile, OfferingFile, SectorFile, UserFile } from "./demoDataSchema.ts";
import { type DemoHistoryReport, seedDemoHistory } from "./history/seedDemoHistory.ts";

/** The repository's `data/` folder, from source and from a build alike. */
export const demoDataDirectory = new URL("../../../data/", import.meta.url);

export interface DemoData {
  agencies: AgencyFile;
  sectors: SectorFile;
  procedures: unknown[];
  offerings: OfferingFile;
  users: UserFile;
  calendar: CalendarFile;
  /** E-form JSON Schemas by national procedure code (`data/forms/<code>.json`), set on every offering of it. */
  forms: Record<string, Record<string, unknown>>;
}

function readJson(directory: URL, name: string): unknown {
  return JSON.parse(readFileSync(new URL(`${name}.json`, directory), "utf8"));
}

function check<T>(schema: object, value: unknown, file: string, errors: FieldError[]): T {
  const validate = validatorFor<T>(schema);
  if (!validate(value)) errors.push(...describeErrors(validate.errors, file));
  return value as T;
}

/** Reads and validates the demo files; every problem of every file is reported at once. */
export function loadDemoData(directory: URL = demoDataDirectory): DemoData {
  const errors: FieldError[] = [];
  const data: DemoData = {
    agencies: check(AgencyFile, readJson(directory, "agencies"), "agencies.json", errors),
    sectors: check(SectorFile, readJson(directory, "sectors"), "sectors.json", errors),
    procedures: parseImportFile(readFileSync(new URL("procedures.json", directory), "utf8")),
    offerings: check(OfferingFile, readJson(directory, "offerings"), "offerings.json", errors),
    users: check(UserFile, readJson(directory, "users"), "users.json", errors),
    calendar: check(CalendarFile, readJson(directory, "calendar"), "calendar.json", errors),
    forms: readForms(directory, errors),
  };
  if (errors.length > 0)
    throw new ValidationError(errors, { vi: "Dữ liệu mẫu không hợp lệ", en: "The demo data is not valid" });
  return data;
}

/** The e-forms of `data/forms/`, each checked to be a JSON Schema the validator compiles. */
function readForms(directory: URL, errors: FieldError[]): Record<string, Record<string, unknown>> {
  const folder = new URL("forms/", directory);
  if (!existsSync(folder)) return {};
  const forms: Record<string, Record<string, unknown>> = {};
  for (const file of readdirSync(folder).filter((name) => name.endsWith(".json"))) {
    const code = file.slice(0, -".json".length);
    const schema = JSON.parse(readFileSync(new URL(file, folder), "utf8")) as Record<string, unknown>;
    try {
      createAjv().compile(schema);
      forms[code] = schema;
    } catch (error) {
      errors.push({
        field: `forms/${file}`,
        message: {
          vi: `Không phải JSON Schema hợp lệ: ${(error as Error).message}`,
          en: `Not a valid JSON Schema: ${(error as Error).message}`,
        },
      });
    }
  }
  return forms;
}

export interface SeedReport {
  agencies: number;
  units: number;
  sectors: number;
  fields: number;
  procedures: ImportReport;
  offerings: number;
  users: number;
  calendarYears: number[];
}

/**
 * Loads the demo province (issue #2 §7) in one transaction; running it again updates in place (upserts by code).
 * Demo accounts are not forced to change their password (R-ACC-2 applies to accounts issued for real use).
 */
export async function seedDemoProvince(
  db: Kysely<Database>,
  data: DemoData = loadDemoData(),
): Promise<SeedReport> {
  // Hash outside the transaction: argon2 is deliberately slow and PGlite has a single session. The hashes run at
  // once on the library's threads, so a first start waits for the slowest, not for their sum (issue #19, < 30 s).
  const passwordHashes = new Map<string, string>(
    await Promise.all(
      data.users.map(async (user) => [user.username, await hashPassword(user.password)] as const),
    ),
  );

  return inTransaction(db, async (trx) => {
    const calendarYears = await seedCalendar(trx, data.calendar);
    const agencyIds = await seedAgencies(trx, data.agencies);
    const units = await seedUnits(trx, data.agencies, agencyIds);
    const fields = await seedSectors(trx, data.sectors);
    const procedures = await importProcedures(trx, data.procedures);
    if (procedures.rejected.length > 0) {
      throw new ValidationError(
        procedures.rejected.flatMap((row) =>
          row.reasons.map((reason) => ({ field: `procedures.json.${row.row - 1}`, message: reason })),
        ),
        { vi: "Có thủ tục mẫu không hợp lệ", en: "Some demo procedures are not valid" },
      );
    }
    const offerings = await seedOfferings(trx, data.offerings, agencyIds, data.forms);
    const users = await seedUsers(trx, data.users, agencyIds, passwordHashes);
    // Every offering's published workflow (issue #6), once its officers exist to validate the roles against.
    await seedWorkflows(trx, demoDataDirectory);
    return {
      agencies: agencyIds.size,
      units,
      sectors: data.sectors.length,
      fields,
      procedures,
      offerings,
      users,
      calendarYears,
    };
  });
}

/** Seeds only when the database has no agency yet: the first `npm start` on an empty database. */
export async function seedIfEmpty(
  db: Kysely<Database>,
  options: { history?: boolean; now?: Date } = {},
): Promise<(SeedReport & { history?: DemoHistoryReport }) | undefined> {
  const { count } = await db
    .selectFrom("agencies")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  if (Number(count) > 0) return undefined;
  const report = await seedDemoProvince(db);
  const now = options.now ?? new Date();
  // Issue #19: months of finished dossiers behind today's demo data.
  const history = options.history ? await seedDemoHistory(db, { now }) : undefined;
  // The demo history counts as already synchronised with DVCQG and is never pushed (issue #13).
  await markHistorySynchronised(db, now);
  return history ? { ...report, history } : report;
}

async function seedCalendar(trx: Transaction<Database>, calendar: CalendarFile): Promise<number[]> {
  const years: number[] = [];
  for (const [yearText, days] of Object.entries(calendar.years)) {
    const year = Number(yearText);
    years.push(year);
    await trx
      .insertInto("calendar_years")
      .values({ year, note: "Dữ liệu mẫu (data/calendar.json)" })
      .onConflict((oc) => oc.column("year").doUpdateSet({ updated_at: new Date() }))
      .execute();
    await trx.deleteFrom("calendar_days").where("year", "=", year).execute();
    const rows = [
      ...days.holidays.map((day) => ({ date: day.date, year, kind: "holiday" as const, name: day.name })),
      ...days.makeupDays.map((day) => ({ date: day.date, year, kind: "makeup" as const, name: day.name })),
    ];
    if (rows.length > 0) await trx.insertInto("calendar_days").values(rows).execute();
  }
  return years.sort();
}

async function seedAgencies(trx: Transaction<Database>, agencies: AgencyFile): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const pending = [...agencies];
  // Parents first: repeat passes until every agency whose parent exists is written.
  while (pending.length > 0) {
    const ready = pending.filter((agency) => agency.parentCode === null || ids.has(agency.parentCode));
    if (ready.length === 0) {
      throw new ValidationError(
        pending.map((agency) => ({
          field: `agencies.json.${agency.code}.parentCode`,
          message: {
            vi: `Cơ quan cấp trên ${agency.parentCode} không tồn tại`,
            en: `Parent agency ${agency.parentCode} does not exist`,
          },
        })),
      );
    }
    for (const agency of ready) {
      pending.splice(pending.indexOf(agency), 1);
      const values = {
        name: agency.name,
        short_name: agency.shortName ?? null,
        level: agency.level,
        parent_id: agency.parentCode ? ids.get(agency.parentCode)! : null,
        address: agency.address ?? null,
        phone: agency.phone ?? null,
        email: agency.email ?? null,
        website: agency.website ?? null,
        hotline: agency.hotline ?? null,
        working_intervals: agency.workingIntervals ? JSON.stringify(agency.workingIntervals) : null,
      };
      const { id } = await trx
        .insertInto("agencies")
        .values({ code: agency.code, ...values })
        .onConflict((oc) => oc.column("code").doUpdateSet({ ...values, updated_at: new Date() }))
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.set(agency.code, id);
    }
  }
  for (const agency of agencies) {
    if (!agency.receivedAtCode) continue;
    const receiver = ids.get(agency.receivedAtCode);
    if (!receiver) {
      throw new ValidationError([
        {
          field: `agencies.json.${agency.code}.receivedAtCode`,
          message: {
            vi: `Cơ quan tiếp nhận ${agency.receivedAtCode} không tồn tại`,
            en: `Receiving agency ${agency.receivedAtCode} does not exist`,
          },
        },
      ]);
    }
    await trx
      .updateTable("agencies")
      .set({ received_at_agency_id: receiver })
      .where("id", "=", ids.get(agency.code)!)
      .execute();
  }
  return ids;
}

async function seedUnits(
  trx: Transaction<Database>,
  agencies: AgencyFile,
  agencyIds: Map<string, string>,
): Promise<number> {
  let count = 0;
  for (const agency of agencies) {
    for (const unit of agency.units) {
      await trx
        .insertInto("units")
        .values({ agency_id: agencyIds.get(agency.code)!, code: unit.code, name: unit.name, kind: unit.kind })
        .onConflict((oc) =>
          oc.columns(["agency_id", "code"]).doUpdateSet({ name: unit.name, kind: unit.kind }),
        )
        .execute();
      count++;
    }
  }
  return count;
}

async function seedSectors(trx: Transaction<Database>, sectors: SectorFile): Promise<number> {
  let fields = 0;
  for (const sector of sectors) {
    const { id } = await trx
      .insertInto("sectors")
      .values({ code: sector.code, name: sector.name })
      .onConflict((oc) => oc.column("code").doUpdateSet({ name: sector.name }))
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const field of sector.fields) {
      await trx
        .insertInto("fields")
        .values({ sector_id: id, code: field.code, name: field.name })
        .onConflict((oc) => oc.column("code").doUpdateSet({ name: field.name, sector_id: id }))
        .execute();
      fields++;
    }
  }
  return fields;
}

async function seedOfferings(
  trx: Transaction<Database>,
  offerings: OfferingFile,
  agencyIds: Map<string, string>,
  forms: DemoData["forms"],
): Promise<number> {
  const procedureIds = new Map(
    (await trx.selectFrom("procedures").select(["id", "code"]).execute()).map((p) => [p.code, p.id]),
  );
  const errors: FieldError[] = [];
  for (const [index, offering] of offerings.entries()) {
    const agencyId = agencyIds.get(offering.agencyCode);
    const procedureId = procedureIds.get(offering.procedureCode);
    if (!agencyId || !procedureId) {
      errors.push({
        field: `offerings.json.${index}`,
        message: {
          vi: `Không có cơ quan ${offering.agencyCode} hoặc thủ tục ${offering.procedureCode}`,
          en: `No agency ${offering.agencyCode} or procedure ${offering.procedureCode}`,
        },
      });
      continue;
    }
    const form = forms[offering.procedureCode];
    const values = {
      online_level: offering.onlineLevel,
      channels: offering.channels,
      enabled: true,
      form_schema: form ? JSON.stringify(form) : null,
    };
    await trx
      .insertInto("procedure_offerings")
      .values({ agency_id: agencyId, procedure_id: procedureId, ...values })
      .onConflict((oc) =>
        oc.columns(["agency_id", "procedure_id"]).doUpdateSet({ ...values, updated_at: new Date() }),
      )
      .execute();
  }
  if (errors.length > 0) throw new ValidationError(errors);
  return offerings.length;
}

async function seedUsers(
  trx: Transaction<Database>,
  users: UserFile,
  agencyIds: Map<string, string>,
  passwordHashes: Map<string, string>,
): Promise<number> {
  const unitIds = new Map(
    (
      await trx
        .selectFrom("units")
        .innerJoin("agencies", "agencies.id", "units.agency_id")
        .select(["units.id", "units.code", "agencies.code as agency_code"])
        .execute()
    ).map((unit) => [`${unit.agency_code}/${unit.code}`, unit.id]),
  );
  for (const user of users) {
    const values = {
      kind: user.kind,
      full_name: user.fullName,
      email: user.email ?? null,
      phone: user.phone ?? null,
      identification_number: user.identificationNumber ?? null,
      organisation_tax_code: user.organisationTaxCode ?? null,
      identity_level: user.identityLevel ?? null,
      password_hash: passwordHashes.get(user.username)!,
      must_change_password: false,
    };
    const existing = await trx
      .selectFrom("users")
      .select("id")
      .where(sql`lower(username)`, "=", user.username.toLowerCase())
      .executeTakeFirst();
    const id = existing
      ? (
          await trx
            .updateTable("users")
            .set(values)
            .where("id", "=", existing.id)
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id
      : (
          await trx
            .insertInto("users")
            .values({ username: user.username, ...values })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id;
    await trx.deleteFrom("role_grants").where("user_id", "=", id).execute();
    for (const grant of user.grants) {
      const agencyId = grant.agencyCode ? agencyIds.get(grant.agencyCode) : null;
      const unitId = grant.unitCode ? unitIds.get(`${grant.agencyCode}/${grant.unitCode}`) : null;
      if (agencyId === undefined || unitId === undefined) {
        throw new ValidationError([
          {
            field: `users.json.${user.username}.grants`,
            message: {
              vi: `Không có cơ quan ${grant.agencyCode} hoặc đơn vị ${grant.unitCode}`,
              en: `No agency ${grant.agencyCode} or unit ${grant.unitCode}`,
            },
          },
        ]);
      }
      await trx
        .insertInto("role_grants")
        .values({ user_id: id, role: grant.role, agency_id: agencyId, unit_id: unitId })
        .execute();
    }
  }
  return users.length;
}
