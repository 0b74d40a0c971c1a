/**
 * What changed in a procedure between our catalog and the national procedure database (R-SYNC-6, R-CAT-1): the
 * published fields compared one by one, so the admin console can show each change and the province knows which
 * offerings and workflows to update within 5 working days.
 */

/** The published fields of a procedure that a pull compares (R-CAT-1 list), in display order. */
export const CATALOG_FIELDS = [
  "name",
  "fieldCode",
  "levels",
  "decidingAgency",
  "steps",
  "methods",
  "timeLimit",
  "timeLimitText",
  "subjects",
  "result",
  "conditions",
  "legalBasis",
  "receptionChannels",
  "onlineLevel",
  "components",
  "fees",
] as const;

export type CatalogField = (typeof CATALOG_FIELDS)[number];

export type ProcedureSnapshot = Record<CatalogField, unknown>;

export interface FieldChange {
  field: CatalogField;
  before: unknown;
  after: unknown;
}

/** JSON with object keys sorted, so the same value read back from jsonb in another key order compares equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1)); // keys of one object are unique
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The fields whose values differ, in CATALOG_FIELDS order, with both values. */
export function diffProcedure(before: ProcedureSnapshot, after: ProcedureSnapshot): FieldChange[] {
  return CATALOG_FIELDS.filter((field) => canonicalJson(before[field]) !== canonicalJson(after[field])).map(
    (field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }),
  );
}
