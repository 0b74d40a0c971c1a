import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { normalizePhone } from "../../../src/domain/contact/phone.ts";
import { verifyPassword } from "../../../src/services/accounts/passwords.ts";
import {
  type CitizenRegistration,
  normalizeTaxCode,
  type OrganisationRegistration,
  registerApplicant,
} from "../../../src/services/accounts/registerApplicant.ts";
import { ConflictError, ValidationError } from "../../../src/services/errors.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

const now = new Date("2026-03-02T02:00:00Z");
const citizen = (over: Partial<CitizenRegistration> = {}): CitizenRegistration => ({
  kind: "citizen",
  identificationNumber: "001090000001",
  fullName: "Trần Văn Bình",
  phone: "0912 345 678",
  password: "Binh2026matkhau",
  ...over,
});
const organisation = (over: Partial<OrganisationRegistration> = {}): OrganisationRegistration => ({
  kind: "organisation",
  taxCode: "0101234567",
  organisationName: "Công ty TNHH Thử Nghiệm",
  representativeName: "Lê Thị Cúc",
  representativeIdentificationNumber: "001190000002",
  email: "LienHe@ThuNghiem.example.com",
  password: "Cuc2026matkhau",
  ...over,
});

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase({ seeded: true });
});
afterAll(async () => database.close());

const countUsers = async () =>
  Number(
    (
      await database.db
        .selectFrom("users")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function refusal(registration: CitizenRegistration | OrganisationRegistration) {
  const before = await countUsers();
  const error = await registerApplicant(database.db, registration, now).catch((e: unknown) => e);
  expect(await countUsers()).toBe(before);
  return error;
}

describe("registerApplicant: citizens", () => {
  it("creates a level-1 account named by the identification number, with the citizen role and no agency", async () => {
    const account = await registerApplicant(database.db, citizen(), now);
    expect(account).toMatchObject({ username: "001090000001", kind: "citizen" });
    const user = await database.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", account.userId)
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({
      kind: "citizen",
      full_name: "Trần Văn Bình",
      identification_number: "001090000001",
      identity_level: 1,
      phone: "0912345678",
      must_change_password: false,
      is_active: true,
    });
    expect(await verifyPassword(user.password_hash!, "Binh2026matkhau")).toBe(true);
    const grants = await database.db
      .selectFrom("role_grants")
      .selectAll()
      .where("user_id", "=", user.id)
      .execute();
    expect(grants.map((g) => [g.role, g.agency_id, g.unit_id])).toEqual([["citizen", null, null]]);
    const event = await database.db
      .selectFrom("security_events")
      .select("kind")
      .where("user_id", "=", user.id)
      .executeTakeFirst();
    expect(event?.kind).toBe("registered");
  });

  const invalid: [string, Partial<CitizenRegistration>, string][] = [
    [
      "an identification number of 11 digits",
      { identificationNumber: "00109000000" },
      "identificationNumber",
    ],
    [
      "an identification number with letters",
      { identificationNumber: "00109000000A" },
      "identificationNumber",
    ],
    ["a malformed phone", { phone: "12345" }, "phone"],
    ["a malformed e-mail", { email: "not-an-email" }, "email"],
    ["neither phone nor e-mail", { phone: undefined, email: undefined }, "phone"],
    ["a short password", { password: "Ngan2026" }, "password"],
    ["a password without digits", { password: "Khongcochusonao" }, "password"],
    [
      "the identification number as password",
      { identificationNumber: "001090000077", password: "001090000077" },
      "password",
    ],
  ];
  for (const [name, over, field] of invalid)
    it(`refuses ${name} with a message on ${field}`, async () => {
      const error = await refusal(citizen({ identificationNumber: "001090000050", ...over }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields.map((f) => f.field)).toContain(field);
    });

  it("refuses a second account for the same identification number with 409", async () => {
    await registerApplicant(database.db, citizen({ identificationNumber: "001090000003" }), now);
    const error = await refusal(citizen({ identificationNumber: "001090000003", phone: "0987654321" }));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).code).toBe("ACCOUNT_EXISTS");
    expect((error as ConflictError).text.vi).toContain("đã được đăng ký");
  });

  it("refuses an identification number a citizen account already holds under another username (demo citizen)", async () => {
    const error = await refusal(citizen({ identificationNumber: "099090001234" }));
    expect(error).toBeInstanceOf(ConflictError);
  });
});

describe("registerApplicant: organisations", () => {
  it("creates the representative's account named by the tax code, role organisation_representative", async () => {
    const account = await registerApplicant(database.db, organisation({ taxCode: "0109876543001" }), now);
    expect(account).toMatchObject({ username: "0109876543-001", kind: "organisation" });
    const user = await database.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", account.userId)
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({
      kind: "organisation",
      full_name: "Lê Thị Cúc",
      organisation_name: "Công ty TNHH Thử Nghiệm",
      organisation_tax_code: "0109876543-001",
      identification_number: "001190000002",
      identity_level: 1,
      email: "lienhe@thunghiem.example.com",
    });
    const grants = await database.db
      .selectFrom("role_grants")
      .selectAll()
      .where("user_id", "=", user.id)
      .execute();
    expect(grants.map((g) => [g.role, g.agency_id])).toEqual([["organisation_representative", null]]);
  });

  const invalid: [string, Partial<OrganisationRegistration>, string][] = [
    ["a tax code of 9 digits", { taxCode: "010123456" }, "taxCode"],
    ["a branch code with a 2-digit suffix", { taxCode: "0101234567-01" }, "taxCode"],
    [
      "a representative identification number of 9 digits",
      { representativeIdentificationNumber: "123456789" },
      "representativeIdentificationNumber",
    ],
    ["neither phone nor e-mail", { email: undefined }, "phone"],
    ["a password without letters", { password: "201920202021" }, "password"],
  ];
  for (const [name, over, field] of invalid)
    it(`refuses ${name} with a message on ${field}`, async () => {
      const error = await refusal(organisation({ taxCode: "0100000050", ...over }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields.map((f) => f.field)).toContain(field);
    });

  it("refuses a tax code already registered (the demo organisation) with 409", async () => {
    const error = await refusal(organisation({ taxCode: "9900123456" }));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).text.vi).toContain("Mã số thuế này đã được đăng ký");
  });
});

describe("normalizers", () => {
  it("tax codes", () => {
    expect(normalizeTaxCode("0101234567")).toBe("0101234567");
    expect(normalizeTaxCode("0101234567-001")).toBe("0101234567-001");
    expect(normalizeTaxCode("0101234567001")).toBe("0101234567-001");
    expect(normalizeTaxCode("01012345")).toBeUndefined();
  });
  it("phones", () => {
    expect(normalizePhone("+84 912 345 678")).toBe("0912345678");
    expect(normalizePhone("0912.345.678")).toBe("0912345678");
    expect(normalizePhone("912345678")).toBeUndefined();
  });
});
