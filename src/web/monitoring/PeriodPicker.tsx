import { Button, Input, Select } from "antd";
import { useState } from "react";
import { Field } from "./Field.tsx";
import type { PeriodKind, PeriodSelection } from "./monitoringApi.ts";
import { useMonitoringI18n } from "./monitoringI18n.ts";

const KINDS: PeriodKind[] = ["day", "week", "month", "quarter", "year", "custom"];

/** The period of the figures: a kind containing a date, or a custom range (both dates included). */
export function PeriodPicker({
  value,
  onChange,
}: {
  value: PeriodSelection;
  onChange: (next: PeriodSelection) => void;
}) {
  const { mt } = useMonitoringI18n();
  const [draft, setDraft] = useState<PeriodSelection>(value);
  const custom = draft.kind === "custom";
  return (
    <form
      className="period-picker"
      onSubmit={(event) => {
        event.preventDefault();
        onChange(draft);
      }}
    >
      <Field label={mt("period.kind")}>
        {(id) => (
          <Select
            id={id}
            value={draft.kind}
            style={{ minWidth: 140 }}
            options={KINDS.map((kind) => ({ value: kind, label: mt(`period.${kind}`) }))}
            onChange={(kind: PeriodKind) => setDraft({ ...draft, kind })}
          />
        )}
      </Field>
      {custom ? (
        <>
          <Field label={mt("period.from")}>
            {(id) => (
              <Input
                id={id}
                type="date"
                value={draft.from ?? ""}
                onChange={(e) => setDraft({ ...draft, from: e.target.value })}
              />
            )}
          </Field>
          <Field label={mt("period.to")}>
            {(id) => (
              <Input
                id={id}
                type="date"
                value={draft.to ?? ""}
                onChange={(e) => setDraft({ ...draft, to: e.target.value })}
              />
            )}
          </Field>
        </>
      ) : (
        <Field label={mt("period.day")}>
          {(id) => (
            <Input
              id={id}
              type="date"
              value={draft.date ?? ""}
              onChange={(e) => setDraft({ ...draft, date: e.target.value })}
            />
          )}
        </Field>
      )}
      <Button htmlType="submit" type="primary">
        {mt("period.apply")}
      </Button>
    </form>
  );
}
