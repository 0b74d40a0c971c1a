import { describe, expect, it } from "vitest";
import type { Actor, Grant } from "../../../src/services/accounts/actor.ts";
import {
  adminScopeOf,
  inScope,
  requireInScope,
  requireSystemAdmin,
} from "../../../src/services/admin/adminScope.ts";
import { ForbiddenError, NotFoundError } from "../../../src/services/errors.ts";

const grant = (role: Grant["role"], agencyId: string | null): Grant => ({
  role,
  agencyId,
  agencyCode: agencyId,
  unitId: null,
  unitCode: null,
});
const actor = (...grants: Grant[]): Actor => ({
  userId: "u",
  username: "u",
  kind: "officer",
  fullName: "U",
  grants,
});
const what = { vi: "Không tìm thấy", en: "Not found" };

describe("adminScopeOf (R-ACC-2)", () => {
  it("gives the system administrator everything", () => {
    const scope = adminScopeOf(actor(grant("system_admin", null)));
    expect(scope).toEqual({ all: true });
    expect(inScope(scope, "any")).toBe(true);
    expect(() => requireSystemAdmin(scope)).not.toThrow();
  });

  it("gives an agency administrator the agencies of that role only, not those of other roles", () => {
    const scope = adminScopeOf(
      actor(grant("agency_admin", "A"), grant("agency_admin", "B"), grant("specialist", "C")),
    );
    expect(scope).toEqual({ all: false, agencyIds: ["A", "B"] });
    expect(inScope(scope, "A")).toBe(true);
    expect(inScope(scope, "C")).toBe(false);
    expect(inScope(scope, null)).toBe(false);
    expect(() => requireInScope(scope, "C", what)).toThrow(NotFoundError);
    expect(() => requireInScope(scope, "B", what)).not.toThrow();
    expect(() => requireSystemAdmin(scope)).toThrow(ForbiddenError);
  });

  it("gives other officers nothing", () => {
    const scope = adminScopeOf(actor(grant("unit_head", "A")));
    expect(scope).toEqual({ all: false, agencyIds: [] });
    expect(inScope(scope, "A")).toBe(false);
  });
});
