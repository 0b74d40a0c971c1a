import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../support/testApp.ts";

interface DemoAgency {
  code: string;
  name: string;
  shortName: string | null;
  level: string;
  parentCode: string | null;
  receivedAtCode?: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  hotline: string | null;
  workingIntervals: { start: string; end: string }[] | null;
  units: { code: string; name: string; kind: string }[];
}
const agencies = JSON.parse(
  readFileSync(new URL("../../../../data/agencies.json", import.meta.url), "utf8"),
) as DemoAgency[];
const byCode = new Map(agencies.map((agency) => [agency.code, agency]));

interface AgencyNode {
  code: string;
  name: string;
  shortName: string | null;
  level: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  hotline: string | null;
  workingIntervals: { start: string; end: string }[] | null;
  receivedAt: { code: string; name: string } | null;
  units: { code: string; name: string; kind: string }[];
  children: AgencyNode[];
}
interface ErrorBody {
  error: { code: string; message: string; fields?: { field: string; message: string }[] };
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: "GET", url, headers });

/** What the public sees of an agency, from data/agencies.json (R-OPS-4: contact information). */
function expectedContact(agency: DemoAgency) {
  const receiver = agency.receivedAtCode ? byCode.get(agency.receivedAtCode) : undefined;
  return {
    code: agency.code,
    name: agency.name,
    shortName: agency.shortName ?? null,
    level: agency.level,
    address: agency.address ?? null,
    phone: agency.phone ?? null,
    email: agency.email ?? null,
    website: agency.website ?? null,
    hotline: agency.hotline ?? null,
    workingIntervals: agency.workingIntervals ?? null,
    receivedAt: receiver ? { code: receiver.code, name: receiver.name } : null,
  };
}
const sortedUnits = (units: { code: string; name: string; kind: string }[]) =>
  [...units].sort((a, b) => a.code.localeCompare(b.code));

describe("GET /api/public/agencies — the agency tree", () => {
  it("roots are the agencies without a parent; every agency appears exactly once, under its parent", async () => {
    const response = await get("/api/public/agencies");
    expect(response.statusCode).toBe(200);
    const roots = response.json<AgencyNode[]>();
    expect(roots.map((root) => root.code).sort()).toEqual(
      agencies
        .filter((a) => a.parentCode === null)
        .map((a) => a.code)
        .sort(),
    );
    const seen: string[] = [];
    const walk = (node: AgencyNode, parentCode: string | null) => {
      seen.push(node.code);
      expect(byCode.get(node.code)?.parentCode ?? null, node.code).toBe(parentCode);
      for (const child of node.children) walk(child, node.code);
    };
    for (const root of roots) walk(root, null);
    expect(seen.sort()).toEqual(agencies.map((a) => a.code).sort());
  });

  it("each node carries its contact information, working hours and units as in data/agencies.json (R-OPS-4)", async () => {
    const roots = (await get("/api/public/agencies")).json<AgencyNode[]>();
    const all: AgencyNode[] = [];
    const collect = (node: AgencyNode) => {
      all.push(node);
      node.children.forEach(collect);
    };
    roots.forEach(collect);
    for (const node of all) {
      const source = byCode.get(node.code)!;
      const { children: _children, units, ...contact } = node;
      expect(contact, node.code).toEqual(expectedContact(source));
      expect(sortedUnits(units), node.code).toEqual(sortedUnits(source.units));
    }
    // Departments are received at the provincial service center's counter; communes at their own (R-XFER-3).
    const department = all.find((node) => node.level === "department")!;
    expect(department.receivedAt?.code).toBe("000.00.02.H99");
    const commune = all.find((node) => node.level === "commune")!;
    expect(commune.receivedAt).toBeNull();
    expect(commune.units.some((unit) => unit.kind === "counter")).toBe(true);
  });
});

describe("GET /api/public/agencies/:code — one agency", () => {
  it("shows a department with its parent, contact information and units, without children", async () => {
    const response = await get("/api/public/agencies/000.00.13.H99");
    expect(response.statusCode).toBe(200);
    const body = response.json<AgencyNode & { parentCode: string | null }>();
    const source = byCode.get("000.00.13.H99")!;
    const { units, parentCode, ...contact } = body;
    expect(contact).toEqual(expectedContact(source));
    expect(parentCode).toBe("000.00.01.H99");
    expect(sortedUnits(units)).toEqual(sortedUnits(source.units));
    expect(body).not.toHaveProperty("children");
  });

  it("shows the province (a root) with parentCode null", async () => {
    const body = (await get("/api/public/agencies/000.00.01.H99")).json<{ parentCode: string | null }>();
    expect(body.parentCode).toBeNull();
  });

  it("unknown code → 404 naming the code, in Vietnamese and in English", async () => {
    const vi = await get("/api/public/agencies/999.99.99.H99");
    expect(vi.statusCode).toBe(404);
    expect(vi.json<ErrorBody>().error).toEqual({
      code: "NOT_FOUND",
      message: "Không tìm thấy cơ quan có mã 999.99.99.H99",
    });
    const en = await get("/api/public/agencies/999.99.99.H99", { "accept-language": "en" });
    expect(en.statusCode).toBe(404);
    expect(en.json<ErrorBody>().error.message).toBe("No agency with code 999.99.99.H99");
  });

  for (const [title, code] of [
    ["a space", "000.00.13%20H99"],
    ["more than 40 characters", "A".repeat(41)],
  ] as const) {
    it(`a code with ${title} → 400 naming \`code\` (R-CODE-3)`, async () => {
      const response = await get(`/api/public/agencies/${code}`);
      expect(response.statusCode).toBe(400);
      const body = response.json<ErrorBody>();
      expect(body.error.code).toBe("VALIDATION_FAILED");
      expect(body.error.fields?.map((field) => field.field)).toEqual(["code"]);
      const en = (await get(`/api/public/agencies/${code}`, { "accept-language": "en" })).json<ErrorBody>();
      expect(en.error.message).toBe("The input is not valid");
    });
  }

  it("accepts the newer agency identifier form as an opaque code (R-CODE-3): well-formed but unknown → 404", async () => {
    const response = await get("/api/public/agencies/G09.20");
    expect(response.statusCode).toBe(404);
  });
});
