import { describe, expect, it } from "vitest";
import type { Role } from "../../../src/db/schema.ts";
import { applicantRoles, officerRoles } from "../../../src/services/accounts/actor.ts";
import {
  type Granter,
  grantRules,
  mayGrant,
  provinceScopeRoles,
} from "../../../src/services/admin/grantRules.ts";

/** Issue #20 "Make the grant rules one table, tested for every role pair" (R-ACC-2). */
const allRoles: Role[] = [...applicantRoles, ...officerRoles];
const granters: Granter[] = ["system_admin", "agency_admin"];

const expected = (granter: Granter, role: Role): boolean => {
  if (applicantRoles.includes(role)) return false;
  if (granter === "system_admin") return true;
  return !provinceScopeRoles.includes(role);
};

describe("the grant rules table", () => {
  for (const granter of granters)
    for (const role of allRoles)
      it(`${granter} ${expected(granter, role) ? "may" : "may not"} grant ${role}`, () => {
        expect(mayGrant(granter, role)).toBe(expected(granter, role));
      });

  it("no other role is a granter: the table has exactly the two administrators", () => {
    expect(Object.keys(grantRules).sort()).toEqual(["agency_admin", "system_admin"]);
  });

  it("province-wide roles are the system administrator's alone", () => {
    expect(provinceScopeRoles).toEqual(expect.arrayContaining(["service_center_monitor", "system_admin"]));
    for (const role of provinceScopeRoles) expect(mayGrant("agency_admin", role)).toBe(false);
  });
});
