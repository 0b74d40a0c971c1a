import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  checkRequester,
  declarationBlocks,
  declarationOf,
  printedValue,
  requesterOf,
  uiLayoutOf,
} from "../../../src/domain/eform/declaration.ts";
import { sourcedFields } from "../../../src/domain/eform/fieldSources.ts";
import { checkFormData } from "../../../src/services/validation/formData.ts";
import { BIRTH_FORM } from "../../support/birthForm.ts";

/**
 * The ten common procedures' declarations as e-forms (issue #19, R-SUB-1): each is a JSON Schema the server reads
 * strictly, names the component it stands for, carries its UI layout, and refuses each kind of wrong answer.
 */
type Json = Record<string, unknown>;
const folder = new URL("../../../data/forms/", import.meta.url);
const forms: [string, Json][] = readdirSync(folder)
  .filter((name) => name.endsWith(".json"))
  .map((name) => [name.slice(0, -5), JSON.parse(readFileSync(new URL(name, folder), "utf8")) as Json]);
const procedures = JSON.parse(
  readFileSync(new URL("../../../data/procedures.json", import.meta.url), "utf8"),
) as { MaTTHC: string; ThanhPhanHoSo: { MaGiayTo: string; MauDon: string | null }[] }[];

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A valid answer for a field, built from its schema (defaults first). */
function sample(schema: Json): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  switch (schema.type) {
    case "object": {
      const properties = isObject(schema.properties) ? schema.properties : {};
      return Object.fromEntries(
        Object.entries(properties).map(([key, inner]) => [key, sample(inner as Json)]),
      );
    }
    case "array":
      return [sample(schema.items as Json)];
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? Math.max(schema.minimum, 1) : 1;
    case "boolean":
      return true;
  }
  if (schema.format === "date") return "1990-03-15";
  if (schema.format === "email") return "nguyenvanan.demo@example.com";
  switch (schema.pattern) {
    case "^[0-9]{12}$":
      return "099090001234";
    case "^[0-9]{4}$":
      return "5610";
    case "^\\+?[0-9 .-]{9,15}$":
      return "0912000001";
    case "^([01][0-9]|2[0-3]):[0-5][0-9]$":
      return "14:30";
  }
  return "Số 12 đường Lê Lợi, Phường Trung Tâm".slice(0, Number(schema.maxLength ?? 100));
}

/** Dotted paths of the fields matching `test`, through groups (not tables). */
function pathsWhere(schema: Json, test: (field: Json) => boolean, prefix: string[] = []): string[][] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  return Object.entries(properties).flatMap(([key, inner]) => {
    if (!isObject(inner)) return [];
    const path = [...prefix, key];
    if (inner.type === "object") return pathsWhere(inner, test, path);
    return test(inner) ? [path] : [];
  });
}

function setPath(data: Json, path: string[], value: unknown): Json {
  const copy = structuredClone(data);
  let node: Json = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Json;
  node[path.at(-1)!] = value;
  return copy;
}

const fields = (errors: { field: string }[]) => errors.map((error) => error.field);

