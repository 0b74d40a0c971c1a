import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  COMMON_DECLARATION_SOURCES,
  commonDeclarationSourceSchema,
} from "../../../src/domain/eform/commonDeclarationSources.ts";
import {
  addressText,
  checkSourcedValues,
  prefill,
  type RegisteredPerson,
  sourcedFields,
} from "../../../src/domain/eform/fieldSources.ts";
import { fieldsToSchema } from "../../../src/domain/eform/fieldsToSchema.ts";
import { parseFormSchema } from "../../../src/domain/eform/parseFormSchema.ts";

/** Issue #14, R-SUB-1: e-form fields declare their source; prefill, then the submission check. */
const mai: RegisteredPerson = {
  idNumber: "099196005555",
  fullName: "Đặng Thị Mai",
  birthDate: "1996-04-18",
  sex: "female",
  permanentAddress: { province: "Tỉnh Demo", commune: "Phường Trung Tâm", street: "Số 45 đường Hòa Bình" },
  currentAddress: { province: "Tỉnh Demo", commune: "Phường Đông Hải", street: "Số 7 đường Ven Biển" },
  household: [
    {
      idNumber: "099094006666",
      fullName: "Hoàng Văn Nam",
      birthDate: "1994-09-02",
      sex: "male",
      relation: "Chủ hộ",
    },
    {
      idNumber: "099196005555",
      fullName: "Đặng Thị Mai",
      birthDate: "1996-04-18",
      sex: "female",
      relation: "Vợ",
    },
  ],
};
const account = { fullName: "Đặng Thị Mai", phone: "0912000055", email: null };

/** A birth registration's form: the mother as a group, her address picked, the household as a table. */
const birthForm = {
  type: "object",
  properties: {
    me: {
      type: "object",
      title: "Người mẹ",
      properties: {
        hoTen: { type: "string", "x-source": "population.fullName" },
        soDinhDanh: { type: "string", pattern: "^[0-9]{12}$", "x-source": "population.idNumber" },
        ngaySinh: { type: "string", format: "date", "x-source": "population.birthDate" },
        gioiTinh: { type: "string", enum: ["Nam", "Nữ"], "x-source": "population.sex" },
        thuongTru: {
          type: "object",
          "x-source": "population.permanentAddress",
          properties: {
            province: { type: "string", enum: ["Tỉnh Demo"] },
            commune: { type: "string", enum: ["Phường Trung Tâm", "Phường Đông Hải"] },
            street: { type: "string" },
          },
        },
      },
    },
    dienThoai: { type: "string", "x-source": "account.phone" },
    hoGiaDinh: {
      type: "array",
      "x-source": "population.household",
      items: {
        type: "object",
        properties: {
          ten: { type: "string", "x-source": "member.fullName" },
          quanHe: { type: "string", "x-source": "member.relation" },
          ghiChu: { type: "string" },
        },
      },
    },
    tenCon: { type: "string" },
  },
};

describe("sourcedFields", () => {
  it("finds sources through groups, keeps an address or a table whole, skips member columns", () => {
    expect(sourcedFields(birthForm).map((field) => [field.path, field.source])).toEqual([
      ["me.hoTen", "population.fullName"],
      ["me.soDinhDanh", "population.idNumber"],
      ["me.ngaySinh", "population.birthDate"],
      ["me.gioiTinh", "population.sex"],
      ["me.thuongTru", "population.permanentAddress"],
      ["dienThoai", "account.phone"],
      ["hoGiaDinh", "population.household"],
    ]);
  });

  it("ignores unknown sources and non-schemas", () => {
    expect(
      sourcedFields({ type: "object", properties: { a: { type: "string", "x-source": "kho.x" } } }),
    ).toEqual([]);
    expect(sourcedFields(null)).toEqual([]);
    expect(sourcedFields({ type: "object" })).toEqual([]);
  });
});

describe("prefill", () => {
  it("fills each sourced field in the shape it holds, and keeps what the person typed elsewhere", () => {
    const { values, filled } = prefill(birthForm, mai, account, { tenCon: "Hoàng Minh An" });
    expect(values).toEqual({
      tenCon: "Hoàng Minh An",
      me: {
        hoTen: "Đặng Thị Mai",
        soDinhDanh: "099196005555",
        ngaySinh: "1996-04-18",
        gioiTinh: "Nữ",
        thuongTru: { province: "Tỉnh Demo", commune: "Phường Trung Tâm", street: "Số 45 đường Hòa Bình" },
      },
      dienThoai: "0912000055",
      hoGiaDinh: [
        { ten: "Hoàng Văn Nam", quanHe: "Chủ hộ" },
        { ten: "Đặng Thị Mai", quanHe: "Vợ" },
      ],
    });
    expect(filled).toHaveLength(7);
  });

  it("fills only the account's details when the database did not answer", () => {
    const { values, filled } = prefill(birthForm, null, account);
    expect(values).toEqual({ dienThoai: "0912000055" });
    expect(filled).toEqual([{ path: "dienThoai", source: "account.phone" }]);
  });

  it("leaves a picker that cannot show the registered place, and a field of the wrong kind, to the person", () => {
    const narrow = {
      type: "object",
      properties: {
        diaChi: {
          type: "object",
          "x-source": "population.currentAddress",
          properties: {
            province: { type: "string", enum: ["Tỉnh Khác"] },
            commune: { type: "string" },
            street: { type: "string" },
          },
        },
        tuoi: { type: "integer", "x-source": "population.birthDate" },
        gioiTinh: { type: "string", enum: ["M", "F"], "x-source": "population.sex" },
      },
    };
    expect(prefill(narrow, mai, account).values).toEqual({});
  });

  it("writes an address on one line for a text field (the common declaration's residence)", () => {
    const { values } = prefill(commonDeclarationSourceSchema(), mai, account);
    expect(values).toEqual({
      fullName: "Đặng Thị Mai",
      idNumber: "099196005555",
      birthDate: "1996-04-18",
      phone: "0912000055",
      address: "Số 7 đường Ven Biển, Phường Đông Hải, Tỉnh Demo",
    });
    expect(Object.keys(COMMON_DECLARATION_SOURCES)).toContain("address");
  });
});

