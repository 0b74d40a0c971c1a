import { Select } from "antd";
import type { FieldSource } from "../../domain/eform/fieldSources.ts";
import type { FieldKind, FormField } from "../../domain/eform/fields.ts";
import { AdminField } from "../admin/AdminField.tsx";
import { type PopulationKey, usePopulationI18n } from "./populationI18n.ts";

/** The sources a field of each kind can hold (the prefill leaves a field of another shape to the person). */
const SOURCES_BY_KIND: Partial<Record<FieldKind, readonly FieldSource[]>> = {
  text: [
    "population.fullName",
    "population.idNumber",
    "population.permanentAddress",
    "population.currentAddress",
    "account.fullName",
    "account.phone",
    "account.email",
  ],
  idNumber: ["population.idNumber"],
  date: ["population.birthDate"],
  select: ["population.sex"],
  address: ["population.permanentAddress", "population.currentAddress"],
  table: ["population.household"],
};
const MEMBER_SOURCES_BY_KIND: Partial<Record<FieldKind, readonly FieldSource[]>> = {
  text: ["member.fullName", "member.relation"],
  idNumber: ["member.idNumber"],
  date: ["member.birthDate"],
  select: ["member.sex"],
};

/**
 * The e-form editor's choice of where a field's value comes from (issue #14, R-SUB-1): the population database, the
 * account, or — for a household table's column — the member. Nothing for kinds no source fills.
 */
export function FieldSourcePicker({
  field,
  inTable,
  onChange,
}: {
  field: FormField;
  inTable: boolean;
  onChange: (field: FormField) => void;
}) {
  const { pt } = usePopulationI18n();
  const sources = (inTable ? MEMBER_SOURCES_BY_KIND : SOURCES_BY_KIND)[field.kind] ?? [];
  if (sources.length === 0) return null;
  const label = field.title || field.name;
  return (
    <AdminField label={pt("pop.source.label")}>
      {(id) => (
        <Select
          id={id}
          aria-label={`${pt("pop.source.label")}: ${label}`}
          value={field.source ?? ""}
          options={[
            { value: "", label: pt("pop.source.none") },
            ...sources.map((source) => ({
              value: source,
              label: pt(`pop.source.${source}` as PopulationKey),
            })),
          ]}
          onChange={(value: string) => {
            const { source: _previous, ...rest } = field;
            onChange(value ? ({ ...rest, source: value as FieldSource } as FormField) : (rest as FormField));
          }}
        />
      )}
    </AdminField>
  );
}
