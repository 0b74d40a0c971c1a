import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { verifyPassword } from "../../../src/services/accounts/passwords.ts";
import { ValidationError } from "../../../src/services/errors.ts";
import {
  demoDataDirectory,
  loadDemoData,
  type SeedReport,
  seedDemoProvince,
  seedIfEmpty,
} from "../../../src/services/seed/seedDemoProvince.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

const ROLES = [
  "citizen",
  "organisation_representative",
  "counter_officer",
  "specialist",
  "unit_head",
  "agency_leader",
  "agency_admin",
  "service_center_monitor",
  "support_staff",
  "postal_staff",
  "system_admin",
] as const;

const TABLES = [
  "agencies",
  "units",
  "sectors",
  "fields",
  "procedures",
  "procedure_components",
  "procedure_fees",
  "procedure_offerings",
  "users",
  "role_grants",
  "calendar_years",
  "calendar_days",
] as const;

let database: DatabaseHandle;
let report: SeedReport;
beforeAll(async () => {
  database = await createTestDatabase();
  report = await seedDemoProvince(database.db);
});
afterAll(async () => {
  await database?.close();
});

async function rows<T>(query: ReturnType<typeof sql<T>>): Promise<T[]> {
  return (await query.execute(database.db)).rows;
}
async function countAll(db = database.db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const result = await sql<{
      count: number;
    }>`select count(*)::int as count from ${sql.table(table)}`.execute(db);
    counts[table] = Number(result.rows[0]?.count);
  }
  return counts;
}

describe("seedDemoProvince — the demo province of issue #2 §7", () => {
  it("has at least 6 departments, each with units including its one-stop counter", async () => {
    const departments = await rows(sql<{ code: string; units: number; counters: number }>`
      select a.code, count(u.id)::int as units, count(u.id) filter (where u.kind = 'counter')::int as counters
      from agencies a left join units u on u.agency_id = a.id where a.level = 'department' group by a.code`);
    expect(departments.length).toBeGreaterThanOrEqual(6);
    for (const department of departments) {
      expect(department.units, department.code).toBeGreaterThanOrEqual(2);
      expect(department.counters, department.code).toBe(1);
    }
  });

  it("has at least 4 communes, each with a counter unit (R-LAW-1: commune service centers)", async () => {
    const communes = await rows(sql<{ code: string; counters: number }>`
      select a.code, count(u.id) filter (where u.kind = 'counter')::int as counters
      from agencies a left join units u on u.agency_id = a.id where a.level = 'commune' group by a.code`);
    expect(communes.length).toBeGreaterThanOrEqual(4);
    for (const commune of communes) expect(commune.counters, commune.code).toBeGreaterThanOrEqual(1);
  });

  it("has a provincial public administrative service center with a counter, where departments receive", async () => {
    const centers = await rows(sql<{ id: string; code: string }>`
      select a.id, a.code from agencies a
      where a.name like 'Trung tâm Phục vụ hành chính công%'
        and exists (select 1 from units u where u.agency_id = a.id and u.kind = 'counter')`);
    expect(centers).toHaveLength(1);
    const receivedElsewhere = await rows(sql<{ code: string; receiver: string | null }>`
      select a.code, r.code as receiver from agencies a left join agencies r on r.id = a.received_at_agency_id
      where a.level = 'department'`);
    for (const department of receivedElsewhere)
      expect(department.receiver, department.code).toBe(centers[0]?.code);
  });

  it("has at least 40 procedures across at least 8 sectors, all with a valid national code (R-CODE-4)", async () => {
    const [summary] = await rows(sql<{ procedures: number; sectors: number; bad_codes: number }>`
      select count(*)::int as procedures, count(distinct f.sector_id)::int as sectors,
             count(*) filter (where p.code !~ '^[0-9]\\.[0-9]{6}$')::int as bad_codes
      from procedures p join fields f on f.id = p.field_id`);
    expect(summary?.procedures).toBeGreaterThanOrEqual(40);
    expect(summary?.sectors).toBeGreaterThanOrEqual(8);
    expect(summary?.bad_codes).toBe(0);
  });

  it("every procedure is offered by at least one agency", async () => {
    const unoffered = await rows(sql<{ code: string }>`
      select p.code from procedures p
      where not exists (select 1 from procedure_offerings o where o.procedure_id = p.id and o.enabled)`);
    expect(unoffered).toEqual([]);
  });

  it("has one user for each of the eleven roles (support staff since issue #17, postal staff since issue #18)", async () => {
    const grants = await rows(sql<{ role: string; users: number }>`
      select role, count(distinct user_id)::int as users from role_grants group by role`);
    const byRole = new Map(grants.map((grant) => [grant.role, grant.users]));
    for (const role of ROLES) expect(byRole.get(role) ?? 0, role).toBeGreaterThanOrEqual(1);
    expect([...byRole.keys()].sort()).toEqual([...ROLES].sort());
  });

  it("has the calendar years 2025, 2026 and 2027, each with its holidays as data (R-CAL-3)", async () => {
    expect(report.calendarYears).toEqual([2025, 2026, 2027]);
    const years = await rows(sql<{ year: number; holidays: number }>`
      select y.year, count(d.date) filter (where d.kind = 'holiday')::int as holidays
      from calendar_years y left join calendar_days d on d.year = y.year group by y.year order by y.year`);
    expect(years.map((y) => y.year)).toEqual([2025, 2026, 2027]);
    for (const year of years) expect(year.holidays, String(year.year)).toBeGreaterThanOrEqual(5);
    // National Day is a holiday every year (R-CAL-2).
    const nationalDays = await rows(sql<{ date: string }>`
      select date::text as date from calendar_days where to_char(date, 'MM-DD') = '09-02' and kind = 'holiday'
      order by date`);
    expect(nationalDays.map((d) => d.date)).toEqual(["2025-09-02", "2026-09-02", "2027-09-02"]);
  });

  it("reports what it loaded, matching the database", async () => {
    const counts = await countAll();
    expect(report.agencies).toBe(counts.agencies);
    expect(report.units).toBe(counts.units);
    expect(report.sectors).toBe(counts.sectors);
    expect(report.fields).toBe(counts.fields);
    expect(report.procedures.created).toHaveLength(counts.procedures!);
    expect(report.procedures.updated).toEqual([]);
    expect(report.procedures.rejected).toEqual([]);
    expect(report.offerings).toBe(counts.procedure_offerings);
    expect(report.users).toBe(counts.users);
  });

  it("stores passwords as argon2id hashes that verify with the passwords of data/users.json, and nothing else", async () => {
    const source = JSON.parse(readFileSync(new URL("users.json", demoDataDirectory), "utf8")) as {
      username: string;
      password: string;
    }[];
    const users = await database.db.selectFrom("users").select(["username", "password_hash"]).execute();
    expect(users).toHaveLength(source.length);
    const hashes = new Map(users.map((user) => [user.username, user.password_hash]));
    for (const { username, password } of source) {
      const hash = hashes.get(username);
      expect(hash, username).toMatch(/^\$argon2id\$/);
      expect(hash).not.toContain(password);
      expect(await verifyPassword(hash!, password), username).toBe(true);
    }
    const first = source[0]!;
    expect(await verifyPassword(hashes.get(first.username)!, `${first.password}x`)).toBe(false);
  });

  it("is idempotent: seeding again updates in place and every table keeps its count", async () => {
    const before = await countAll();
    const again = await seedDemoProvince(database.db);
    expect(await countAll()).toEqual(before);
    expect(again.procedures.created).toEqual([]);
    expect(again.procedures.updated).toHaveLength(before.procedures!);
    expect(again.procedures.rejected).toEqual([]);
  });

  it("seedIfEmpty does nothing on a seeded database", async () => {
    const before = await countAll();
    const hashesBefore = await database.db
      .selectFrom("users")
      .select(["username", "password_hash"])
      .execute();
    expect(await seedIfEmpty(database.db)).toBeUndefined();
    expect(await countAll()).toEqual(before);
    // Not even re-hashed: the stored hashes are the same strings.
    const hashesAfter = await database.db.selectFrom("users").select(["username", "password_hash"]).execute();
    expect(hashesAfter).toEqual(expect.arrayContaining(hashesBefore));
  });
});

