import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { acceptDossier } from "../../../src/services/dossiers/counter/acceptDossier.ts";
import {
  enterInRegister,
  enterUnregisteredReceptions,
  findRegisterEntry,
  provinceYear,
  registerNumberText,
} from "../../../src/services/register/enterInRegister.ts";
import { submitBirthRegistration } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";
import {
  at,
  type CounterWorld,
  counterWorld,
  intakeBirthRegistration,
} from "../dossiers/counter/counterFixtures.ts";

// Two shared cores under several engineers' suites: a reception and a PDF may take a while.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

/** The Sổ theo dõi hồ sơ (R-FORM-6): every reception entered, numbered per agency and year, gap-free. */
let handle: DatabaseHandle;
let world: CounterWorld;

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  world = await counterWorld(handle.db);
});

afterAll(async () => {
  await handle?.close();
});

/**
 * A paper dossier of a procedure whose e-form asks nothing (copy of a civil-status extract, 2.000635, three
 * components), so that these tests follow the register and not any one e-form.
 */
const SIMPLE = { procedureCode: "2.000635", formData: {} };
const intake = (now: Date, overrides: Parameters<typeof intakeBirthRegistration>[3] = {}) =>
  intakeBirthRegistration(handle.db, world.officer, now, { ...SIMPLE, ...overrides });
const submit = (now: Date, overrides: Parameters<typeof submitBirthRegistration>[3] = {}) =>
  submitBirthRegistration(handle.db, world.users["congdan.demo"]!, now, { ...SIMPLE, ...overrides });

const entryOf = async (dossierId: string) => (await findRegisterEntry(handle.db, dossierId)) ?? null;
const agencyEntries = async (agencyCode: string, year: number) =>
  (
    await handle.db
      .selectFrom("register_entries as r")
      .innerJoin("agencies as a", "a.id", "r.agency_id")
      .select(["r.number", "r.book", "r.dossier_id"])
      .where("a.code", "=", agencyCode)
      .where("r.year", "=", year)
      .orderBy("r.number")
      .execute()
  ).map((row) => row.number);

describe("the register of receptions", () => {
  it("enters a paper dossier received at the counter in the reception's transaction, numbered from 1 in the year", async () => {
    const record = await intake(at("2026-11-23T09:00"));
    expect(record.row.received_at).not.toBeNull();
    expect(await entryOf(record.row.id)).toEqual({ book: 1, number: 1, year: 2026 });
    const second = await intake(at("2026-11-23T09:30"));
    expect(await entryOf(second.row.id)).toEqual({ book: 1, number: 2, year: 2026 });
  });

  it("enters an online dossier only when the counter accepts it, with the next number", async () => {
    const submitted = await submit(at("2026-11-23T10:00"));
    expect(submitted.row.received_at).toBeNull();
    expect(await entryOf(submitted.row.id)).toBeNull();
    await acceptDossier(handle.db, {
      actor: world.officer,
      dossierId: submitted.row.id,
      now: at("2026-11-23T10:30"),
    } as Parameters<typeof acceptDossier>[1]);
    expect(await entryOf(submitted.row.id)).toEqual({ book: 1, number: 3, year: 2026 });
  });

  it("numbers each agency on its own", async () => {
    const before = await agencyEntries("000.20.01.H99", 2026);
    // A dossier of another commune (000.20.02.H99), entered as its reception would.
    const elsewhere = await submit(at("2026-11-24T08:00"), {
      agencyCode: "000.20.02.H99",
    });
    const entry = await handle.db
      .transaction()
      .execute((trx) => enterInRegister(trx, { ...elsewhere.row, received_at: at("2026-11-24T08:30") }));
    expect(entry).toEqual({ book: 1, number: 1, year: 2026 });
    expect(await agencyEntries("000.20.02.H99", 2026)).toEqual([1]);
    expect(await agencyEntries("000.20.01.H99", 2026)).toEqual(before);
  });

  it("starts again at 1 in the new province-local year (31/12 23:30 is still the old year)", async () => {
    expect(provinceYear(at("2026-12-31T23:30"))).toBe(2026);
    expect(provinceYear(at("2027-01-01T00:10"))).toBe(2027);
    const late = await intake(at("2026-12-31T16:00"));
    const next = await intake(at("2027-01-04T08:00"));
    expect((await entryOf(late.row.id))?.year).toBe(2026);
    expect(await entryOf(next.row.id)).toEqual({ book: 1, number: 1, year: 2027 });
  });

  it("gives concurrent receptions distinct consecutive numbers with no gap", async () => {
    const before = await agencyEntries("000.20.01.H99", 2026);
    const records = await Promise.all(Array.from({ length: 6 }, (_, i) => intake(at(`2026-11-25T09:0${i}`))));
    const numbers = await Promise.all(records.map(async (record) => (await entryOf(record.row.id))!.number));
    const after = await agencyEntries("000.20.01.H99", 2026);
    expect(new Set(numbers).size).toBe(6);
    expect(after).toEqual(Array.from({ length: before.length + 6 }, (_, i) => i + 1));
  });

  it("takes the number back when the reception's transaction rolls back (no gap)", async () => {
    const before = await agencyEntries("000.20.01.H99", 2026);
    const record = await intake(at("2026-11-26T09:00"));
    const taken = (await entryOf(record.row.id))!.number;
    expect(taken).toBe(before.length + 1);
    // A second reception that fails after taking its number: nothing of it stays.
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await trx.deleteFrom("register_entries").where("dossier_id", "=", record.row.id).execute();
        await enterInRegister(trx, { ...record.row, received_at: record.row.received_at! });
        throw new Error("the reception failed");
      }),
    ).rejects.toThrow("the reception failed");
    expect(await entryOf(record.row.id)).toEqual({ book: 1, number: taken, year: 2026 });
    const next = await intake(at("2026-11-26T09:30"));
    expect((await entryOf(next.row.id))!.number).toBe(taken + 1);
  });

  it("entering the same dossier twice keeps its one entry", async () => {
    const record = await intake(at("2026-11-26T10:00"));
    const entry = await entryOf(record.row.id);
    const again = await handle.db
      .transaction()
      .execute((trx) => enterInRegister(trx, { ...record.row, received_at: record.row.received_at! }));
    expect(again).toEqual(entry);
  });

  it("enters dossiers written in bulk (the demo history) in order of reception, after the existing numbers", async () => {
    const before = await agencyEntries("000.20.01.H99", 2026);
    const a = await intake(at("2026-11-27T09:00"));
    const b = await intake(at("2026-11-27T08:00"));
    // As the history writer does: rows without entries.
    await handle.db.deleteFrom("register_entries").where("dossier_id", "in", [a.row.id, b.row.id]).execute();
    await handle.db
      .updateTable("register_counters")
      .set({ last_number: before.length })
      .where("year", "=", 2026)
      .where("agency_id", "=", a.row.agency_id)
      .execute();
    expect(await enterUnregisteredReceptions(handle.db)).toBe(2);
    expect((await entryOf(b.row.id))!.number).toBe(before.length + 1);
    expect((await entryOf(a.row.id))!.number).toBe(before.length + 2);
    expect(await enterUnregisteredReceptions(handle.db)).toBe(0);
    const next = await intake(at("2026-11-27T10:00"));
    expect((await entryOf(next.row.id))!.number).toBe(before.length + 3);
  });

  it("prints the number with four digits and the book with its year", () => {
    expect(registerNumberText({ book: 1, number: 42, year: 2026 })).toEqual({
      number: "0042",
      book: "01/2026",
    });
  });
});
