/**
 * The e-form as the procedure's declaration (issue #19 "The declaration as a document", R-SUB-1): a published form
 * schema may say, with the top-level keyword `x-declaration`, that it IS the paper declaration of one of the
 * procedure's components (e.g. GT01 "Tờ khai đăng ký khai sinh", TT 04/2020/TT-BTP). Then the filled e-form is
 * rendered as that official form (PDF) and the component counts as provided: the citizen never uploads a scan of a
 * form they just typed. The same keyword names the group holding the declaration's requester (người yêu cầu), which
 * the server checks against the account holder (người nộp): one person never carries two ID numbers. Pure.
 */

export const DECLARATION_KEYWORD = "x-declaration";
/** The rjsf UI layout (uiSchema) a published form carries with it: order, widgets, columns, help. */
export const UI_KEYWORD = "x-ui";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export interface DeclarationSpec {
  /** The component's code in the procedure (MaGiayTo, e.g. "GT01") the generated PDF stands for. */
  component: string;
  /** The title printed on the form, e.g. "TỜ KHAI ĐĂNG KÝ KHAI SINH". */
  title: string;
  /** The legal form it reproduces, printed top right, e.g. "Mẫu … ban hành kèm theo Thông tư 04/2020/TT-BTP". */
  legalForm: string | undefined;
  /** "Kính gửi" line's addressee; the agency's name when absent. */
  addressee: string | undefined;
  /** Property name of the requester's group (người yêu cầu), when the form has one. */
  requester: string | undefined;
  /** The commitment sentence printed before the signature. */
  commitment: string | undefined;
  /** The signature block's title, e.g. "NGƯỜI YÊU CẦU". */
  signer: string;
}

/** The declaration the schema stands for, or null when it is a plain e-form (or the keyword is malformed). */
export function declarationOf(schema: unknown): DeclarationSpec | null {
  if (!isObject(schema)) return null;
  const spec = schema[DECLARATION_KEYWORD];
  if (!isObject(spec) || typeof spec.component !== "string" || spec.component.trim() === "") return null;
  const text = (value: unknown) => (typeof value === "string" && value.trim() ? value : undefined);
  return {
    component: spec.component,
    title: text(spec.title) ?? String(schema.title ?? "Tờ khai").toUpperCase(),
    legalForm: text(spec.legalForm),
    addressee: text(spec.addressee),
    requester: text(spec.requester),
    commitment: text(spec.commitment),
    signer: text(spec.signer) ?? "NGƯỜI YÊU CẦU",
  };
}

/** The uiSchema a published form carries (`x-ui`), or an empty one. */
export function uiLayoutOf(schema: unknown): Json {
  return isObject(schema) && isObject(schema[UI_KEYWORD]) ? (schema[UI_KEYWORD] as Json) : {};
}

/** The fields of the requester's group the account check reads. */
export const REQUESTER_FIELDS = {
  name: "hoTen",
  idNumber: "soDinhDanh",
  /** true: the requester is the account holder who submits (người nộp). */
  isSubmitter: "laNguoiNop",
  relation: "quanHe",
} as const;

export interface RequesterProblem {
  /** Dotted path in the form data. */
  path: string;
  code: "REQUESTER_ID_NOT_ACCOUNT" | "REQUESTER_ID_IS_ACCOUNT" | "REQUESTER_NAME_NOT_ACCOUNT";
  message: { vi: string; en: string };
}

const digits = (value: unknown) => (typeof value === "string" ? value.replace(/\s+/g, "") : "");
const sameName = (a: string, b: string) =>
  a.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("vi") ===
  b.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("vi");

/**
 * Người nộp and người yêu cầu (issue #19 "Applicant and requester"): when the declaration's requester is the account
 * holder, their ID number is the account's proven one (and their name the account's); when it is someone else, the
 * requester cannot carry the account holder's ID number. An account without an ID number (an organisation's) has
 * nothing to compare. Outcomes: the problems, empty when consistent.
 */
export function checkRequester(
  schema: unknown,
  formData: unknown,
  account: { fullName: string; idNumber: string | null },
): RequesterProblem[] {
  const spec = declarationOf(schema);
  if (!spec?.requester || !isObject(formData)) return [];
  const group = formData[spec.requester];
  if (!isObject(group) || !account.idNumber) return [];
  const path = (name: string) => `${spec.requester}.${name}`;
  const id = digits(group[REQUESTER_FIELDS.idNumber]);
  const problems: RequesterProblem[] = [];
  if (group[REQUESTER_FIELDS.isSubmitter] === true) {
    if (id !== "" && id !== account.idNumber)
      problems.push({
        path: path(REQUESTER_FIELDS.idNumber),
        code: "REQUESTER_ID_NOT_ACCOUNT",
        message: {
          vi: "Người yêu cầu là người nộp hồ sơ: số định danh cá nhân phải là số đã xác thực của tài khoản",
          en: "The requester is the account holder: the ID number must be the account's verified one",
        },
      });
    const name = group[REQUESTER_FIELDS.name];
    if (typeof name === "string" && name.trim() !== "" && !sameName(name, account.fullName))
      problems.push({
        path: path(REQUESTER_FIELDS.name),
        code: "REQUESTER_NAME_NOT_ACCOUNT",
        message: {
          vi: "Người yêu cầu là người nộp hồ sơ: họ tên phải trùng với họ tên của tài khoản",
          en: "The requester is the account holder: the name must be the account's",
        },
      });
  } else if (id !== "" && id === account.idNumber) {
    problems.push({
      path: path(REQUESTER_FIELDS.idNumber),
      code: "REQUESTER_ID_IS_ACCOUNT",
      message: {
        vi: "Số định danh này là của người nộp hồ sơ; nếu chính anh/chị là người yêu cầu, hãy đánh dấu ô “Tôi là người yêu cầu”",
        en: "This ID number is the account holder's; if you are the requester, tick “I am the requester”",
      },
    });
  }
  return problems;
}

