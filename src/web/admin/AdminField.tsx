import { type ReactNode, useId } from "react";

/** A labelled control: the label points at the control by id (Ant Design controls take the id on their input). */
export function AdminField({
  label,
  help,
  inline = false,
  children,
}: {
  label: ReactNode;
  help?: ReactNode;
  inline?: boolean;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className={inline ? "admin-row" : "admin-field"}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {help ? <small>{help}</small> : null}
    </div>
  );
}