describe("the common procedures' declarations as e-forms (issue #19, R-SUB-1)", () => {
  it("has the ten procedures: birth, marriage, death, residence, household business, building, land, criminal record, driving licence, marital status", () => {
    expect(forms.map(([code]) => code).sort()).toEqual(
      [
        "1.000656",
        "1.000894",
        "1.001193",
        "1.001612",
        "1.002809",
        "1.004194",
        "1.004873",
        "1.013225",
        "1.013831",
        "3.000333",
      ].sort(),
    );
  });

  for (const [code, schema] of forms) {
    describe(`${code} ${String(schema.title)}`, () => {
      const valid = sample(schema) as Json;

      it("is the declaration of a component of the procedure, with a layout and Vietnamese titles", () => {
        const spec = declarationOf(schema);
        expect(spec).not.toBeNull();
        const procedure = procedures.find((p) => p.MaTTHC === code);
        expect(procedure, "procedure in data/procedures.json").toBeDefined();
        const component = procedure!.ThanhPhanHoSo.find((c) => c.MaGiayTo === spec!.component);
        expect(component?.MauDon).toBeTruthy();
        expect(spec!.title).toMatch(/^(TỜ KHAI|ĐƠN|GIẤY ĐỀ NGHỊ)/);
        expect(spec!.commitment).toMatch(/cam (đoan|kết)/);
        expect(uiLayoutOf(schema)["ui:order"]).toEqual(
          expect.arrayContaining(Object.keys(schema.properties as Json)),
        );
        // The requester's identity comes from the population database (not asked twice, issue #14).
        expect(sourcedFields(schema).map((f) => f.path)).toEqual(
          expect.arrayContaining(["nguoiYeuCau.hoTen", "nguoiYeuCau.soDinhDanh"]),
        );
        for (const [, field] of Object.entries(schema.properties as Json))
          expect(String((field as Json).title)).toMatch(/[A-ZÀ-Ỹa-zà-ỹ]/);
      });

      it("takes a complete, valid declaration", () => {
        expect(checkFormData(schema, valid)).toEqual([]);
      });

      it("refuses each missing required part, named by its label", () => {
        // A required field with a default is filled by the server's reading (Ajv useDefaults), never missing.
        const withoutDefault = (schema.required as string[]).filter(
          (key) => ((schema.properties as Json)[key] as Json).default === undefined,
        );
        for (const key of withoutDefault) {
          const { [key]: _left, ...rest } = valid;
          const errors = checkFormData(schema, rest);
          expect(fields(errors)).toContain(`formData.${key}`);
          const title = String(((schema.properties as Json)[key] as Json).title);
          expect(errors.find((e) => e.field === `formData.${key}`)?.message.vi).toContain(title);
        }
      });

      it("refuses an ID number that is not 12 digits, a date not in the calendar, an unknown field", () => {
        const id = pathsWhere(schema, (f) => f.pattern === "^[0-9]{12}$")[0]!;
        expect(fields(checkFormData(schema, setPath(valid, id, "12345")))).toContain(
          `formData.${id.join(".")}`,
        );
        const date = pathsWhere(schema, (f) => f.format === "date")[0]!;
        for (const bad of ["15/03/1990", "1990-02-30"])
          expect(fields(checkFormData(schema, setPath(valid, date, bad)))).toContain(
            `formData.${date.join(".")}`,
          );
        expect(fields(checkFormData(schema, { ...valid, ghiChuAn: "x" }))).toContain("formData.ghiChuAn");
      });

      it("refuses an unchecked commitment and a choice outside the list", () => {
        const commitment = Object.entries(schema.properties as Json).find(
          ([, f]) => (f as Json).const === true,
        )!;
        expect(fields(checkFormData(schema, { ...valid, [commitment[0]]: false }))).toContain(
          `formData.${commitment[0]}`,
        );
        const choice = pathsWhere(schema, (f) => Array.isArray(f.enum))[0]!;
        expect(fields(checkFormData(schema, setPath(valid, choice, "Không có trong danh sách")))).toContain(
          `formData.${choice.join(".")}`,
        );
      });

      it("repeats rows where the paper form has a table, and bounds them", () => {
        const tables = Object.entries(schema.properties as Json).filter(
          ([, f]) => (f as Json).type === "array",
        );
        for (const [key, table] of tables) {
          const row = sample((table as Json).items as Json);
          expect(checkFormData(schema, { ...valid, [key]: [row, row] })).toEqual([]);
          const max = Number((table as Json).maxItems);
          expect(fields(checkFormData(schema, { ...valid, [key]: Array(max + 1).fill(row) }))).toContain(
            `formData.${key}`,
          );
          if (Number((table as Json).minItems) > 0)
            expect(fields(checkFormData(schema, { ...valid, [key]: [] }))).toContain(`formData.${key}`);
        }
      });
    });
  }

  it("counts tables in the forms whose paper form has them", () => {
    const withTables = forms
      .filter(([, schema]) =>
        Object.values(schema.properties as Json).some((f) => (f as Json).type === "array"),
      )
      .map(([code]) => code);
    expect(withTables).toEqual(
      expect.arrayContaining(["1.001612", "1.013831", "3.000333", "1.002809", "1.004194"]),
    );
  });
});

