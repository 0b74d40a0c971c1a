import type { Bilingual, ColumnField, FormDefinition, FormField, FormProblem } from "./fields.ts";

/** A property name the form data, the PDFs and the office's view can all use as a key. */
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const MAX_TITLE = 300;
const MAX_FIELDS = 200;

const problem = (path: string, code: string, message: Bilingual): FormProblem => ({ path, code, message });

function checkNumberRange(
  path: string,
  min: number | undefined,
  max: number | undefined,
  problems: FormProblem[],
  code: string,
): void {
  if (min !== undefined && max !== undefined && min > max)
    problems.push(
      problem(path, code, {
        vi: `Giá trị nhỏ nhất (${min}) lớn hơn giá trị lớn nhất (${max})`,
        en: `The minimum (${min}) is above the maximum (${max})`,
      }),
    );
}

function checkColumn(field: ColumnField, path: string, problems: FormProblem[]): void {
  switch (field.kind) {
    case "text":
      if ((field.minLength ?? 0) < 0 || (field.maxLength ?? 1) < 1)
        problems.push(
          problem(path, "LENGTH_INVALID", {
            vi: "Độ dài tối thiểu phải từ 0, tối đa phải từ 1",
            en: "The minimum length must be at least 0 and the maximum at least 1",
          }),
        );
      checkNumberRange(path, field.minLength, field.maxLength, problems, "LENGTH_RANGE");
      return;
    case "number":
      checkNumberRange(path, field.minimum, field.maximum, problems, "NUMBER_RANGE");
      return;
    case "select": {
      const options = field.options.map((option) => option.trim());
      if (options.length === 0 || options.some((option) => option === ""))
        problems.push(
          problem(path, "OPTIONS_EMPTY", {
            vi: "Danh sách lựa chọn phải có ít nhất một lựa chọn, không để trống",
            en: "The list needs at least one option, none of them empty",
          }),
        );
      if (new Set(options).size !== options.length)
        problems.push(
          problem(path, "OPTIONS_DUPLICATE", {
            vi: "Các lựa chọn không được trùng nhau",
            en: "The options must be different",
          }),
        );
      return;
    }
    default:
      return;
  }
}

function checkFields(
  fields: readonly FormField[],
  prefix: string,
  problems: FormProblem[],
  allowContainers: boolean,
): void {
  const seen = new Set<string>();
  fields.forEach((field, index) => {
    const path = `${prefix}${index}`;
    if (!NAME.test(field.name))
      problems.push(
        problem(`${path}.name`, "NAME_INVALID", {
          vi: "Tên trường phải bắt đầu bằng chữ cái, chỉ gồm chữ cái không dấu, chữ số và dấu _ (tối đa 64 ký tự)",
          en: "The field name must start with a letter and have only ASCII letters, digits and _ (at most 64)",
        }),
      );
    else if (seen.has(field.name))
      problems.push(
        problem(`${path}.name`, "NAME_DUPLICATE", {
          vi: `Tên trường "${field.name}" bị trùng`,
          en: `The field name "${field.name}" is used twice`,
        }),
      );
    seen.add(field.name);
    const title = field.title.trim();
    if (title === "" || title.length > MAX_TITLE)
      problems.push(
        problem(`${path}.title`, "TITLE_INVALID", {
          vi: `Nhãn trường không được để trống và không quá ${MAX_TITLE} ký tự`,
          en: `The label must not be empty and have at most ${MAX_TITLE} characters`,
        }),
      );
    if (field.kind === "table" || field.kind === "group" || field.kind === "address") {
      if (!allowContainers) {
        problems.push(
          problem(`${path}.kind`, "KIND_NOT_ALLOWED", {
            vi: "Cột của bảng chỉ có thể là trường đơn (chữ, số, ngày, lựa chọn, mã số, ô đánh dấu)",
            en: "A table column must be a single value (text, number, date, select, identifier, checkbox)",
          }),
        );
        return;
      }
      if (field.kind === "table") {
        if (field.columns.length === 0)
          problems.push(
            problem(`${path}.columns`, "COLUMNS_EMPTY", {
              vi: "Bảng phải có ít nhất một cột",
              en: "A table needs at least one column",
            }),
          );
        checkFields(field.columns, `${path}.columns.`, problems, false);
      } else if (field.kind === "group") {
        if (field.fields.length === 0)
          problems.push(
            problem(`${path}.fields`, "GROUP_EMPTY", {
              vi: "Nhóm phải có ít nhất một trường",
              en: "A group needs at least one field",
            }),
          );
        checkFields(field.fields, `${path}.fields.`, problems, true);
      }
      return;
    }
    checkColumn(field, path, problems);
  });
}

/** Every problem of a field list (an empty array: the list can become a schema). */
export function validateFields(form: FormDefinition): FormProblem[] {
  const problems: FormProblem[] = [];
  if (form.title.trim() === "")
    problems.push(
      problem("title", "FORM_TITLE_EMPTY", {
        vi: "Tên tờ khai không được để trống",
        en: "The form's title must not be empty",
      }),
    );
  if (form.fields.length === 0 || form.fields.length > MAX_FIELDS)
    problems.push(
      problem("fields", "FIELDS_COUNT", {
        vi: `Tờ khai phải có từ 1 đến ${MAX_FIELDS} trường`,
        en: `A form has 1 to ${MAX_FIELDS} fields`,
      }),
    );
  checkFields(form.fields, "fields.", problems, true);
  return problems;
}
