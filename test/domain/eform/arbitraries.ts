import fc from "fast-check";
import type {
  AddressOptions,
  ColumnField,
  FormDefinition,
  FormField,
} from "../../../src/domain/eform/fields.ts";

/** Field lists an administrator could build (valid by construction), and data an applicant could enter for them. */
const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,10}$/);
const title = fc.string({ minLength: 1, maxLength: 20 }).filter((text) => text.trim() !== "");
const description = fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: undefined });

const base = (kind: string) =>
  fc.record({ kind: fc.constant(kind), title, description, required: fc.boolean() });

const text = fc
  .tuple(base("text"), fc.nat(5), fc.nat(20), fc.option(fc.string({ maxLength: 5 }), { nil: undefined }))
  .map(([b, min, extra, defaultValue]) => ({
    ...b,
    kind: "text" as const,
    minLength: min,
    maxLength: min + extra + 1,
    defaultValue,
  }));
const number = fc
  .tuple(base("number"), fc.boolean(), fc.integer({ min: -1000, max: 1000 }), fc.nat(1000))
  .map(([b, integer, minimum, span]) => ({
    ...b,
    kind: "number" as const,
    integer,
    minimum,
    maximum: minimum + span,
  }));
const date = base("date").map((b) => ({ ...b, kind: "date" as const }));
const select = fc
  .tuple(base("select"), fc.uniqueArray(title, { minLength: 1, maxLength: 4, selector: (s) => s.trim() }))
  .map(([b, options]) => ({ ...b, kind: "select" as const, options: options.map((o) => o.trim()) }));
const idNumber = fc
  .tuple(base("idNumber"), fc.constantFrom("cccd" as const, "taxCode" as const))
  .map(([b, idKind]) => ({ ...b, kind: "idNumber" as const, idKind }));
const checkbox = fc
  .tuple(base("checkbox"), fc.boolean())
  .map(([b, mustBeChecked]) => ({ ...b, kind: "checkbox" as const, mustBeChecked }));
const address = base("address").map((b) => ({ ...b, kind: "address" as const }));

type Unnamed<T> = T extends unknown ? Omit<T, "name"> : never;
const column: fc.Arbitrary<Unnamed<ColumnField>> = fc.oneof(text, number, date, select, idNumber, checkbox);

function named<T>(items: fc.Arbitrary<T>, min: number): fc.Arbitrary<(T & { name: string })[]> {
  return fc
    .uniqueArray(fc.tuple(name, items), { minLength: min, maxLength: 5, selector: ([n]) => n })
    .map((pairs) => pairs.map(([n, item]) => ({ ...item, name: n })));
}

const table = fc
  .tuple(base("table"), named(column, 1))
  .map(([b, columns]) => ({ ...b, kind: "table" as const, columns: columns as ColumnField[] }));

const { field } = fc.letrec<{ field: Unnamed<FormField> }>((tie) => ({
  field: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    column,
    address,
    table,
    fc
      .tuple(base("group"), named(tie("field"), 1))
      .map(([b, fields]) => ({ ...b, kind: "group" as const, fields: fields as FormField[] })),
  ),
}));

export const formDefinition: fc.Arbitrary<FormDefinition> = fc.record({
  title,
  fields: named(field, 1).map((fields) => fields as FormField[]),
});

export const addressOptions: fc.Arbitrary<AddressOptions> = fc.record({
  province: title,
  communes: fc.uniqueArray(title, { maxLength: 3 }),
});

/** A value an applicant could enter for a field (every field filled, whether required or not). */
export function sampleValue(field: FormField, address: AddressOptions): unknown {
  switch (field.kind) {
    case "text":
      return "x".repeat(Math.max(field.minLength ?? 0, 1));
    case "number":
      return field.minimum ?? 0;
    case "date":
      return "2026-02-17";
    case "select":
      return field.options[0];
    case "idNumber":
      return field.idKind === "cccd" ? "001203004567" : "0101234567-001";
    case "checkbox":
      return true;
    case "address":
      return {
        province: address.province,
        commune: address.communes[0] ?? "Phường Trung Tâm",
        street: "12 Lê Lợi",
      };
    case "table":
      return [sampleData(field.columns, address)];
    case "group":
      return sampleData(field.fields, address);
  }
}

export function sampleData(fields: readonly FormField[], address: AddressOptions): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field.name, sampleValue(field, address)]));
}
