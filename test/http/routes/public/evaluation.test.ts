import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, dossierThroughLifecycle } from "../../../services/evaluation/evaluationFixtures.ts";
import { type AuthTestApp, createAuthTestApp, loginAs } from "../../../support/authSession.ts";
import { demoUserIds } from "../../../support/dossierFixtures.ts";

let t: AuthTestApp;

beforeAll(async () => {
  t = await createAuthTestApp({ start: at("2026-12-02T10:00") });
  const users = await demoUserIds(t.database.db);
  const returned = await dossierThroughLifecycle(t.database.db, users, {
    acceptedAt: at("2026-11-23T09:00"),
    approvedAt: at("2026-11-25T09:00"),
    returnedAt: at("2026-11-25T10:00"),
  });
  const citizen = await loginAs(t.app, "congdan.demo", "Demo@2026!CongDan");
  t.clock.current = at("2026-11-26T10:00");
  const rated = await t.app.inject({
    method: "POST",
    url: `/api/citizen/dossiers/${returned}/rating`,
    payload: { points: { "1": 2, "7": 1 }, satisfaction: "dissatisfied" },
    headers: citizen.headers,
  });
  expect(rated.statusCode).toBe(201);
  t.clock.current = at("2026-12-02T10:00");
});
afterAll(async () => t?.close());

const get = (url: string, language?: string) =>
  t.app.inject({ method: "GET", url, headers: language ? { "accept-language": language } : {} });

describe("GET /api/public/evaluation (R-EVAL-1: results are public)", () => {
  it("the month's agencies with their indices, total and band; no personal data", async () => {
    const response = await get("/api/public/evaluation?month=2026-11");
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.month).toBe("2026-11");
    expect(body.agencies).toHaveLength(1);
    expect(body.agencies[0].agency).toEqual({
      code: "000.20.01.H99",
      name: "Ủy ban nhân dân phường Trung Tâm",
    });
    expect(body.agencies[0].evaluation).toMatchObject({ ratings: 1, satisfaction: { dissatisfied: 1 } });
    expect(body.agencies[0].evaluation.indices[0]).toEqual({
      id: 1,
      status: "scored",
      points: 2,
      answers: 1,
    });
    // Index 8 (issue #17, R-EVAL-2): no feedback in the month scores 2.
    expect(body.agencies[0].evaluation.indices[7]).toEqual({
      id: 8,
      status: "scored",
      points: 2,
      answers: 0,
    });
    expect(response.body).not.toMatch(/Nguyễn|congdan|000\.20\.01\.H99-26/);
  });

  it("400 for a malformed month, in both languages", async () => {
    const vi = await get("/api/public/evaluation?month=2026-13");
    expect(vi.statusCode).toBe(400);
    expect(vi.json().error.fields[0].field).toBe("month");
    expect((await get("/api/public/evaluation?month=11-2026", "en")).json().error.message).toBe(
      "The input is not valid",
    );
    expect((await get("/api/public/evaluation")).statusCode).toBe(400);
  });
});

describe("GET /api/public/kpi-766", () => {
  it("the province's index for a month; no dossier appears", async () => {
    const response = await get("/api/public/kpi-766?month=2026-11");
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.agency).toBeNull();
    const onTime = body.score.indicators.find((i: { code: string }) => i.code === "2.1");
    expect(onTime).toMatchObject({ status: "scored", numerator: 1, denominator: 1, points: 20 });
    // Online payment (issue #15): no dossier of the month was asked to pay, so 3.6 is N/A rather than "no data".
    expect(body.score.indicators.find((i: { code: string }) => i.code === "3.6")).toMatchObject({
      status: "notApplicable",
    });
    expect(response.body).not.toMatch(/000\.20\.01\.H99-26/);
  });

  it("one agency by code; 404 for an unknown agency (vi, en); 400 for a bad month", async () => {
    const ward = await get("/api/public/kpi-766?month=2026-11&agencyCode=000.20.01.H99");
    expect(ward.json().agency.code).toBe("000.20.01.H99");
    const unknown = await get("/api/public/kpi-766?month=2026-11&agencyCode=KHONG-CO");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe("Không tìm thấy cơ quan");
    expect(
      (await get("/api/public/kpi-766?month=2026-11&agencyCode=KHONG-CO", "en")).json().error.message,
    ).toBe("No such agency");
    expect((await get("/api/public/kpi-766?month=x")).statusCode).toBe(400);
  });
});

describe("public rate limit", () => {
  it("429 once a client passes the public limit per minute", async () => {
    const limited = await createAuthTestApp({
      start: at("2026-12-02T10:00"),
      config: { publicRateLimitPerMinute: 2 },
    });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i += 1)
        statuses.push(
          (await limited.app.inject({ method: "GET", url: "/api/public/evaluation?month=2026-11" }))
            .statusCode,
        );
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});
