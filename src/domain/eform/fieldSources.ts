/**
 * Where an e-form field's value comes from (issue #14, R-SUB-1: information already provided once and still valid is
 * not asked again). A field of the procedure's JSON Schema declares `"x-source"`; the wizard prefills it for the
 * signed-in person and the server checks, at submission, the values that claim to come from the national population
 * database. Pure: the record and the form data are passed in.
 */

/** The schema keyword naming a field's source. JSON Schema validators ignore it (not a validation keyword). */
export const SOURCE_KEYWORD = "x-source";

/** Sources of a single value (a text, date, select or address field). */
export const VALUE_SOURCES = [
  "population.fullName",
  "population.idNumber",
  "population.birthDate",
  "population.sex",
  "population.permanentAddress",
  "population.currentAddress",
  "account.fullName",
  "account.phone",
  "account.email",
] as const;
/** The household's members, for a table whose columns name `member.*` sources. */
export const TABLE_SOURCES = ["population.household"] as const;
export const MEMBER_SOURCES = [
  "member.fullName",
  "member.idNumber",
  "member.birthDate",
  "member.sex",
  "member.relation",
] as const;

export type ValueSource = (typeof VALUE_SOURCES)[number];
export type TableSource = (typeof TABLE_SOURCES)[number];
export type MemberSource = (typeof MEMBER_SOURCES)[number];
export type FieldSource = ValueSource | TableSource | MemberSource;

export const FIELD_SOURCES: readonly FieldSource[] = [...VALUE_SOURCES, ...TABLE_SOURCES, ...MEMBER_SOURCES];

export const isFieldSource = (value: unknown): value is FieldSource =>
  typeof value === "string" && (FIELD_SOURCES as readonly string[]).includes(value);

/** Only values from the national database are verified; the account's are the person's own declaration. */
export const isPopulationSource = (source: FieldSource): boolean => source.startsWith("population.");

/** An address as the population database registers it. */
export interface RegisteredAddress {
  province: string;
  commune: string;
  street: string;
}

export interface RegisteredMember {
  idNumber: string;
  fullName: string;
  birthDate: string;
  sex: "male" | "female";
  relation: string;
}

/** What the population database holds on the person (structurally the port's record). */
export interface RegisteredPerson {
  idNumber: string;
  fullName: string;
  birthDate: string;
  sex: "male" | "female";
  permanentAddress: RegisteredAddress;
  currentAddress: RegisteredAddress;
  household: RegisteredMember[];
}

