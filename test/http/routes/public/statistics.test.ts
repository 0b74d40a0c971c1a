import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishLateList } from "../../../../src/jobs/lateListPublication.ts";
import {
  insertFixtureDossier,
  insertFixtureTask,
  TAI_CHINH,
  TRUNG_TAM,
} from "../../../services/statistics/statisticsFixtures.ts";
import { type AuthTestApp, createAuthTestApp } from "../../../support/authSession.ts";

const at = (text: string) => new Date(text);
let t: AuthTestApp;

beforeAll(async () => {
  t = await createAuthTestApp({ start: at("2026-11-20T03:00:00Z") });
  const db = t.database.db;
  const late = await insertFixtureDossier(db, {
    code: "OCT-LATE",
    agencyCode: TRUNG_TAM,
    receivedAt: at("2026-10-01T02:00:00Z"),
    dueAt: at("2026-10-08T10:00:00Z"),
    processedAt: at("2026-10-14T03:00:00Z"),
  });
  await insertFixtureTask(db, {
    dossierId: late,
    agencyCode: TRUNG_TAM,
    username: "chuyenvien.trungtam",
    dueAt: at("2026-10-08T10:00:00Z"),
    completedAt: at("2026-10-09T03:00:00Z"),
  });
  // This month: one early at Sở Tài chính.
  await insertFixtureDossier(db, {
    code: "NOV-EARLY",
    agencyCode: TAI_CHINH,
    receivedAt: at("2026-11-02T02:00:00Z"),
    dueAt: at("2026-11-10T10:00:00Z"),
    processedAt: at("2026-11-03T03:00:00Z"),
  });
  await publishLateList(db, { month: "2026-10", now: at("2026-11-20T03:00:00Z"), publishedBy: "test" });
});
afterAll(async () => {
  await t?.close();
});

describe("public statistics (no login)", () => {
  it("this month's on-time rates per agency", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/public/statistics/on-time" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      month: "2026-11",
      agencies: [
        { name: "Sở Tài chính tỉnh Demo", resolved: 1, early: 1, onTime: 0, late: 0, onTimeRate: 100 },
      ],
    });
  });

  it("the published late lists: names only, no ids or personal data", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/public/statistics/late-lists" });
    expect(response.statusCode).toBe(200);
    const lists = response.json();
    expect(lists).toHaveLength(1);
    expect(lists[0].month).toBe("2026-10");
    expect(lists[0].agencies).toEqual([
      { agencyName: "Ủy ban nhân dân phường Trung Tâm", resolved: 1, late: 1 },
    ]);
    expect(lists[0].officers).toEqual([
      { officerName: expect.any(String), agencyName: "Ủy ban nhân dân phường Trung Tâm", lateSteps: 1 },
    ]);
    expect(response.body).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(response.body).not.toContain("chuyenvien");
  });

  it("is rate-limited per client (429 beyond the limit)", async () => {
    const limited = await createAuthTestApp({ config: { publicRateLimitPerMinute: 2 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 3; i++)
        codes.push(
          (await limited.app.inject({ method: "GET", url: "/api/public/statistics/late-lists" })).statusCode,
        );
      expect(codes).toEqual([200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});
