import { useQuery } from "@tanstack/react-query";
import { ApiError, api, setCsrfToken } from "./client.ts";
import type { AgencyNode, PortalSettings, Sector, Session } from "./types.ts";

export const sessionKey = ["session"] as const;

/** The current session, or null when nobody is logged in. */
export async function fetchSession(): Promise<Session | null> {
  const state = await api.get<{ signedIn: boolean }>("/api/public/session-state");
  if (!state.signedIn) {
    setCsrfToken(null);
    return null;
  }
  try {
    const session = await api.get<Session>("/api/auth/session", { quiet401: true });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 60_000 });
}

export function useSettings() {
  return useQuery({
    queryKey: ["settings"],
    queryFn: () => api.get<PortalSettings>("/api/public/settings"),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useSectors() {
  return useQuery({
    queryKey: ["sectors"],
    queryFn: () => api.get<Sector[]>("/api/public/sectors"),
    staleTime: 10 * 60_000,
  });
}

export function useAgencies() {
  return useQuery({
    queryKey: ["agencies"],
    queryFn: () => api.get<AgencyNode[]>("/api/public/agencies"),
    staleTime: 10 * 60_000,
  });
}

export function isApplicant(session: Session | null | undefined): boolean {
  return session?.actor.kind === "citizen" || session?.actor.kind === "organisation";
}
