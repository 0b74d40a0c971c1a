import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CATALOG_FIELDS,
  canonicalJson,
  diffProcedure,
  type ProcedureSnapshot,
} from "../../../src/domain/catalog/catalogDiff.ts";

const snapshot = (overrides: Partial<ProcedureSnapshot> = {}): ProcedureSnapshot => ({
  name: "Thủ tục đăng ký khai sinh",
  fieldCode: "TP.HT",
  levels: ["commune"],
  decidingAgency: "Ủy ban nhân dân cấp xã",
  steps: ["Bước 1", "Bước 2"],
  methods: [{ channel: "counter", description: "Trực tiếp" }],
  timeLimit: { amount: 1, unit: "wd", kind: null },
  timeLimitText: "1 ngày làm việc",
  subjects: ["Công dân Việt Nam"],
  result: "Giấy khai sinh",
  conditions: "",
  legalBasis: [{ number: "60/2014/QH13", title: "Luật Hộ tịch" }],
  receptionChannels: ["counter", "online"],
  onlineLevel: "full",
  components: [{ code: "GT01", name: "Tờ khai", required: true }],
  fees: [{ code: "PLP01", name: "Lệ phí", amountVnd: 0 }],
  ...overrides,
});

describe("diffProcedure (R-SYNC-6, R-CAT-1)", () => {
  it("finds nothing between equal procedures, whatever the key order of their JSON values", () => {
    const reordered = snapshot({
      methods: [{ description: "Trực tiếp", channel: "counter" }],
      legalBasis: [{ title: "Luật Hộ tịch", number: "60/2014/QH13" }],
    });
    expect(diffProcedure(snapshot(), reordered)).toEqual([]);
  });

  it("names each changed field with its value before and after, in display order", () => {
    const after = snapshot({
      fees: [{ code: "PLP01", name: "Lệ phí", amountVnd: 8000 }],
      name: "Đăng ký khai sinh",
      timeLimit: { amount: 3, unit: "wd", kind: null },
    });
    expect(diffProcedure(snapshot(), after)).toEqual([
      { field: "name", before: "Thủ tục đăng ký khai sinh", after: "Đăng ký khai sinh" },
      {
        field: "timeLimit",
        before: { amount: 1, unit: "wd", kind: null },
        after: { amount: 3, unit: "wd", kind: null },
      },
      {
        field: "fees",
        before: [{ code: "PLP01", name: "Lệ phí", amountVnd: 0 }],
        after: [{ code: "PLP01", name: "Lệ phí", amountVnd: 8000 }],
      },
    ]);
  });

  it("treats a missing value as null and an order change inside a list as a change", () => {
    expect(diffProcedure(snapshot({ conditions: undefined }), snapshot({ conditions: null }))).toEqual([]);
    expect(diffProcedure(snapshot(), snapshot({ steps: ["Bước 2", "Bước 1"] })).map((c) => c.field)).toEqual([
      "steps",
    ]);
  });

  it("property: a field is reported exactly when its canonical value differs; the diff is symmetric in fields", () => {
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 3 }), fc.oneof(fc.string(), fc.integer()), { maxKeys: 3 }),
    );
    const snapshotArb = fc.record(
      Object.fromEntries(CATALOG_FIELDS.map((field) => [field, value])) as Record<
        (typeof CATALOG_FIELDS)[number],
        typeof value
      >,
    );
    fc.assert(
      fc.property(snapshotArb, snapshotArb, (a, b) => {
        const changes = diffProcedure(a, b);
        const expected = CATALOG_FIELDS.filter(
          (field) => canonicalJson(a[field]) !== canonicalJson(b[field]),
        );
        expect(changes.map((change) => change.field)).toEqual(expected);
        expect(diffProcedure(b, a).map((change) => change.field)).toEqual(expected);
        expect(diffProcedure(a, a)).toEqual([]);
      }),
    );
  });

  it("canonical JSON sorts keys, drops undefined members and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: [2, 1], c: undefined })).toBe('{"a":[2,1],"b":1}');
    expect(canonicalJson(undefined)).toBe("null");
    expect(canonicalJson("x")).toBe('"x"');
  });
});
