import { useQuery } from "@tanstack/react-query";
import { request } from "../../api/client.ts";

/** GET /api/citizen/organisations (issue #14). */
export type MandateScope = { kind: "all" } | { kind: "procedures"; procedureCodes: string[] };
export type MandateState = "not_yet_valid" | "active" | "expired" | "revoked";

export interface MyOrganisations {
  verified: boolean;
  actingFor: { organisationId: string; name: string; usable: boolean } | null;
  items: {
    organisationId: string;
    taxCode: string;
    name: string;
    address: string | null;
    role: "representative" | "authorised";
    mandate: {
      id: string;
      validFrom: string;
      validUntil: string;
      scope: MandateScope;
      state: MandateState;
    } | null;
    usable: boolean;
  }[];
}

export interface Mandate {
  id: string;
  holderIdNumber: string;
  holderName: string;
  validFrom: string;
  validUntil: string;
  scope: MandateScope;
  grantedAt: string;
  grantedBy: string;
  revokedAt: string | null;
  state: MandateState;
}

export const myOrganisationsKey = ["my-organisations"] as const;

export function useMyOrganisations(enabled = true) {
  return useQuery({
    queryKey: myOrganisationsKey,
    queryFn: () => request<MyOrganisations>("GET", "/api/citizen/organisations"),
    enabled,
    staleTime: 30_000,
  });
}

export function chooseActingFor(organisationId: string | null) {
  return request<{ actingFor: { organisationId: string; name: string } | null }>(
    "PUT",
    "/api/citizen/organisations/acting-for",
    { body: { organisationId } },
  );
}
