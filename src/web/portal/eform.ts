import { COMMON_DECLARATION_SOURCES } from "../../domain/eform/commonDeclarationSources.ts";
import { SOURCE_KEYWORD } from "../../domain/eform/fieldSources.ts";
import type { Procedure } from "../api/types.ts";
import type { Translate } from "../i18n/i18n.tsx";

export type JsonSchema = Record<string, unknown> & {
  title?: string;
  type?: string;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  format?: string;
  description?: string;
};

/**
 * The e-form of a procedure at an agency: the JSON Schema the catalog publishes for it (offering, then procedure)
 * or, when none is published yet, the common declaration every procedure asks for (R-SUB-1): who asks, how to
 * reach them, and what they ask for. Titles are in the reader's language.
 */
export function eFormSchema(t: Translate, procedure: Procedure, agencyCode: string | undefined): JsonSchema {
  const offering = procedure.offerings.find((o) => o.agency.code === agencyCode);
  const published = offering?.formSchema ?? procedure.formSchema;
  if (published && typeof published === "object") return published as JsonSchema;
  const business = procedure.subjectKinds.includes("business") && !procedure.subjectKinds.includes("citizen");
  const properties: Record<string, JsonSchema> = {
    ...(business
      ? {
          organisationName: {
            type: "string",
            title: t("form.organisationName"),
            minLength: 1,
            maxLength: 300,
          },
          taxCode: { type: "string", title: t("form.taxCode"), pattern: "^[0-9]{10}(-[0-9]{3})?$" },
        }
      : {}),
    fullName: { type: "string", title: t("form.declarantName"), minLength: 1, maxLength: 200 },
    idNumber: {
      type: "string",
      title: t("form.idNumber"),
      description: t("form.idNumberHelp"),
      pattern: "^[0-9]{12}$",
    },
    birthDate: { type: "string", format: "date", title: t("form.birthDate") },
    phone: { type: "string", title: t("form.phone"), pattern: "^\\+?[0-9 .-]{9,15}$" },
    email: { type: "string", format: "email", title: t("form.email"), maxLength: 254 },
    address: { type: "string", title: t("form.address"), minLength: 1, maxLength: 300 },
    request: {
      type: "string",
      title: t("form.request"),
      description: t("form.requestHelp"),
      minLength: 1,
      maxLength: 500,
    },
  };
  // Issue #14 (R-SUB-1): the requester's identity and residence come from the population database, contacts from the account.
  for (const [name, source] of Object.entries(COMMON_DECLARATION_SOURCES))
    if (properties[name]) properties[name] = { ...properties[name], [SOURCE_KEYWORD]: source };
  return {
    type: "object",
    title: t("form.declarationTitle", { name: procedure.name }),
    required: [
      ...(business ? ["organisationName", "taxCode"] : []),
      "fullName",
      "idNumber",
      "phone",
      "address",
      "request",
    ],
    properties,
  };
}

/** The UI hints of the generated declaration (a text area for the request, autocomplete for personal data). */
export const eFormUi: Record<string, unknown> = {
  "ui:order": [
    "organisationName",
    "taxCode",
    "fullName",
    "idNumber",
    "birthDate",
    "phone",
    "email",
    "address",
    "request",
    "*",
  ],
  fullName: { "ui:autocomplete": "name" },
  phone: { "ui:autocomplete": "tel", "ui:options": { inputType: "tel" } },
  email: { "ui:autocomplete": "email" },
  address: { "ui:autocomplete": "street-address" },
  request: { "ui:widget": "textarea", "ui:options": { rows: 3 } },
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A printable blank of a form (HTML): its name, the procedure, and the declaration's fields as lines to fill in. */
export function printableForm(t: Translate, procedure: Procedure, formName: string, lang: string): string {
  const schema = eFormSchema(t, procedure, undefined);
  const rows = Object.values(schema.properties ?? {})
    .map((field) => `<p>${escapeHtml(String(field.title ?? ""))}: <span class="line"></span></p>`)
    .join("\n");
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(formName)}</title>
<style>body{font-family:"Times New Roman",serif;max-width:720px;margin:40px auto;line-height:2}h1{text-align:center;font-size:18px}
.national{text-align:center;font-weight:bold}.line{display:inline-block;border-bottom:1px dotted #000;min-width:60%}</style></head>
<body><p class="national">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</p>
<h1>${escapeHtml(formName.toUpperCase())}</h1>
<p><em>${escapeHtml(procedure.name)} (${escapeHtml(procedure.code)})</em></p>
${rows}
<p>${escapeHtml(t("form.commitment"))}.</p>
<p style="text-align:right">……, ngày …… tháng …… năm ……<br><strong>Người yêu cầu</strong><br>(Ký, ghi rõ họ tên)</p>
</body></html>`;
}

export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
