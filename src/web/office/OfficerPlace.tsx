import { useQueries } from "@tanstack/react-query";
import { api } from "../api/client.ts";
import type { Session } from "../api/types.ts";

interface AgencyCard {
  code: string;
  name: string;
  units: { code: string; name: string }[];
}

/**
 * Where the officer works (issue #19 "The officer's context"): the agency and unit of each of their grants, by name,
 * read from the public agency directory, so the office never shows bare codes.
 */
export function OfficerPlace({ session }: { session: Session }) {
  const places = [
    ...new Map(
      session.actor.grants
        .filter((grant) => grant.agencyCode !== null)
        .map((grant) => [`${grant.agencyCode}|${grant.unitCode ?? ""}`, grant]),
    ).values(),
  ];
  const agencyCodes = [...new Set(places.map((grant) => grant.agencyCode!))];
  const agencies = useQueries({
    queries: agencyCodes.map((code) => ({
      queryKey: ["public-agency", code],
      queryFn: () => api.get<AgencyCard>(`/api/public/agencies/${encodeURIComponent(code)}`),
      staleTime: 10 * 60_000,
    })),
  });
  const byCode = new Map(agencies.flatMap((query) => (query.data ? [[query.data.code, query.data]] : [])));
  const lines = [
    ...new Set(
      places.flatMap((grant) => {
        const agency = byCode.get(grant.agencyCode!);
        if (!agency) return [];
        const unit = grant.unitCode
          ? agency.units.find((candidate) => candidate.code === grant.unitCode)
          : undefined;
        return [unit ? `${unit.name} – ${agency.name}` : agency.name];
      }),
    ),
  ];
  if (lines.length === 0) return null;
  return (
    <span className="office-menu__place" data-testid="officer-place">
      {lines.join("; ")}
    </span>
  );
}
