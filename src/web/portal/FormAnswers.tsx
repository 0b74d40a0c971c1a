import { Descriptions, Table } from "antd";
import type { ReactNode } from "react";
import { declarationBlocks, declarationOf, requesterOf } from "../../domain/eform/declaration.ts";
import { useI18n } from "../i18n/i18n.tsx";
import { useDeclarationI18n } from "./declarationI18n.ts";
import type { JsonSchema } from "./eform.ts";

/** The dossier around the answers: who submitted it, and its files (the generated declaration among them). */
export interface AnswersDossier {
  id: string;
  applicant: { name: string; idNumber: string | null };
  files: { id: string; componentPosition: number | null; fileName: string }[];
  agencyName?: string | undefined;
}

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
  dossier,
}: {
  schema: JsonSchema | undefined;
  data: Record<string, unknown>;
  emptyText: string;
  /** With the dossier, a declaration shows both roles and the link to its generated PDF. */
  dossier?: AnswersDossier | undefined;
}) {
  const entries = orderedEntries(schema, data);
  if (entries.length === 0) return <p className="muted">{emptyText}</p>;
  // Issue #19: a form that is the procedure's declaration reads as the paper form it stands for.
  if (declarationOf(schema)) return <DeclarationSheet schema={schema!} data={data} dossier={dossier} />;
  return <AnswerList schema={schema} entries={entries} />;
}

const paperStyle = {
  border: "1px solid #d9d9d9",
  background: "#fff",
  padding: "24px 28px",
  fontFamily: '"Tinos", "Times New Roman", serif',
  maxWidth: 800,
} as const;

/**
 * The declaration laid out as the paper form (issue #19): national motto, title, "Kính gửi", the answers section by
 * section (tables where the form has tables, the same layout the generated PDF prints), the commitment and the
 * requester's signature block; above it, người nộp and người yêu cầu side by side, and the PDF to download.
 */
function DeclarationSheet({
  schema,
  data,
  dossier,
}: {
  schema: JsonSchema;
  data: Record<string, unknown>;
  dossier: AnswersDossier | undefined;
}) {
  const { dt } = useDeclarationI18n();
  const spec = declarationOf(schema)!;
  const requester = requesterOf(schema, data);
  const pdf = dossier?.files.find((file) =>
    file.fileName.startsWith(`to-khai-${spec.component.toLowerCase()}-`),
  );
  const blocks = declarationBlocks(schema, data);
  return (
    <div>
      {dossier ? (
        <Descriptions
          column={1}
          size="small"
          bordered
          title={dt("roles")}
          style={{ marginBottom: 16 }}
          items={[
            {
              key: "submitter",
              label: dt("submitter"),
              children: personLine(dossier.applicant.name, dossier.applicant.idNumber, dt("idNumber")),
            },
            {
              key: "requester",
              label: dt("requester"),
              children: requester
                ? requester.isSubmitter
                  ? `${personLine(requester.name, requester.idNumber, dt("idNumber"))} — ${dt("sameRequester")}`
                  : `${personLine(requester.name, requester.idNumber, dt("idNumber"))}${
                      requester.relation ? ` (${dt("relation")}: ${requester.relation})` : ""
                    }`
                : "—",
            },
          ]}
        />
      ) : null}
      {dossier && pdf ? (
        <p>
          <a href={`/api/dossiers/${dossier.id}/files/${pdf.id}`} download={pdf.fileName}>
            {dt("download")}
          </a>
        </p>
      ) : null}
      <article style={paperStyle} aria-label={spec.title} className="declaration-paper">
        {spec.legalForm ? (
          <p style={{ textAlign: "right", fontStyle: "italic", fontSize: 12, margin: 0 }}>{spec.legalForm}</p>
        ) : null}
        <p style={{ textAlign: "center", fontWeight: 700, margin: "8px 0 0" }}>
          {dt("motto1")}
          <br />
          {dt("motto2")}
        </p>
        <p style={{ textAlign: "center", fontWeight: 700, fontSize: 18, margin: "16px 0 12px" }}>
          {spec.title}
        </p>
        <p>
          <strong>{dt("addressee")}:</strong> {spec.addressee ?? dossier?.agencyName ?? dt("emptyLine")}
        </p>
        {blocks.map((block, index) => {
          // The blocks are the form's fixed layout: their order never changes between renders.
          const key = `${block.kind}-${index}`;
          const indent = { marginLeft: block.depth * 16 };
          switch (block.kind) {
            case "section":
              return (
                <p key={key} style={{ ...indent, fontWeight: 700, margin: "12px 0 4px" }}>
                  {block.title}
                </p>
              );
            case "field":
              return (
                <p key={key} style={{ ...indent, margin: "2px 0" }}>
                  {block.label}: <strong>{block.value || dt("emptyLine")}</strong>
                </p>
              );
            case "table":
              return (
                <div key={key} style={{ ...indent, margin: "8px 0" }}>
                  <p style={{ fontWeight: 700, margin: "4px 0" }}>{block.title}:</p>
                  <Table
                    size="small"
                    bordered
                    pagination={false}
                    scroll={{ x: true }}
                    rowKey={(row) => String(row[0])}
                    dataSource={block.rows.map((row, rowIndex) => [String(rowIndex + 1), ...row])}
                    columns={["STT", ...block.columns].map((title, column) => ({
                      key: String(column),
                      title,
                      render: (_: unknown, row: string[]) => row[column],
                    }))}
                  />
                </div>
              );
          }
          return null;
        })}
        {spec.commitment ? <p style={{ marginTop: 12, textAlign: "justify" }}>{spec.commitment}</p> : null}
        <div style={{ marginLeft: "50%", textAlign: "center", marginTop: 16 }}>
          <p style={{ fontWeight: 700, margin: 0 }}>{spec.signer}</p>
          <p style={{ fontStyle: "italic", margin: 0 }}>{dt("sign")}</p>
          <p style={{ fontStyle: "italic", fontSize: 12, margin: "8px 0" }}>{dt("signedOnline")}</p>
          <p style={{ fontWeight: 700 }}>{requester?.name ?? dossier?.applicant.name ?? ""}</p>
        </div>
      </article>
    </div>
  );
}

function personLine(name: string | null, idNumber: string | null, idLabel: string): string {
  return [name ?? "—", idNumber ? `${idLabel} ${idNumber}` : null].filter(Boolean).join(", ");
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