/** The requester the declaration names (for the officer's "người yêu cầu"), or null. */
export function requesterOf(
  schema: unknown,
  formData: unknown,
): { name: string | null; idNumber: string | null; relation: string | null; isSubmitter: boolean } | null {
  const spec = declarationOf(schema);
  if (!spec?.requester || !isObject(formData) || !isObject(formData[spec.requester])) return null;
  const group = formData[spec.requester] as Json;
  const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : null);
  return {
    name: text(group[REQUESTER_FIELDS.name]),
    idNumber: text(group[REQUESTER_FIELDS.idNumber]),
    relation: text(group[REQUESTER_FIELDS.relation]),
    isSubmitter: group[REQUESTER_FIELDS.isSubmitter] === true,
  };
}

/** One line of the form as printed: a section heading, a labelled value, or a table with its rows. */
export type DeclarationBlock =
  | { kind: "section"; title: string; depth: number }
  | { kind: "field"; label: string; value: string; depth: number }
  | { kind: "table"; title: string; columns: string[]; rows: string[][]; depth: number };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A value as the paper form prints it: dates dd/mm/yyyy, yes/no in Vietnamese, an address on one line. */
export function printedValue(schema: Json | undefined, value: unknown): string {
  if (value === undefined || value === null || value === "") return "";
  if (typeof value === "boolean") return value ? "Có" : "Không";
  if (typeof value === "number") return new Intl.NumberFormat("vi-VN").format(value);
  if (typeof value === "string") {
    const date = ISO_DATE.exec(value);
    if (date && schema?.format === "date") return `${date[3]}/${date[2]}/${date[1]}`;
    const choices = schema?.oneOf;
    if (Array.isArray(choices)) {
      const chosen = choices.find((choice) => isObject(choice) && choice.const === value);
      if (isObject(chosen) && typeof chosen.title === "string") return chosen.title;
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => printedValue(undefined, item)).join(", ");
  if (isObject(value)) {
    const properties = isObject(schema?.properties) ? (schema.properties as Json) : {};
    return Object.entries(value)
      .map(([key, inner]) => printedValue(properties[key] as Json | undefined, inner))
      .filter((text) => text !== "")
      .join(", ");
  }
  return String(value);
}

const titleOf = (schema: Json | undefined, fallback: string) =>
  typeof schema?.title === "string" && schema.title.trim() ? schema.title : fallback;

/** Properties in the layout's order (`ui:order` of the group's hints, then the schema's). */
function orderedKeys(schema: Json, ui: Json): string[] {
  const keys = Object.keys(isObject(schema.properties) ? schema.properties : {});
  const order = Array.isArray(ui["ui:order"]) ? (ui["ui:order"] as unknown[]).map(String) : [];
  if (order.length === 0) return keys;
  const rest = keys.filter((key) => !order.includes(key));
  return order
    .flatMap((key) => (key === "*" ? rest : keys.includes(key) ? [key] : []))
    .concat(order.includes("*") ? [] : rest);
}

/**
 * The declaration laid out as the paper form: groups become headed sections, repeated rows a table with the form's
 * column titles, every other answer a labelled line in the layout's order. A field left empty prints as a blank line
 * (the paper form keeps it); the account check box and the commitment are not printed as answers.
 */
export function declarationBlocks(schema: unknown, formData: unknown): DeclarationBlock[] {
  if (!isObject(schema)) return [];
  const spec = declarationOf(schema);
  const blocks: DeclarationBlock[] = [];
  const walk = (node: Json, data: Json, ui: Json, depth: number, inRequester: boolean) => {
    const properties = isObject(node.properties) ? (node.properties as Json) : {};
    for (const key of orderedKeys(node, ui)) {
      const field = properties[key];
      if (!isObject(field)) continue;
      const value = data[key];
      const hints = isObject(ui[key]) ? (ui[key] as Json) : {};
      if (depth === 0 && spec?.commitment && field.const === true) continue;
      if (inRequester && key === REQUESTER_FIELDS.isSubmitter) continue;
      if (field.type === "object" && isObject(field.properties)) {
        blocks.push({ kind: "section", title: titleOf(field, key), depth });
        walk(field, isObject(value) ? value : {}, hints, depth + 1, depth === 0 && key === spec?.requester);
      } else if (field.type === "array" && isObject(field.items) && isObject(field.items.properties)) {
        const items = field.items as Json;
        const columnKeys = orderedKeys(items, isObject(hints.items) ? (hints.items as Json) : {});
        const columnSchemas = items.properties as Json;
        blocks.push({
          kind: "table",
          title: titleOf(field, key),
          columns: columnKeys.map((column) => titleOf(columnSchemas[column] as Json, column)),
          rows: (Array.isArray(value) ? value : []).map((row) =>
            columnKeys.map((column) =>
              printedValue(columnSchemas[column] as Json, isObject(row) ? row[column] : undefined),
            ),
          ),
          depth,
        });
      } else {
        blocks.push({ kind: "field", label: titleOf(field, key), value: printedValue(field, value), depth });
      }
    }
  };
  walk(schema, isObject(formData) ? formData : {}, uiLayoutOf(schema), 0, false);
  return blocks;
}