describe("checkSourcedValues", () => {
  it("verifies what the database registers, whatever the case and spacing", () => {
    const { values } = prefill(birthForm, mai, account);
    (values.me as Record<string, unknown>).hoTen = "  đặng   thị MAI ";
    (values.hoGiaDinh as Record<string, unknown>[])[0]!.ghiChu = "ghi chú riêng";
    expect(checkSourcedValues(birthForm, values, mai).map((check) => check.status)).toEqual(
      Array(6).fill("verified"),
    );
  });

  it("finds a changed value a mismatch, and never checks the account's details or empty fields", () => {
    const { values } = prefill(birthForm, mai, account);
    (values.me as Record<string, unknown>).ngaySinh = "1996-04-19";
    (values.me as Record<string, unknown>).soDinhDanh = "";
    (values.hoGiaDinh as Record<string, unknown>[]).pop();
    const checks = checkSourcedValues(birthForm, values, mai);
    expect(checks.map((check) => [check.path, check.status])).toEqual([
      ["me.hoTen", "verified"],
      ["me.ngaySinh", "mismatch"],
      ["me.gioiTinh", "verified"],
      ["me.thuongTru", "verified"],
      ["hoGiaDinh", "mismatch"],
    ]);
  });

  it("marks every claimed value unverified when the database did not answer (degraded mode)", () => {
    const { values } = prefill(birthForm, mai, account);
    expect(new Set(checkSourcedValues(birthForm, values, null).map((check) => check.status))).toEqual(
      new Set(["unverified"]),
    );
  });

  const text = fc.string({ minLength: 1, maxLength: 30 }).filter((value) => value.trim() !== "");
  const address = fc.record({ province: text, commune: text, street: text });
  const person = fc.record({
    idNumber: fc.stringMatching(/^0[0-9]{11}$/),
    fullName: text,
    birthDate: fc.constantFrom("1990-01-01", "2000-02-29", "1985-12-31"),
    sex: fc.constantFrom("male" as const, "female" as const),
    permanentAddress: address,
    currentAddress: address,
    household: fc.array(
      fc.record({
        idNumber: fc.stringMatching(/^0[0-9]{11}$/),
        fullName: text,
        birthDate: fc.constant("2001-01-01"),
        sex: fc.constantFrom("male" as const, "female" as const),
        relation: text,
      }),
      { maxLength: 4 },
    ),
  });
  const textForm = {
    type: "object",
    properties: {
      ...(commonDeclarationSourceSchema().properties as object),
      household: {
        type: "array",
        "x-source": "population.household",
        items: { type: "object", properties: { n: { type: "string", "x-source": "member.fullName" } } },
      },
    },
  };

  it("property: what the database prefilled is verified against the same record", () => {
    fc.assert(
      fc.property(person, (registered) => {
        const { values } = prefill(textForm, registered, null);
        return checkSourcedValues(textForm, values, registered).every((check) => check.status === "verified");
      }),
    );
  });

  it("property: a prefilled name replaced by another name is a mismatch", () => {
    fc.assert(
      fc.property(person, text, (registered, other) => {
        fc.pre(
          other.normalize("NFC").trim().toLocaleLowerCase("vi") !==
            registered.fullName.normalize("NFC").trim().toLocaleLowerCase("vi"),
        );
        fc.pre(other.trim().replace(/\s+/g, " ") !== registered.fullName.trim().replace(/\s+/g, " "));
        const { values } = prefill(textForm, registered, null);
        values.fullName = other;
        const name = checkSourcedValues(textForm, values, registered).find(
          (check) => check.path === "fullName",
        );
        return name?.status === "mismatch";
      }),
    );
  });

  it("the one-line address is the parts in order", () => {
    expect(addressText(mai.permanentAddress)).toBe("Số 45 đường Hòa Bình, Phường Trung Tâm, Tỉnh Demo");
  });
});

describe("the editor reads and writes a field's source", () => {
  it("round-trips x-source through the field list", () => {
    const schema = {
      type: "object",
      title: "Tờ khai",
      required: ["hoTen"],
      properties: {
        hoTen: { title: "Họ tên", type: "string", "x-source": "population.fullName" },
        ngaySinh: { title: "Ngày sinh", type: "string", format: "date", "x-source": "population.birthDate" },
      },
    };
    const parsed = parseFormSchema(schema);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.form.fields.map((field) => field.source)).toEqual([
      "population.fullName",
      "population.birthDate",
    ]);
    const written = fieldsToSchema(parsed.form, { province: "Tỉnh Demo", communes: [] }).schema as {
      properties: Record<string, Record<string, unknown>>;
    };
    expect(written.properties.hoTen?.["x-source"]).toBe("population.fullName");
  });

  it("refuses an unknown source, naming where", () => {
    const parsed = parseFormSchema({
      type: "object",
      title: "Tờ khai",
      properties: { hoTen: { title: "Họ tên", type: "string", "x-source": "somewhere.else" } },
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((problem) => [problem.path, problem.code])).toEqual([
      [".hoTen.x-source", "UNKNOWN_SOURCE"],
    ]);
  });
});
