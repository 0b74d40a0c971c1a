import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client.ts";
import type { Dossier } from "../api/types.ts";

export function useDossier(id: string) {
  return useQuery({
    queryKey: ["dossier", id],
    queryFn: () => api.get<Dossier>(`/api/citizen/dossiers/${encodeURIComponent(id)}`),
  });
}
