import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, Checkbox, Input, InputNumber, Select } from "antd";
import { useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { declarationOf, uiLayoutOf } from "../../domain/eform/declaration.ts";
import type {
  AddressOptions,
  ColumnField,
  FieldKind,
  FormDefinition,
  FormField,
} from "../../domain/eform/fields.ts";
import { fieldsToSchema } from "../../domain/eform/fieldsToSchema.ts";
import { parseFormSchema } from "../../domain/eform/parseFormSchema.ts";
import { validateFields } from "../../domain/eform/validateFields.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { FieldSourcePicker } from "../population/FieldSourcePicker.tsx";
import type { JsonSchema } from "../portal/eform.ts";
import { EForm } from "../portal/wizard/EForm.tsx";
import { AdminField } from "./AdminField.tsx";
import { type AdminOffering, adminApi, adminKeys } from "./adminApi.ts";
import { useAdminI18n } from "./adminI18n.ts";

const COLUMN_KINDS = ["text", "number", "date", "select", "idNumber", "checkbox"] as const;
const ALL_KINDS: FieldKind[] = [...COLUMN_KINDS, "address", "table", "group"];

/** A field of `kind` keeping the name, label and required flag of the field it replaces. */
function fieldOfKind(kind: FieldKind, base: { name: string; title: string; required: boolean }): FormField {
  switch (kind) {
    case "text":
      return { ...base, kind, maxLength: 300 };
    case "number":
      return { ...base, kind, integer: true };
    case "select":
      return { ...base, kind, options: ["Lựa chọn 1", "Lựa chọn 2"] };
    case "idNumber":
      return { ...base, kind, idKind: "cccd" };
    case "checkbox":
      return { ...base, kind, mustBeChecked: false };
    case "table":
      return {
        ...base,
        kind,
        columns: [{ name: "hoTen", title: "Họ và tên", required: true, kind: "text" }],
      };
    case "group":
      return {
        ...base,
        kind,
        fields: [{ name: "truong1", title: "Trường 1", required: false, kind: "text" }],
      };
    default:
      return { ...base, kind } as FormField;
  }
}

/**
 * The e-form designer (issue #6): the procedure's fields as an editable list that becomes its JSON Schema
 * (src/domain/eform, the same code the server checks with), and beside it a live preview drawn by the portal's
 * own renderer (@rjsf), so the administrator sees what the applicant will fill in (R-SUB-1).
 */
export function EFormEditorPage() {
  const { id = "" } = useParams();
  const { at } = useAdminI18n();
  usePageTitle(at("eform.title"));
  const offering = useQuery({
    queryKey: adminKeys.offering(id),
    queryFn: () => adminApi.get<AdminOffering>(`/api/admin/offerings/${id}`),
  });
  const address = useQuery({
    queryKey: adminKeys.address,
    queryFn: () => adminApi.get<AddressOptions>("/api/admin/address-options"),
  });
  if (offering.isPending || address.isPending) return <Loading />;
  if (offering.error) return <ErrorAlert error={offering.error} onRetry={() => void offering.refetch()} />;
  if (address.error) return <ErrorAlert error={address.error} onRetry={() => void address.refetch()} />;
  // An official declaration (a form published with its legal text) is the law's, not the province's to redesign:
  // it is shown as the applicant sees it, and saving a designed form over it is not offered (issue #19).
  if (offering.data.formSchema && declarationOf(offering.data.formSchema))
    return <OfficialDeclaration offering={offering.data} schema={offering.data.formSchema} />;
  return <Designer key={offering.data.id} offering={offering.data} address={address.data} />;
}

/** The page's title, the offering it designs for, and the way back to the offerings. */
function EFormHeading({ offering }: { offering: AdminOffering }) {
  const { at } = useAdminI18n();
  return (
    <>
      <h1>{at("eform.title")}</h1>
      <p>
        {at("eform.for", {
          procedure: `${offering.procedure.code} ${offering.procedure.name}`,
          agency: offering.agency.name,
        })}{" "}
        · <Link to="/quan-tri/thu-tuc">{at("nav.offerings")}</Link>
      </p>
    </>
  );
}

function OfficialDeclaration({
  offering,
  schema,
}: {
  offering: AdminOffering;
  schema: Record<string, unknown>;
}) {
  const { at } = useAdminI18n();
  const [sample, setSample] = useState<Record<string, unknown>>({});
  return (
    <>
      <EFormHeading offering={offering} />
      <p role="status">{at("eform.official")}</p>
      <section className="admin-panel" aria-labelledby="eform-preview-heading">
        <h2 id="eform-preview-heading">{at("eform.preview")}</h2>
        <p>{at("eform.previewHelp")}</p>
        <div data-testid="eform-preview">
          <EForm
            schema={schema as JsonSchema}
            uiSchema={uiLayoutOf(schema)}
            formData={sample}
            onChange={setSample}
            onSubmit={setSample}
          />
        </div>
      </section>
    </>
  );
}

function initialForm(offering: AdminOffering): { form: FormDefinition; unsupported: boolean } {
  if (offering.formSchema) {
    const parsed = parseFormSchema(offering.formSchema);
    if (parsed.ok) return { form: parsed.form, unsupported: false };
  }
  return {
    form: {
      title: `Tờ khai ${offering.procedure.name}`.slice(0, 300),
      fields: [{ kind: "text", name: "hoTen", title: "Họ, chữ đệm và tên", required: true, maxLength: 100 }],
    },
    unsupported: offering.formSchema !== null,
  };
}

function Designer({ offering, address }: { offering: AdminOffering; address: AddressOptions }) {
  const { at, lang } = useAdminI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const start = useMemo(() => initialForm(offering), [offering]);
  const [form, setForm] = useState<FormDefinition>(start.form);
  const [sample, setSample] = useState<Record<string, unknown>>({});
  const problems = validateFields(form);
  const built = useMemo(
    () => (problems.length === 0 ? fieldsToSchema(form, address) : null),
    [form, address, problems.length],
  );
  const save = useMutation({
    mutationFn: (schema: Record<string, unknown> | null) =>
      adminApi.put(`/api/admin/offerings/${offering.id}/form`, { schema }),
    onSuccess: async () => {
      message.success(at("admin.saved"));
      await queryClient.invalidateQueries({ queryKey: ["admin"] });
    },
  });
  return (
    <>
      <EFormHeading offering={offering} />
      {start.unsupported ? <p role="status">{at("eform.unsupported")}</p> : null}
      <div className="eform-editor">
        <section className="admin-panel" aria-labelledby="eform-fields-heading">
          <AdminField label={at("eform.formTitle")}>
            {(id) => (
              <Input
                id={id}
                value={form.title}
                onChange={(e) => setForm({ ...form, title: e.target.value })}
              />
            )}
          </AdminField>
          <h2 id="eform-fields-heading">{at("eform.fields")}</h2>
          <FieldList
            fields={form.fields}
            kinds={ALL_KINDS}
            path="fields"
            onChange={(fields) => setForm({ ...form, fields })}
            addLabel={at("eform.addField")}
          />
          <p className="eform-note">{at("eform.addressNote")}</p>
          <div aria-live="polite">
            {problems.length > 0 ? (
              <div className="admin-problems" role="alert">
                <h3>{at("eform.problems")}</h3>
                <ul>
                  {problems.map((p) => (
                    <li key={`${p.path}:${p.code}`}>
                      {p.path}: {p.message[lang]}
                    </li>
                  ))}
                </ul>
              </div>
            ) : (
              <p role="status">{at("eform.noProblems")}</p>
            )}
          </div>
          {save.error ? <ErrorAlert error={save.error} /> : null}
          <div className="admin-row">
            <Button
              type="primary"
              disabled={!built}
              loading={save.isPending}
              onClick={() => built && save.mutate(built.schema)}
            >
              {at("eform.save")}
            </Button>
            {offering.formSchema ? (
              <Button onClick={() => save.mutate(null)}>{at("eform.useDefault")}</Button>
            ) : null}
          </div>
        </section>
        <section className="admin-panel" aria-labelledby="eform-preview-heading">
          <h2 id="eform-preview-heading">{at("eform.preview")}</h2>
          <p>{at("eform.previewHelp")}</p>
          {built ? (
            <div data-testid="eform-preview">
              <EForm
                schema={built.schema as JsonSchema}
                uiSchema={built.uiSchema}
                formData={sample}
                onChange={setSample}
                onSubmit={setSample}
              />
            </div>
          ) : null}
        </section>
      </div>
    </>
  );
}

function FieldList({
  fields,
  kinds,
  path,
  onChange,
  addLabel,
  nested = false,
}: {
  fields: FormField[];
  kinds: readonly FieldKind[];
  path: string;
  onChange: (fields: FormField[]) => void;
  addLabel: string;
  nested?: boolean;
}) {
  const { at } = useAdminI18n();
  const replace = (index: number, field: FormField) =>
    onChange(fields.map((f, i) => (i === index ? field : f)));
  const move = (index: number, by: number) => {
    const next = [...fields];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item!);
    onChange(next);
  };
  return (
    <div>
      <ol className="plain-list">
        {fields.map((field, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a field's name is edited in place, its position is its identity
          <li key={index} className={nested ? "eform-field eform-field--nested" : "eform-field"}>
            <FieldRow
              field={field}
              kinds={kinds}
              path={`${path}.${index}`}
              onChange={(f) => replace(index, f)}
              onMove={(by) => move(index, by)}
              canUp={index > 0}
              canDown={index < fields.length - 1}
              onRemove={() => onChange(fields.filter((_, i) => i !== index))}
            />
          </li>
        ))}
      </ol>
      <Button
        onClick={() =>
          onChange([
            ...fields,
            {
              kind: "text",
              name: `truong${fields.length + 1}`,
              title: at("eform.newField"),
              required: false,
            },
          ])
        }
      >
        {addLabel}
      </Button>
    </div>
  );
}

