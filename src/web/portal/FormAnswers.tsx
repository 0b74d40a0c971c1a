import { Descriptions, Table } from "antd";
import type { ReactNode } from "react";
import { useI18n } from "../i18n/i18n.tsx";
import type { JsonSchema } from "./eform.ts";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The answers of an e-form laid out under the form's own titles (issue #19: people read "Họ và tên", never a field
 * key or raw JSON): nested groups as nested lists, repeated rows as a table with the form's column titles, dates as
 * dd/mm/yyyy, choices by their label. Used by the applicant's and the officer's dossier pages alike.
 */
export function FormAnswers({
  schema,
  data,
  emptyText,
}: {
  schema: JsonSchema | undefined;
  data: Record<string, unknown>;
  emptyText: string;
}) {
  const entries = orderedEntries(schema, data);
  if (entries.length === 0) return <p className="muted">{emptyText}</p>;
  return <AnswerList schema={schema} entries={entries} />;
}

function orderedEntries(schema: JsonSchema | undefined, data: Record<string, unknown>): [string, unknown][] {
  const order = Object.keys(schema?.properties ?? {});
  return Object.entries(data)
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .sort(([a], [b]) => (order.indexOf(a) + 1 || 999) - (order.indexOf(b) + 1 || 999));
}

function AnswerList({ schema, entries }: { schema: JsonSchema | undefined; entries: [string, unknown][] }) {
  return (
    <Descriptions
      column={1}
      size="small"
      bordered
      items={entries.map(([key, value]) => {
        const field = schema?.properties?.[key];
        return {
          key,
          label: typeof field?.title === "string" ? field.title : key,
          children: <AnswerValue schema={field} value={value} />,
        };
      })}
    />
  );
}

function AnswerValue({ schema, value }: { schema: JsonSchema | undefined; value: unknown }): ReactNode {
  const { t, date } = useI18n();
  if (typeof value === "boolean") return value ? t("form.yes") : t("form.no");
  if (Array.isArray(value)) {
    const items = (schema?.items ?? undefined) as JsonSchema | undefined;
    if (value.every((row) => row !== null && typeof row === "object" && !Array.isArray(row))) {
      const columns = Object.keys(items?.properties ?? Object.assign({}, ...(value as object[])));
      return (
        <Table
          size="small"
          pagination={false}
          rowKey={(_, index) => String(index)}
          scroll={{ x: true }}
          dataSource={value as Record<string, unknown>[]}
          columns={columns.map((column) => ({
            key: column,
            title: (items?.properties?.[column]?.title as string | undefined) ?? column,
            render: (_: unknown, row: Record<string, unknown>) => (
              <AnswerValue schema={items?.properties?.[column]} value={row[column]} />
            ),
          }))}
        />
      );
    }
    return value.map((item) => String(item)).join(", ");
  }
  if (value !== null && typeof value === "object") {
    return <AnswerList schema={schema} entries={orderedEntries(schema, value as Record<string, unknown>)} />;
  }
  if (typeof value === "string" && ISO_DATE.test(value)) return date(value);
  const choices = schema?.oneOf as { const?: unknown; title?: string }[] | undefined;
  const chosen = Array.isArray(choices) ? choices.find((choice) => choice.const === value)?.title : undefined;
  return chosen ?? (value === null || value === undefined ? "" : String(value));
}
