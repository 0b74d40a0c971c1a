import { useQuery } from "@tanstack/react-query";
import { Alert } from "antd";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import {
  isPopulationSource,
  prefill,
  type RegisteredPerson,
  setAt,
  sourcedFields,
  valueAt,
} from "../../domain/eform/fieldSources.ts";
import { api } from "../api/client.ts";
import type { PrefillAnswer } from "./populationApi.ts";
import { usePopulationI18n } from "./populationI18n.ts";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The uiSchema with one more hint at a dotted path (groups nest their fields' hints). */
function withHelp(ui: Json, path: string, help: string): Json {
  const [head, ...rest] = path.split(".");
  const child = isObject(ui[head!]) ? (ui[head!] as Json) : {};
  return {
    ...ui,
    [head!]: rest.length === 0 ? { ...child, "ui:help": help } : withHelp(child, rest.join("."), help),
  };
}

/**
 * The wizard's prefill from the national population database (issue #14, R-SUB-1: not asked twice): once an agency
 * is chosen, the e-form's sourced fields are filled for the signed-in person and marked verified; a value the person
 * changes loses its mark (the server checks it at submission). The database unavailable never blocks: the fields
 * stay editable and are marked not verified.
 */
export function usePopulationPrefill(input: {
  procedureCode: string;
  agencyCode: string;
  schema: Json;
  formData: Json;
  setFormData: (next: Json) => void;
}): { uiSchema: (base: Json) => Json; notice: ReactNode } {
  const { pt } = usePopulationI18n();
  const { procedureCode, agencyCode, schema, formData, setFormData } = input;
  const query = useQuery({
    queryKey: ["population-prefill", procedureCode, agencyCode],
    queryFn: () =>
      api.get<PrefillAnswer>(
        `/api/citizen/population/prefill?procedureCode=${encodeURIComponent(procedureCode)}&agencyCode=${encodeURIComponent(agencyCode)}`,
      ),
    enabled: agencyCode !== "",
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  // What was filled, per offering: filled once, so the person's own edits are never overwritten.
  const [applied, setApplied] = useState<{ key: string; values: Json } | null>(null);
  const key = `${procedureCode}|${agencyCode}`;
  const answer = query.data;
  // biome-ignore lint/correctness/useExhaustiveDependencies: fill once per offering answer, not on every keystroke
  useEffect(() => {
    if (!answer || applied?.key === key) return;
    const person = answer.status === "answered" ? (answer.person as RegisteredPerson) : null;
    // What the sources give; a field the person already filled keeps their value (never overwritten).
    const given = prefill(schema, person, answer.account);
    const next: Json = structuredClone(formData);
    for (const field of given.filled) {
      const current = valueAt(next, field.path);
      if (current === undefined || current === "") setAt(next, field.path, valueAt(given.values, field.path));
    }
    setFormData(next);
    setApplied({
      key,
      values: Object.fromEntries(
        given.filled
          .filter((field) => isPopulationSource(field.source))
          .map((field) => [field.path, valueAt(given.values, field.path)]),
      ),
    });
  }, [answer, key]);

  const status = query.error ? "unavailable" : answer?.status;
  const marks = useMemo(() => {
    const hints: [string, string][] = [];
    if (!status || status === "not_needed" || status === "no_identity") return hints;
    for (const field of sourcedFields(schema)) {
      if (!isPopulationSource(field.source)) continue;
      const prefilled = applied?.key === key ? applied.values[field.path] : undefined;
      if (status !== "answered" || prefilled === undefined)
        hints.push([field.path, pt("pop.mark.unverified")]);
      else if (JSON.stringify(valueAt(formData, field.path)) === JSON.stringify(prefilled))
        hints.push([field.path, pt("pop.mark.verified")]);
      else hints.push([field.path, pt("pop.mark.changed")]);
    }
    return hints;
  }, [status, schema, applied, key, formData, pt]);

  const notice =
    status === "answered" ? (
      <Alert type="success" showIcon title={pt("pop.prefill.answered")} style={{ marginBottom: 16 }} />
    ) : status === "unavailable" ? (
      <Alert type="warning" showIcon title={pt("pop.prefill.unavailable")} style={{ marginBottom: 16 }} />
    ) : status === "not_found" ? (
      <Alert type="warning" showIcon title={pt("pop.prefill.notFound")} style={{ marginBottom: 16 }} />
    ) : null;
  return {
    uiSchema: (base) => marks.reduce((ui, [path, help]) => withHelp(ui, path, help), base),
    notice,
  };
}
