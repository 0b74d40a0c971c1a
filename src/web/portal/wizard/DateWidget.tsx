import { ariaDescribedByIds, type WidgetProps } from "@rjsf/utils";
import { Input } from "antd";
import { useEffect, useState } from "react";

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const TYPED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const pad = (value: number) => String(value).padStart(2, "0");

/** dd/mm/yyyy of a stored yyyy-mm-dd; anything else as it is. */
export function displayDate(value: unknown): string {
  if (typeof value !== "string") return "";
  const iso = ISO.exec(value);
  return iso ? `${iso[3]}/${iso[2]}/${iso[1]}` : value;
}

/**
 * What a typed date means (issue #19 "Dates"): 15/03/1990, 15-3-1990 or 15.03.1990 (day first, as Vietnamese write
 * it) and yyyy-mm-dd give the calendar date yyyy-mm-dd; an empty field gives undefined; anything else, or a day
 * not in the calendar (30/02), is kept as typed so the form's date check names it.
 */
export function parseTypedDate(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  if (ISO.test(trimmed)) return trimmed;
  const typed = TYPED.exec(trimmed);
  if (!typed) return trimmed;
  const [day, month, year] = [Number(typed[1]), Number(typed[2]), Number(typed[3])];
  const iso = `${year}-${pad(month)}-${pad(day)}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : trimmed;
}

/**
 * The e-forms' date field (every `format: "date"`): a text box the app controls, typed as dd/mm/yyyy whatever the
 * browser's language (a native date input follows the browser's locale and cannot be typed the Vietnamese way).
 * It stores yyyy-mm-dd, the form's date format.
 */
export function DateWidget(props: WidgetProps) {
  const {
    id,
    value,
    required,
    disabled,
    readonly,
    autofocus,
    onChange,
    onBlur,
    onFocus,
    rawErrors,
    options,
  } = props;
  const [text, setText] = useState(displayDate(value));
  // A value set from outside (the population prefill, an edit loaded) replaces what is shown.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the stored value only, not each keystroke
  useEffect(() => {
    if (parseTypedDate(text) !== value) setText(displayDate(value));
  }, [value]);
  const invalid = Array.isArray(rawErrors) && rawErrors.length > 0;
  return (
    <Input
      id={id}
      name={id}
      value={text}
      placeholder={typeof options.placeholder === "string" ? options.placeholder : "dd/mm/yyyy"}
      inputMode="numeric"
      autoComplete={typeof options.autocomplete === "string" ? options.autocomplete : "off"}
      maxLength={10}
      required={required}
      disabled={disabled}
      readOnly={readonly}
      autoFocus={autofocus}
      aria-invalid={invalid || undefined}
      aria-describedby={ariaDescribedByIds(id)}
      status={invalid ? "error" : undefined}
      onChange={(event) => {
        setText(event.target.value);
        onChange(parseTypedDate(event.target.value));
      }}
      onBlur={() => {
        const parsed = parseTypedDate(text);
        if (parsed && ISO.test(parsed)) setText(displayDate(parsed));
        onBlur(id, parsed);
      }}
      onFocus={() => onFocus(id, value)}
    />
  );
}
