import { useQuery } from "@tanstack/react-query";
import { Alert, Tag } from "antd";
import { Link } from "react-router";
import { api } from "../api/client.ts";
import { ErrorAlert, Loading } from "../app/ui.tsx";
import { usePageTitle } from "../i18n/i18n.tsx";
import { type ServiceStatus, serviceStatusKey } from "./supportApi.ts";
import { localTime, useSupportI18n } from "./supportI18n.ts";
import "./support.css";

/** The public status page ("Trạng thái hệ thống"): planned maintenance and incidents, current and recent. */
export default function StatusPage() {
  const { st } = useSupportI18n();
  usePageTitle(st("status.title"));
  const query = useQuery({
    queryKey: serviceStatusKey,
    queryFn: () => api.get<ServiceStatus>("/api/public/service-status"),
    refetchInterval: 60_000,
  });
  return (
    <>
      <h1>{st("status.title")}</h1>
      <p className="lead">{st("status.lead")}</p>
      {query.isPending ? <Loading /> : null}
      {query.error ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data ? (
        <>
          {query.data.bannerMaintenance.length === 0 && query.data.openIncidents.length === 0 ? (
            <Alert type="success" showIcon message={st("status.allGood")} />
          ) : null}
          <p>
            <Link to="/tra-cuu">{st("status.lookupLink")}</Link>
          </p>
          <section className="section" aria-labelledby="status-maintenance">
            <h2 id="status-maintenance">{st("status.maintenance")}</h2>
            {query.data.maintenance.length === 0 ? <p>{st("status.none")}</p> : null}
            <ul className="status-list">
              {query.data.maintenance.map((window) => (
                <li key={window.id}>
                  <h3>
                    {window.title} <Tag>{st(`phase.${window.phase}`)}</Tag>
                  </h3>
                  <p>
                    {st("window.range", { from: localTime(window.startsAt), to: localTime(window.endsAt) })}
                  </p>
                  <p>{window.message}</p>
                </li>
              ))}
            </ul>
          </section>
          <section className="section" aria-labelledby="status-incidents">
            <h2 id="status-incidents">{st("status.incidents")}</h2>
            {query.data.incidents.length === 0 ? <p>{st("status.none")}</p> : null}
            <ul className="status-list">
              {query.data.incidents.map((incident) => (
                <li key={incident.id}>
                  <h3>
                    {incident.title}{" "}
                    <Tag>{st(incident.resolvedAt ? "incident.resolved" : "incident.open")}</Tag>
                  </h3>
                  <p>{st("incident.started", { at: localTime(incident.startedAt) })}</p>
                  {incident.response ? <p>{st("incident.response", { text: incident.response })}</p> : null}
                  {incident.estimatedFixAt && !incident.resolvedAt ? (
                    <p>{st("incident.estimate", { at: localTime(incident.estimatedFixAt) })}</p>
                  ) : null}
                  {incident.resolution ? (
                    <p>{st("incident.resolution", { text: incident.resolution })}</p>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        </>
      ) : null}
    </>
  );
}