/** The signed-in account's own details. */
export interface AccountDetails {
  fullName: string;
  phone: string | null;
  email: string | null;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A field of the schema that declares a source: its dotted path, its source and its schema. */
export interface SourcedField {
  path: string;
  source: ValueSource | TableSource;
  schema: Json;
}

/** Every field declaring a value or table source, in the schema's order, through groups (not through tables). */
export function sourcedFields(schema: unknown, prefix = ""): SourcedField[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const found: SourcedField[] = [];
  for (const [name, child] of Object.entries(schema.properties)) {
    if (!isObject(child)) continue;
    const path = prefix ? `${prefix}.${name}` : name;
    const source = child[SOURCE_KEYWORD];
    if (isFieldSource(source) && !(MEMBER_SOURCES as readonly string[]).includes(source))
      found.push({ path, source: source as ValueSource | TableSource, schema: child });
    else if (child.type === "object") found.push(...sourcedFields(child, path));
  }
  return found;
}

const SEX_WORDS: Record<"male" | "female", string[]> = {
  male: ["Nam", "male", "Male"],
  female: ["Nữ", "female", "Female"],
};

/** The sex as the field can hold it: one of its options when it has some, else "Nam"/"Nữ". */
function sexValue(schema: Json, sex: "male" | "female"): string | undefined {
  if (Array.isArray(schema.enum))
    return schema.enum.find((option): option is string => SEX_WORDS[sex].includes(String(option)));
  return SEX_WORDS[sex][0];
}

/** An address written on one line, as a text field holds it. */
export const addressText = (address: RegisteredAddress): string =>
  [address.street, address.commune, address.province].filter((part) => part.trim() !== "").join(", ");

/** An address as the field holds it: the three parts for an address field, one line for a text field. */
function addressValue(schema: Json, address: RegisteredAddress): unknown {
  if (schema.type === "object") {
    const parts = isObject(schema.properties) ? schema.properties : {};
    const fits = (part: "province" | "commune") => {
      const options = isObject(parts[part]) ? (parts[part] as Json).enum : undefined;
      return !Array.isArray(options) || options.includes(address[part]);
    };
    // A picker without the registered place cannot show it: leave the field to the person.
    if (!fits("province") || !fits("commune")) return undefined;
    return { province: address.province, commune: address.commune, street: address.street };
  }
  return schema.type === "string" ? addressText(address) : undefined;
}

function memberRow(columns: Json, member: RegisteredMember): Json {
  const row: Json = {};
  for (const [name, column] of Object.entries(columns)) {
    if (!isObject(column)) continue;
    switch (column[SOURCE_KEYWORD]) {
      case "member.fullName":
        row[name] = member.fullName;
        break;
      case "member.idNumber":
        row[name] = member.idNumber;
        break;
      case "member.birthDate":
        row[name] = member.birthDate;
        break;
      case "member.relation":
        row[name] = member.relation;
        break;
      case "member.sex": {
        const value = sexValue(column, member.sex);
        if (value !== undefined) row[name] = value;
        break;
      }
    }
  }
  return row;
}

/** The value a source gives for a field, or undefined when the source has none or the field cannot hold it. */
export function sourceValue(
  field: SourcedField,
  person: RegisteredPerson | null,
  account: AccountDetails | null,
): unknown {
  const text = (value: string | null | undefined) =>
    field.schema.type === "string" && value ? value : undefined;
  switch (field.source) {
    case "account.fullName":
      return text(account?.fullName);
    case "account.phone":
      return text(account?.phone);
    case "account.email":
      return text(account?.email);
  }
  if (!person) return undefined;
  switch (field.source) {
    case "population.fullName":
      return text(person.fullName);
    case "population.idNumber":
      return text(person.idNumber);
    case "population.birthDate":
      return text(person.birthDate);
    case "population.sex":
      return field.schema.type === "string" ? sexValue(field.schema, person.sex) : undefined;
    case "population.permanentAddress":
      return addressValue(field.schema, person.permanentAddress);
    case "population.currentAddress":
      return addressValue(field.schema, person.currentAddress);
    case "population.household": {
      const items = field.schema.items;
      if (field.schema.type !== "array" || !isObject(items) || !isObject(items.properties)) return undefined;
      const columns = items.properties;
      return person.household.map((member) => memberRow(columns, member));
    }
  }
}

/** Sets a value at a dotted path, creating the groups on the way. */
export function setAt(target: Json, path: string, value: unknown): void {
  const names = path.split(".");
  let node = target;
  for (const name of names.slice(0, -1)) {
    if (!isObject(node[name])) node[name] = {};
    node = node[name] as Json;
  }
  node[names.at(-1)!] = value;
}

export function valueAt(data: unknown, path: string): unknown {
  let node: unknown = data;
  for (const name of path.split(".")) {
    if (!isObject(node)) return undefined;
    node = node[name];
  }
  return node;
}

export interface Prefill {
  /** The form data with every sourced value set (groups created as needed). */
  values: Json;
  /** The paths filled, with their source. */
  filled: { path: string; source: ValueSource | TableSource }[];
}

/**
 * The form data the sources give for a person: the population record (null when the database did not answer) and
 * the account. Values already in `current` that the person typed are kept unless a source has one.
 */
export function prefill(
  schema: unknown,
  person: RegisteredPerson | null,
  account: AccountDetails | null,
  current: Json = {},
): Prefill {
  const values: Json = structuredClone(current);
  const filled: Prefill["filled"] = [];
  for (const field of sourcedFields(schema)) {
    const value = sourceValue(field, person, account);
    if (value === undefined) continue;
    setAt(values, field.path, value);
    filled.push({ path: field.path, source: field.source });
  }
  return { values, filled };
}

/** Texts compare as the database does: Unicode-normalised, spaces collapsed, case ignored. */
export const sameText = (a: unknown, b: unknown): boolean =>
  typeof a === "string" &&
  typeof b === "string" &&
  a.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("vi") ===
    b.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("vi");

const sameValue = (a: unknown, b: unknown): boolean => {
  if (typeof a === "string" || typeof b === "string") return sameText(a, b);
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key], b[key]));
  }
  return a === b;
};

/** One submitted value that claims the population database as its source, and what the check found. */
export interface FieldCheck {
  path: string;
  source: ValueSource | TableSource;
  status: "verified" | "mismatch" | "unverified";
}

const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);

/**
 * The check of a submitted form against the population record (issue #14): each filled field whose source is the
 * population database is `verified` when it holds what the database registers, `mismatch` when it differs (the
 * person changed it, or the record is not theirs), and `unverified` when the database did not answer (degraded
 * mode: the submission goes on). Household rows must be the registered members, in order.
 */
export function checkSourcedValues(
  schema: unknown,
  formData: unknown,
  person: RegisteredPerson | null,
): FieldCheck[] {
  return sourcedFields(schema)
    .filter((field) => isPopulationSource(field.source) && !isEmpty(valueAt(formData, field.path)))
    .map((field) => {
      if (!person) return { path: field.path, source: field.source, status: "unverified" as const };
      const expected = sourceValue(field, person, null);
      let submitted = valueAt(formData, field.path);
      // A household row may carry columns of the person's own (a note): only the sourced columns are compared.
      if (Array.isArray(expected) && Array.isArray(submitted))
        submitted = submitted.map((row, index) =>
          isObject(row) && isObject(expected[index])
            ? Object.fromEntries(Object.keys(expected[index] as Json).map((key) => [key, row[key]]))
            : row,
        );
      return {
        path: field.path,
        source: field.source,
        status:
          expected !== undefined && sameValue(submitted, expected)
            ? ("verified" as const)
            : ("mismatch" as const),
      };
    });
}
