import { describe, expect, it } from "vitest";
import type { Actor } from "../../../src/services/accounts/actor.ts";
import { assertCanSee } from "../../../src/services/dossiers/dossierAccess.ts";
import type { DossierRow } from "../../../src/services/dossiers/dossierStore.ts";

/**
 * Issue #20 "Monitor reads dossier files": the office refuses the service-center monitor a dossier, so everything
 * under it (files, results, notification log — all checked with assertCanSee) is refused too.
 */
const agencyId = "00000000-0000-4000-8000-000000000001";
const row = {
  agency_id: agencyId,
  deciding_agency_id: agencyId,
  owner_user_id: "someone",
} as unknown as DossierRow;
const actorWith = (role: Actor["grants"][number]["role"]): Actor => ({
  userId: "u",
  username: "u",
  kind: "officer",
  fullName: "Cán bộ",
  grants: [{ role, agencyId, agencyCode: "X", unitId: null, unitCode: null }],
});

describe("assertCanSee and the service-center monitor", () => {
  it("a monitor of the dossier's own agency is told the dossier does not exist", () => {
    expect(() => assertCanSee(actorWith("service_center_monitor"), row)).toThrow();
  });

  it("issue #20: the agency's administrator, refused the dossier by the office, is told it does not exist", () => {
    expect(() => assertCanSee(actorWith("agency_admin"), row)).toThrow();
  });

  it("the agency's officers still see it", () => {
    for (const role of ["counter_officer", "specialist", "unit_head", "agency_leader"] as const)
      expect(() => assertCanSee(actorWith(role), row), role).not.toThrow();
  });
});
