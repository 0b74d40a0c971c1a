import { useQuery } from "@tanstack/react-query";
import { Alert } from "antd";
import { Link } from "react-router";
import { api } from "../api/client.ts";
import { type ServiceStatus, serviceStatusKey } from "./supportApi.ts";
import { localTime, useSupportI18n } from "./supportI18n.ts";
import "./support.css";

/**
 * The banner on every page of the portal and the office: planned maintenance from its announcement until it ends, the
 * explanation while it runs (lookup keeps working), and incidents being fixed. Nothing shows when all is well.
 */
export function ServiceBanner() {
  const { st } = useSupportI18n();
  const { data } = useQuery({
    queryKey: serviceStatusKey,
    queryFn: () => api.get<ServiceStatus>("/api/public/service-status"),
    refetchInterval: 60_000,
    staleTime: 30_000,
  });
  if (!data || (data.bannerMaintenance.length === 0 && data.openIncidents.length === 0)) return null;
  return (
    <section className="service-banner" aria-label={st("banner.region")}>
      {data.bannerMaintenance.map((window) => (
        <Alert
          key={window.id}
          type={window.phase === "active" ? "error" : "warning"}
          showIcon
          message={
            <span data-testid="maintenance-banner">
              {window.phase === "active"
                ? st("banner.active", { title: window.title, to: localTime(window.endsAt) })
                : st("banner.upcoming", {
                    title: window.title,
                    from: localTime(window.startsAt),
                    to: localTime(window.endsAt),
                  })}{" "}
              <Link to="/trang-thai-he-thong">{st("banner.more")}</Link>
            </span>
          }
        />
      ))}
      {data.openIncidents.map((incident) => (
        <Alert
          key={incident.id}
          type="error"
          showIcon
          message={
            <span>
              {st("banner.incident", { title: incident.title })}{" "}
              <Link to="/trang-thai-he-thong">{st("banner.more")}</Link>
            </span>
          }
        />
      ))}
    </section>
  );
}
