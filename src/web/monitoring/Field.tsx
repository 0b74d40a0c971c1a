import { type ReactNode, useId } from "react";

/** A labelled control: the label names the control by id (AntD inputs and selects take the id). */
export function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}
