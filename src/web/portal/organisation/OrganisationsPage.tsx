import { useQueryClient } from "@tanstack/react-query";
import { Alert, App as AntApp, Button, Tag } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { ErrorAlert, Loading, RequireSession } from "../../app/ui.tsx";
import { usePageTitle } from "../../i18n/i18n.tsx";
import { chooseActingFor, type MyOrganisations, useMyOrganisations } from "./organisationApi.ts";
import { civilDate, useOrganisationI18n } from "./organisationI18n.ts";

/** "Tổ chức của tôi" (issue #14, R-ACC-1): the organisations the person represents or is authorised by. */
export default function OrganisationsPage() {
  const { ot } = useOrganisationI18n();
  usePageTitle(ot("org.title"));
  return <RequireSession>{() => <Organisations />}</RequireSession>;
}

function Organisations() {
  const { ot } = useOrganisationI18n();
  const query = useMyOrganisations();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const data: MyOrganisations = query.data;

  const choose = async (organisationId: string | null, name: string | null) => {
    setBusy(true);
    setError(null);
    try {
      await chooseActingFor(organisationId);
      // Every list and dossier now reads as the chosen party.
      await queryClient.invalidateQueries();
      message.success(name ? ot("org.switched", { name }) : ot("org.switchedSelf"));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{ot("org.title")}</h1>
      <p>{ot("org.intro")}</p>
      {error ? <ErrorAlert error={error} /> : null}
      {!data.verified ? <Alert type="info" showIcon title={ot("org.needVneid")} /> : null}
      {data.verified && data.items.length === 0 ? <p>{ot("org.empty")}</p> : null}
      {data.actingFor ? (
        <p>
          <Button onClick={() => void choose(null, null)} disabled={busy}>
            {ot("org.actForSelf")}
          </Button>
        </p>
      ) : null}
      <ul className="plain-list org-list">
        {data.items.map((item) => {
          const acting = data.actingFor?.organisationId === item.organisationId && item.usable;
          return (
            <li key={`${item.organisationId}:${item.mandate?.id ?? "rep"}`} className="section">
              <h2>{item.name}</h2>
              <p>{ot("org.taxCode", { code: item.taxCode })}</p>
              {item.address ? <p>{ot("org.address", { address: item.address })}</p> : null}
              <p>
                {item.role === "representative" || !item.mandate
                  ? ot("org.role.representative")
                  : ot("org.role.authorised", {
                      from: civilDate(item.mandate.validFrom),
                      until: civilDate(item.mandate.validUntil),
                    })}
                {item.mandate ? (
                  <>
                    {" "}
                    <Tag>{ot(`org.state.${item.mandate.state}`)}</Tag>
                  </>
                ) : null}
              </p>
              {item.mandate ? (
                <p>
                  {item.mandate.scope.kind === "all"
                    ? ot("org.scope.all")
                    : ot("org.scope.some", { codes: item.mandate.scope.procedureCodes.join(", ") })}
                </p>
              ) : null}
              <p className="org-actions">
                {acting ? (
                  <strong>{ot("org.actingNow")}</strong>
                ) : item.usable ? (
                  <Button
                    type="primary"
                    disabled={busy}
                    onClick={() => void choose(item.organisationId, item.name)}
                  >
                    {ot("org.actFor")}
                  </Button>
                ) : null}{" "}
                {item.role === "representative" ? (
                  <Link to={`/to-chuc-cua-toi/${item.organisationId}/uy-quyen`}>{ot("org.manage")}</Link>
                ) : null}
              </p>
            </li>
          );
        })}
      </ul>
    </>
  );
}