function FieldRow({
  field,
  kinds,
  path,
  onChange,
  onMove,
  canUp,
  canDown,
  onRemove,
}: {
  field: FormField;
  kinds: readonly FieldKind[];
  path: string;
  onChange: (field: FormField) => void;
  onMove: (by: number) => void;
  canUp: boolean;
  canDown: boolean;
  onRemove: () => void;
}) {
  const { at, known } = useAdminI18n();
  const label = field.title || field.name;
  return (
    <fieldset data-path={path}>
      <legend className="visually-hidden">{label}</legend>
      <div className="eform-field__grid">
        <AdminField label={at("eform.name")}>
          {(id) => (
            <Input
              id={id}
              value={field.name}
              onChange={(e) => onChange({ ...field, name: e.target.value })}
            />
          )}
        </AdminField>
        <AdminField label={at("eform.label")}>
          {(id) => (
            <Input
              id={id}
              value={field.title}
              onChange={(e) => onChange({ ...field, title: e.target.value })}
            />
          )}
        </AdminField>
        <AdminField label={at("eform.kind")}>
          {(id) => (
            <Select
              id={id}
              aria-label={`${at("eform.kind")}: ${label}`}
              value={field.kind}
              options={kinds.map((k) => ({ value: k, label: known("kind", k) }))}
              onChange={(kind) => onChange(fieldOfKind(kind, field))}
            />
          )}
        </AdminField>
        <Checkbox
          checked={field.required}
          onChange={(e) => onChange({ ...field, required: e.target.checked })}
        >
          {at("eform.required")}
        </Checkbox>
        {/* Issue #14: where the wizard takes the value from; a table's columns take a household member's. */}
        <FieldSourcePicker field={field} inTable={!kinds.includes("table")} onChange={onChange} />
      </div>
      <Details field={field} path={path} onChange={onChange} />
      <div className="admin-row">
        <Button
          size="small"
          disabled={!canUp}
          onClick={() => onMove(-1)}
          aria-label={at("eform.moveUp", { name: label })}
        >
          ↑
        </Button>
        <Button
          size="small"
          disabled={!canDown}
          onClick={() => onMove(1)}
          aria-label={at("eform.moveDown", { name: label })}
        >
          ↓
        </Button>
        <Button size="small" danger onClick={onRemove} aria-label={at("eform.removeField", { name: label })}>
          {at("admin.remove")}
        </Button>
      </div>
    </fieldset>
  );
}