describe("birth registration (TT 04/2020/TT-BTP)", () => {
  const birth = forms.find(([code]) => code === "1.001193")![1];

  it("takes the child's, the mother's and the father's details and the requester's relationship", () => {
    expect(checkFormData(birth, BIRTH_FORM)).toEqual([]);
    const child = (birth.properties as Json).treEm as Json;
    expect(Object.keys(child.properties as Json)).toEqual([
      "hoTen",
      "ngaySinh",
      "gioiTinh",
      "danToc",
      "quocTich",
      "noiSinh",
      "queQuan",
    ]);
    for (const parent of ["me", "cha"])
      expect(Object.keys(((birth.properties as Json)[parent] as Json).properties as Json)).toEqual([
        "hoTen",
        "ngaySinh",
        "danToc",
        "quocTich",
        "noiCuTru",
        "soDinhDanh",
      ]);
  });

  it("may leave the father out (no father recorded) but not the mother; the child's sex is Nam or Nữ", () => {
    const { cha: _father, ...noFather } = BIRTH_FORM;
    expect(checkFormData(birth, noFather)).toEqual([]);
    const { me: _mother, ...noMother } = BIRTH_FORM;
    expect(fields(checkFormData(birth, noMother))).toEqual(["formData.me"]);
    const wrongSex = { ...BIRTH_FORM, treEm: { ...BIRTH_FORM.treEm, gioiTinh: "male" } };
    const errors = checkFormData(birth, wrongSex);
    expect(errors.map((e) => [e.field, e.message.vi])).toEqual([
      ["formData.treEm.gioiTinh", expect.stringContaining("Giới tính")],
    ]);
  });

  it("lays the answers out as the paper form: sections in order, dates dd/mm/yyyy, no check box of the account", () => {
    const blocks = declarationBlocks(birth, BIRTH_FORM);
    expect(blocks.filter((b) => b.kind === "section").map((b) => (b as { title: string }).title)).toEqual([
      "Người yêu cầu",
      "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây",
      "Thông tin người mẹ",
      "Thông tin người cha",
    ]);
    expect(blocks).toContainEqual({
      kind: "field",
      label: "Ngày, tháng, năm sinh",
      value: "20/11/2026",
      depth: 1,
    });
    expect(blocks).toContainEqual({
      kind: "field",
      label: "Quan hệ với người được khai sinh",
      value: "Cha",
      depth: 1,
    });
    expect(JSON.stringify(blocks)).not.toContain("Tôi là người yêu cầu");
    expect(JSON.stringify(blocks)).not.toContain("Tôi cam đoan");
    expect(printedValue({ type: "integer" }, 1234567)).toBe("1.234.567");
    expect(printedValue({ type: "boolean" }, true)).toBe("Có");
  });
});

describe("người nộp and người yêu cầu: one person, one ID number (issue #19)", () => {
  const birth = forms.find(([code]) => code === "1.001193")![1];
  const account = { fullName: "Nguyễn Văn An", idNumber: "099090001234" };
  const withRequester = (changes: Json) => ({
    ...BIRTH_FORM,
    nguoiYeuCau: { ...BIRTH_FORM.nguoiYeuCau, ...changes },
  });

  it("the account holder as requester carries the account's proven ID number and name", () => {
    expect(checkRequester(birth, BIRTH_FORM, account)).toEqual([]);
    expect(
      checkRequester(birth, withRequester({ soDinhDanh: "099090009999" }), account).map((p) => p.code),
    ).toEqual(["REQUESTER_ID_NOT_ACCOUNT"]);
    expect(
      checkRequester(birth, withRequester({ hoTen: "Lê Văn Bình" }), account).map((p) => p.code),
    ).toEqual(["REQUESTER_NAME_NOT_ACCOUNT"]);
    // Case, spaces and Unicode forms are the same name.
    expect(
      checkRequester(birth, withRequester({ hoTen: " nguyễn  văn an ".normalize("NFD") }), account),
    ).toEqual([]);
  });

  it("someone else as requester cannot carry the account holder's ID number", () => {
    const other = withRequester({
      laNguoiNop: false,
      hoTen: "Trần Thị Lan",
      soDinhDanh: "099185004321",
      quanHe: "Bà",
    });
    expect(checkRequester(birth, other, account)).toEqual([]);
    const problems = checkRequester(
      birth,
      { ...other, nguoiYeuCau: { ...other.nguoiYeuCau, soDinhDanh: "099090001234" } },
      account,
    );
    expect(problems).toEqual([
      expect.objectContaining({ path: "nguoiYeuCau.soDinhDanh", code: "REQUESTER_ID_IS_ACCOUNT" }),
    ]);
    expect(problems[0]!.message.vi).toContain("Tôi là người yêu cầu");
    expect(requesterOf(birth, other)).toEqual({
      name: "Trần Thị Lan",
      idNumber: "099185004321",
      relation: "Bà",
      isSubmitter: false,
    });
  });

  it("an account without an ID number, or a form without a declaration, has nothing to compare", () => {
    expect(
      checkRequester(birth, withRequester({ soDinhDanh: "099090009999" }), { ...account, idNumber: null }),
    ).toEqual([]);
    expect(checkRequester({ type: "object", properties: {} }, BIRTH_FORM, account)).toEqual([]);
    expect(declarationOf({ "x-declaration": { component: "" } })).toBeNull();
    expect(requesterOf({ type: "object" }, BIRTH_FORM)).toBeNull();
  });
});