describe("seedDemoProvince — on an empty database", () => {
  let empty: DatabaseHandle;
  beforeAll(async () => {
    empty = await createTestDatabase();
  });
  afterAll(async () => {
    await empty?.close();
  });

  it("a demo procedure that cannot be imported stops the seed and leaves the database empty", async () => {
    const data = loadDemoData();
    const procedures = data.procedures.map((row, index) =>
      index === 3 ? { ...(row as object), MucDo: "Mức độ cao" } : row,
    );
    let caught: unknown;
    try {
      await seedDemoProvince(empty.db, { ...data, procedures });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).fields.map((field) => field.field)).toEqual(["procedures.json.3"]);
    expect(Object.values(await countAll(empty.db)).every((count) => count === 0)).toBe(true);
  });

  it("an offering of an unknown agency stops the seed and leaves the database empty", async () => {
    const data = loadDemoData();
    const offerings = [...data.offerings, { ...data.offerings[0]!, agencyCode: "999.99.99.H99" }];
    await expect(seedDemoProvince(empty.db, { ...data, offerings })).rejects.toBeInstanceOf(ValidationError);
    expect(Object.values(await countAll(empty.db)).every((count) => count === 0)).toBe(true);
  });

  it("seedIfEmpty seeds an empty database and reports it", async () => {
    const seeded = await seedIfEmpty(empty.db);
    expect(seeded).toBeDefined();
    expect(seeded?.procedures.created.length).toBeGreaterThanOrEqual(40);
    expect(await countAll(empty.db)).toEqual(await countAll());
  });
});

describe("loadDemoData — the demo files are validated before anything is written", () => {
  it("reads data/ as shipped without error", () => {
    const data = loadDemoData();
    expect(data.agencies.length).toBeGreaterThan(0);
    expect(Object.keys(data.calendar.years)).toEqual(["2025", "2026", "2027"]);
  });

  it("reports every problem of every file at once, naming the file and the field", () => {
    const folder = mkdtempSync(join(tmpdir(), "onestop-demo-"));
    try {
      cpSync(new URL(".", demoDataDirectory), folder, { recursive: true });
      const agencies = JSON.parse(readFileSync(join(folder, "agencies.json"), "utf8"));
      agencies[0].level = "district";
      writeFileSync(join(folder, "agencies.json"), JSON.stringify(agencies));
      const users = JSON.parse(readFileSync(join(folder, "users.json"), "utf8"));
      users[1].password = "short";
      writeFileSync(join(folder, "users.json"), JSON.stringify(users));

      let caught: unknown;
      try {
        loadDemoData(pathToFileURL(`${folder}/`));
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ValidationError);
      const error = caught as ValidationError;
      expect(error.text.vi).toBe("Dữ liệu mẫu không hợp lệ");
      const fields = error.fields.map((field) => field.field);
      expect(fields).toContain("agencies.json.0.level");
      expect(fields).toContain("users.json.1.password");
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
