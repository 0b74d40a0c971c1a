import { describe, expect, it } from "vitest";
import type { Role, Session } from "../../../src/web/api/types.ts";
import { homeOf } from "../../../src/web/app/homeOf.ts";

const session = (kind: Session["actor"]["kind"], roles: Role[]) => ({
  actor: { userId: "u", username: "u", kind, fullName: "U", grants: [] },
  roles,
});

/** Issue #19 "Landing": each role on its own home after login, never on a page it cannot open. */
describe("homeOf", () => {
  it("citizens and organisations land on the portal whatever they hold", () => {
    expect(homeOf(session("citizen", ["citizen"]))).toBe("/");
    expect(homeOf(session("organisation", ["organisation_representative"]))).toBe("/");
  });

  it("officers who handle dossiers land on their inbox, also when they administer too", () => {
    for (const role of ["counter_officer", "specialist", "unit_head", "agency_leader"] as const) {
      expect(homeOf(session("officer", [role]))).toBe("/van-phong");
      expect(homeOf(session("officer", ["agency_admin", role]))).toBe("/van-phong");
    }
  });

  it("the monitor lands on the dashboard, administrators on the console", () => {
    expect(homeOf(session("officer", ["service_center_monitor"]))).toBe("/giam-sat");
    expect(homeOf(session("officer", ["agency_admin"]))).toBe("/quan-tri");
    expect(homeOf(session("officer", ["system_admin"]))).toBe("/quan-tri");
    expect(homeOf(session("officer", ["service_center_monitor", "system_admin"]))).toBe("/giam-sat");
  });

  it("public postal staff land on their own pages, officers who also hold the role on their inbox (issue #18)", () => {
    expect(homeOf(session("officer", ["postal_staff"]))).toBe("/buu-dien");
    expect(homeOf(session("officer", ["postal_staff", "counter_officer"]))).toBe("/van-phong");
  });

  it("an officer with no role yet lands on the portal, not on a refusal", () => {
    expect(homeOf(session("officer", []))).toBe("/");
  });
});
