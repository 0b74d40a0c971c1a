import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Descriptions, Input } from "antd";
import { useId, useState } from "react";
import { api } from "../api/client.ts";
import { ErrorAlert } from "../app/ui.tsx";
import type { OfficeDossier } from "../office/officeApi.ts";
import { useProcedure } from "../office/officeApi.ts";
import { eFormSchema, type JsonSchema } from "../portal/eform.ts";
import type { FieldCheck, Verification } from "./populationApi.ts";
import { usePopulationI18n } from "./populationI18n.ts";
import "./population.css";

/** The title of the field at a dotted path, through groups ("Người mẹ › Họ tên"). */
function titleAt(schema: JsonSchema, path: string): string {
  const titles: string[] = [];
  let node: JsonSchema | undefined = schema;
  for (const name of path.split(".")) {
    node = node?.properties?.[name];
    titles.push(typeof node?.title === "string" ? node.title : name);
  }
  return titles.join(" › ");
}

/**
 * What the officer sees of the population database on a dossier (issue #14): which form values were checked against
 * it at submission and how (verified, differing, not verified when the database was down), and — for officers who
 * handle the agency's dossiers — a field-by-field check of the applicant's identity, with a reason the citizen reads.
 */
export function PopulationChecksPanel({ dossier, canCheck }: { dossier: OfficeDossier; canCheck: boolean }) {
  const { pt, t } = usePopulationI18n();
  const reasonId = useId();
  const { data: procedure } = useProcedure(dossier.procedure.code);
  const checks = useQuery({
    queryKey: ["population-checks", dossier.id],
    queryFn: () =>
      api.get<FieldCheck[]>(`/api/office/dossiers/${encodeURIComponent(dossier.id)}/population-checks`),
  });
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const schema = procedure ? eFormSchema(t, procedure, dossier.receivingAgency.code) : { properties: {} };

  const verify = async () => {
    setBusy(true);
    setError(null);
    try {
      setVerification(
        await api.post<Verification>(
          `/api/office/dossiers/${encodeURIComponent(dossier.id)}/population-verification`,
          { reason },
        ),
      );
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section" aria-labelledby="dossier-population" data-testid="population-checks">
      <h2 id="dossier-population">{pt("pop.checks.title")}</h2>
      {checks.error ? <ErrorAlert error={checks.error} onRetry={() => void checks.refetch()} /> : null}
      {checks.data && checks.data.length === 0 ? <p className="muted">{pt("pop.checks.none")}</p> : null}
      {checks.data && checks.data.length > 0 ? (
        <Descriptions
          column={1}
          size="small"
          items={checks.data.map((check) => ({
            key: check.path,
            label: titleAt(schema, check.path),
            children: (
              <span className={`population-status population-status--${check.status}`}>
                {pt(`pop.status.${check.status}`)}
              </span>
            ),
          }))}
        />
      ) : null}
      {canCheck ? (
        <div className="population-verify">
          <div className="field">
            <label htmlFor={reasonId}>{pt("pop.verify.reason")}</label>
            <Input
              id={reasonId}
              value={reason}
              maxLength={300}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
          <Button onClick={() => void verify()} loading={busy} disabled={reason.trim().length < 5}>
            {pt("pop.verify.button")}
          </Button>
          {error ? <ErrorAlert error={error} /> : null}
          {verification?.status === "unavailable" ? (
            <Alert type="warning" showIcon role="status" title={pt("pop.verify.unavailable")} />
          ) : null}
          {verification?.status === "not_found" ? (
            <Alert type="warning" showIcon role="status" title={pt("pop.verify.notFound")} />
          ) : null}
          <div aria-live="polite">
            {verification?.fields ? (
              <Descriptions
                column={1}
                size="small"
                items={(["idNumber", "fullName", "birthDate"] as const).map((field) => ({
                  key: field,
                  label: pt(`pop.verify.${field}`),
                  children: pt(`pop.verify.${verification.fields![field]}`),
                }))}
              />
            ) : null}
          </div>
        </div>
      ) : null}
    </section>
  );
}