function Details({
  field,
  path,
  onChange,
}: {
  field: FormField;
  path: string;
  onChange: (field: FormField) => void;
}) {
  const { at, known } = useAdminI18n();
  const label = field.title || field.name;
  const number = (
    key: string,
    text: string,
    value: number | undefined,
    set: (v: number | undefined) => void,
  ) => (
    <AdminField key={key} label={text}>
      {(id) => (
        <InputNumber
          id={id}
          aria-label={`${text}: ${label}`}
          value={value}
          onChange={(v) => set(v ?? undefined)}
        />
      )}
    </AdminField>
  );
  switch (field.kind) {
    case "text":
      return (
        <div className="admin-row">
          {number("min", at("eform.minLength"), field.minLength, (minLength) =>
            onChange({ ...field, minLength }),
          )}
          {number("max", at("eform.maxLength"), field.maxLength, (maxLength) =>
            onChange({ ...field, maxLength }),
          )}
        </div>
      );
    case "number":
      return (
        <div className="admin-row">
          <Checkbox
            checked={field.integer}
            onChange={(e) => onChange({ ...field, integer: e.target.checked })}
          >
            {at("eform.integer")}
          </Checkbox>
          {number("min", at("eform.minimum"), field.minimum, (minimum) => onChange({ ...field, minimum }))}
          {number("max", at("eform.maximum"), field.maximum, (maximum) => onChange({ ...field, maximum }))}
        </div>
      );
    case "select":
      return (
        <AdminField label={at("eform.options")}>
          {(id) => (
            <Input.TextArea
              id={id}
              rows={3}
              value={field.options.join("\n")}
              onChange={(e) => onChange({ ...field, options: e.target.value.split("\n") })}
            />
          )}
        </AdminField>
      );
    case "idNumber":
      return (
        <AdminField label={at("eform.idKind")}>
          {(id) => (
            <Select
              id={id}
              aria-label={`${at("eform.idKind")}: ${label}`}
              value={field.idKind}
              style={{ width: 320 }}
              options={["cccd", "taxCode"].map((k) => ({ value: k, label: known("idKind", k) }))}
              onChange={(idKind) => onChange({ ...field, idKind })}
            />
          )}
        </AdminField>
      );
    case "checkbox":
      return (
        <Checkbox
          checked={field.mustBeChecked}
          onChange={(e) => onChange({ ...field, mustBeChecked: e.target.checked })}
        >
          {at("eform.mustBeChecked")}
        </Checkbox>
      );
    case "table":
      return (
        <FieldList
          fields={field.columns}
          kinds={COLUMN_KINDS}
          path={`${path}.columns`}
          nested
          addLabel={at("eform.addColumn")}
          onChange={(columns) => onChange({ ...field, columns: columns as ColumnField[] })}
        />
      );
    case "group":
      return (
        <FieldList
          fields={field.fields}
          kinds={ALL_KINDS}
          path={`${path}.fields`}
          nested
          addLabel={at("eform.addField")}
          onChange={(fields) => onChange({ ...field, fields })}
        />
      );
    default:
      return null;
  }
}
