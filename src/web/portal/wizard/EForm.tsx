import { generateForm } from "@rjsf/antd";
import type CoreForm from "@rjsf/core";
import type { RJSFSchema, RJSFValidationError, UiSchema } from "@rjsf/utils";
import { forwardRef, type Ref } from "react";
import { type Translate, useI18n } from "../../i18n/i18n.tsx";
import type { JsonSchema } from "../eform.ts";
import { DateWidget } from "./DateWidget.tsx";
import { formValidator } from "./formValidator.ts";

const Form = generateForm<Record<string, unknown>>();

/** ajv's messages in the reader's language, naming the field by its title ("Vui lòng nhập Nơi cư trú"). */
export function localizeErrors(t: Translate, schema: JsonSchema) {
  return (errors: RJSFValidationError[]): RJSFValidationError[] =>
    errors.map((error) => {
      const params = (error.params ?? {}) as Record<string, unknown>;
      const key =
        error.name === "required"
          ? String(params.missingProperty ?? "")
          : (error.property ?? "").replace(/^\./, "");
      const field = String(schema.properties?.[key]?.title ?? error.title ?? key);
      const limit = String(params.limit ?? "");
      let message: string;
      switch (error.name) {
        case "required":
          message = t("form.error.required", { field: field.toLowerCase() });
          break;
        case "minLength":
          message =
            Number(params.limit) === 1
              ? t("form.error.required", { field: field.toLowerCase() })
              : t("form.error.minLength", { field, limit });
          break;
        case "maxLength":
          message = t("form.error.maxLength", { field, limit });
          break;
        case "pattern":
          message = t("form.error.pattern", { field });
          break;
        case "format":
          message = params.format === "email" ? t("form.error.format.email") : t("form.error.format.date");
          break;
        case "const":
          message = t("form.error.const", { field });
          break;
        case "enum":
          message = t("form.error.enum", { field });
          break;
        case "type":
          message = t("form.error.type", { field });
          break;
        case "minimum":
          message = t("form.error.minimum", { field, limit });
          break;
        case "maximum":
          message = t("form.error.maximum", { field, limit });
          break;
        default:
          message = t("form.error.other", { field });
      }
      return { ...error, message, stack: message };
    });
}

interface EFormProps {
  schema: JsonSchema;
  uiSchema: UiSchema;
  formData: Record<string, unknown>;
  onChange: (data: Record<string, unknown>) => void;
  onSubmit: (data: Record<string, unknown>) => void;
}

/** The e-form generated from the procedure's JSON Schema (@rjsf with the Ant Design theme), validated without eval. */
export const EForm = forwardRef(function EForm(
  { schema, uiSchema, formData, onChange, onSubmit }: EFormProps,
  ref: Ref<CoreForm<Record<string, unknown>>>,
) {
  const { t } = useI18n();
  return (
    <Form
      ref={ref}
      schema={schema as RJSFSchema}
      uiSchema={{ ...uiSchema, "ui:submitButtonOptions": { norender: true } }}
      formData={formData}
      // Issue #19 "Dates": every date field typed as dd/mm/yyyy, whatever the browser's language.
      widgets={{ DateWidget }}
      validator={formValidator}
      onError={() => undefined}
      transformErrors={localizeErrors(t, schema)}
      showErrorList={false}
      noHtml5Validate
      focusOnFirstError
      onChange={(event) => onChange((event.formData ?? {}) as Record<string, unknown>)}
      onSubmit={(event) => onSubmit((event.formData ?? {}) as Record<string, unknown>)}
    />
  );
});
