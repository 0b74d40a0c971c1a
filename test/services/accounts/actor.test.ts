import { describe, expect, it } from "vitest";
import {
  type Actor,
  agencyIdsFor,
  type Grant,
  grantCovers,
  hasRole,
} from "../../../src/services/accounts/actor.ts";

const grant = (role: Grant["role"], agency: string | null, unit: string | null = null): Grant => ({
  role,
  agencyId: agency ? `id-${agency}` : null,
  agencyCode: agency,
  unitId: unit ? `id-${agency}-${unit}` : null,
  unitCode: unit,
});
const actor = (...grants: Grant[]): Actor => ({
  userId: "u",
  username: "u",
  kind: "officer",
  fullName: "U",
  grants,
});

describe("grantCovers: R-ACC-2 roles within an agency and its units", () => {
  it("an agency-level grant covers the agency and each of its units", () => {
    const g = grant("agency_admin", "A");
    expect(grantCovers(g, { agencyId: "id-A" })).toBe(true);
    expect(grantCovers(g, { agencyId: "id-A", unitId: "id-A-U1" })).toBe(true);
    expect(grantCovers(g, { agencyCode: "A", unitCode: "U2" })).toBe(true);
  });
  it("a unit-level grant covers its unit and the agency's unit-less resources, not other units", () => {
    const g = grant("specialist", "A", "U1");
    expect(grantCovers(g, { agencyId: "id-A", unitId: "id-A-U1" })).toBe(true);
    expect(grantCovers(g, { agencyId: "id-A" })).toBe(true);
    expect(grantCovers(g, { agencyId: "id-A", unitId: "id-A-U2" })).toBe(false);
    expect(grantCovers(g, { agencyCode: "A", unitCode: "U2" })).toBe(false);
  });
  it("another agency is never covered, nor any agency by an applicant's grant", () => {
    expect(grantCovers(grant("agency_leader", "A"), { agencyId: "id-B" })).toBe(false);
    expect(grantCovers(grant("agency_leader", "A"), { agencyCode: "B" })).toBe(false);
    expect(grantCovers(grant("citizen", null), { agencyId: "id-A" })).toBe(false);
    expect(grantCovers(grant("citizen", null), { agencyCode: "A" })).toBe(false);
  });
});

describe("hasRole", () => {
  it("needs one of the roles, within the scope when one is given", () => {
    const a = actor(grant("counter_officer", "A", "QAY"), grant("specialist", "B"));
    expect(hasRole(a, ["counter_officer"])).toBe(true);
    expect(hasRole(a, ["counter_officer"], { agencyId: "id-A" })).toBe(true);
    expect(hasRole(a, ["counter_officer"], { agencyId: "id-B" })).toBe(false);
    expect(hasRole(a, ["specialist"], { agencyCode: "B", unitCode: "X" })).toBe(true);
    expect(hasRole(a, ["unit_head", "agency_leader"])).toBe(false);
  });
  it("a citizen holds no officer role", () => {
    const citizen = { ...actor(grant("citizen", null)), kind: "citizen" as const };
    expect(hasRole(citizen, ["citizen"])).toBe(true);
    expect(hasRole(citizen, ["counter_officer", "specialist"])).toBe(false);
    expect(hasRole(citizen, ["citizen"], { agencyId: "id-A" })).toBe(false);
  });
  it("system_admin covers every role everywhere", () => {
    const admin = actor(grant("system_admin", "P"));
    expect(hasRole(admin, ["counter_officer"], { agencyId: "id-A", unitId: "id-A-U1" })).toBe(true);
  });
  it("an actor without grants has no role", () => {
    expect(hasRole(actor(), ["citizen"])).toBe(false);
  });
  it("agencyIdsFor lists the agencies where a role is held, once each", () => {
    const a = actor(grant("specialist", "A", "U1"), grant("unit_head", "A", "U1"), grant("specialist", "B"));
    expect(agencyIdsFor(a, ["specialist", "unit_head"]).sort()).toEqual(["id-A", "id-B"]);
    expect(agencyIdsFor(a, ["counter_officer"])).toEqual([]);
  });
});
