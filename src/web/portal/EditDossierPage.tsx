import type RjsfForm from "@rjsf/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button } from "antd";
import { useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { uiLayoutOf } from "../../domain/eform/declaration.ts";
import { api } from "../api/client.ts";
import type { Dossier, Procedure } from "../api/types.ts";
import { ErrorAlert, Loading, RequireSession } from "../app/ui.tsx";
import { useI18n, usePageTitle } from "../i18n/i18n.tsx";
import { useDossier } from "./dossierQuery.ts";
import { eFormSchema, eFormUi } from "./eform.ts";
import { EForm } from "./wizard/EForm.tsx";

/**
 * The applicant changes the declaration of a dossier not accepted yet (R-SUB-3, issue #19 "Citizens' dossiers"): the
 * same e-form as at submission, filled with what was sent. The server checks the status and the version again, so a
 * dossier accepted meanwhile is refused with its reason and nothing changes.
 */
export default function EditDossierPage() {
  const { t } = useI18n();
  usePageTitle(t("dossier.edit"));
  return <RequireSession>{() => <EditDossier />}</RequireSession>;
}

function EditDossier() {
  const { id = "" } = useParams();
  const { t } = useI18n();
  const query = useDossier(id);
  const code = query.data?.procedure.code;
  const procedure = useQuery({
    queryKey: ["procedure", code],
    queryFn: () => api.get<Procedure>(`/api/public/procedures/${encodeURIComponent(code ?? "")}`),
    enabled: Boolean(code),
  });
  if (query.isPending || (code && procedure.isPending)) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (procedure.error) return <ErrorAlert error={procedure.error} onRetry={() => void procedure.refetch()} />;
  const dossier = query.data;
  const back = (
    <p>
      <Link to={`/ho-so-cua-toi/${dossier.id}`}>← {t("dossier.title", { code: dossier.code })}</Link>
    </p>
  );
  if (dossier.status !== 1 || !procedure.data)
    return (
      <>
        {back}
        <h1>{t("dossier.edit")}</h1>
        <Alert type="info" showIcon title={t("dossier.editClosed")} />
      </>
    );
  return (
    <>
      {back}
      <h1>{t("dossier.edit")}</h1>
      <p className="lead">{dossier.procedure.name}</p>
      <EditForm dossier={dossier} procedure={procedure.data} />
    </>
  );
}

function EditForm({ dossier, procedure }: { dossier: Dossier; procedure: Procedure }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const formRef = useRef<RjsfForm<Record<string, unknown>>>(null);
  const [formData, setFormData] = useState<Record<string, unknown>>(dossier.formData);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (!(formRef.current?.validateForm() ?? false)) return;
    setBusy(true);
    setError(null);
    try {
      const updated = await api.post<Dossier>(
        `/api/citizen/dossiers/${encodeURIComponent(dossier.id)}/edit`,
        {
          expectedVersion: dossier.version,
          formData,
        },
      );
      queryClient.setQueryData(["dossier", dossier.id], updated);
      void navigate(`/ho-so-cua-toi/${dossier.id}`);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  return (
    <section className="section">
      <EForm
        ref={formRef}
        schema={eFormSchema(t, procedure, dossier.receivingAgency.code)}
        // Issue #19: a published declaration brings its own layout.
        uiSchema={(() => {
          const layout = uiLayoutOf(eFormSchema(t, procedure, dossier.receivingAgency.code));
          return Object.keys(layout).length > 0 ? layout : eFormUi;
        })()}
        formData={formData}
        onChange={setFormData}
        onSubmit={() => void save()}
      />
      {error ? <ErrorAlert error={error} /> : null}
      <div className="actions">
        <Button type="primary" size="large" loading={busy} onClick={() => void save()}>
          {t("dossier.editSave")}
        </Button>
      </div>
    </section>
  );
}
