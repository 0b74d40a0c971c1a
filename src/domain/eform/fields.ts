import type { FieldSource } from "./fieldSources.ts";

/**
 * The e-form editor's field list (issue #6): what an administrator builds, turned into the procedure's JSON Schema
 * (R-SUB-1: the applicant fills the e-form fields of the procedure) and read back from it. Pure data.
 */

/** A text in both languages of the system. */
export interface Bilingual {
  vi: string;
  en: string;
}

interface BaseField {
  /** The property name in the form data: a letter then letters, digits or `_`. */
  name: string;
  title: string;
  description?: string | undefined;
  required: boolean;
  /** Where the wizard takes the value from (issue #14): the population database, the account. */
  source?: FieldSource | undefined;
}

export interface TextField extends BaseField {
  kind: "text";
  minLength?: number | undefined;
  maxLength?: number | undefined;
  defaultValue?: string | undefined;
}

export interface NumberField extends BaseField {
  kind: "number";
  integer: boolean;
  minimum?: number | undefined;
  maximum?: number | undefined;
  defaultValue?: number | undefined;
}

export interface DateField extends BaseField {
  kind: "date";
}

export interface SelectField extends BaseField {
  kind: "select";
  options: string[];
}

/** Số định danh cá nhân (CCCD, 12 digits) or mã số thuế (10 digits, or 10-3 for a branch). */
export interface IdNumberField extends BaseField {
  kind: "idNumber";
  idKind: "cccd" | "taxCode";
}

export interface CheckboxField extends BaseField {
  kind: "checkbox";
  /** A commitment the applicant must tick (cam đoan): the schema says `const: true`. */
  mustBeChecked: boolean;
}

/** A Vietnamese address: province and commune picked from lists, then the house number and street. */
export interface AddressField extends BaseField {
  kind: "address";
}

/** The kinds a table's column may have: one value per cell. */
export type ColumnField = TextField | NumberField | DateField | SelectField | IdNumberField | CheckboxField;

/** Repeated rows (e.g. family members): an array of objects, one column per field. */
export interface TableField extends BaseField {
  kind: "table";
  columns: ColumnField[];
}

/** A titled group of fields (e.g. "Bên nam", "Bên nữ"): a nested object. */
export interface GroupField extends BaseField {
  kind: "group";
  fields: FormField[];
}

export type FormField = ColumnField | AddressField | TableField | GroupField;
export type FieldKind = FormField["kind"];

export interface FormDefinition {
  title: string;
  fields: FormField[];
}

/** The lists the address pickers offer: the province and its communes (the demo province's, from the agencies). */
export interface AddressOptions {
  province: string;
  communes: string[];
}

/** Something wrong with a field list or a schema: where (dotted path), a stable code, and why in vi/en. */
export interface FormProblem {
  path: string;
  code: string;
  message: Bilingual;
}
