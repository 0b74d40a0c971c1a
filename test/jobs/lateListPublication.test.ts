import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../src/db/connection.ts";
import {
  findPublication,
  listPublications,
  previousMonth,
  publishLastMonthsLateList,
  publishLateList,
} from "../../src/jobs/lateListPublication.ts";
import {
  insertFixtureDossier,
  insertFixtureTask,
  TAI_CHINH,
  TRUNG_TAM,
} from "../services/statistics/statisticsFixtures.ts";
import { createTestDatabase } from "../support/testDatabase.ts";

const at = (text: string) => new Date(text);
const NOVEMBER_2 = at("2026-11-02T02:00:00Z");

describe("monthly publication of late agencies and individuals (R-LATE-4)", () => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    const db = handle.db;
    // October 2026: one late dossier at Phường Trung Tâm (processed after its appointment), one on time at Sở Tài
    // chính; a step of the Trung Tâm specialist completed two days after its deadline, one of the Tài chính
    // specialist in time.
    const late = await insertFixtureDossier(db, {
      code: "LATE-1",
      agencyCode: TRUNG_TAM,
      receivedAt: at("2026-10-01T02:00:00Z"),
      dueAt: at("2026-10-08T10:00:00Z"),
      processedAt: at("2026-10-14T03:00:00Z"),
    });
    const onTime = await insertFixtureDossier(db, {
      code: "ONTIME-1",
      agencyCode: TAI_CHINH,
      receivedAt: at("2026-10-05T02:00:00Z"),
      dueAt: at("2026-10-12T10:00:00Z"),
      processedAt: at("2026-10-12T03:00:00Z"),
    });
    await insertFixtureTask(db, {
      dossierId: late,
      agencyCode: TRUNG_TAM,
      username: "chuyenvien.trungtam",
      dueAt: at("2026-10-08T10:00:00Z"),
      completedAt: at("2026-10-10T03:00:00Z"),
    });
    await insertFixtureTask(db, {
      dossierId: onTime,
      agencyCode: TAI_CHINH,
      username: "chuyenvien.sotaichinh",
      dueAt: at("2026-10-12T10:00:00Z"),
      completedAt: at("2026-10-12T03:00:00Z"),
    });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("refuses a month that is not over", async () => {
    await expect(
      publishLateList(handle.db, { month: "2026-11", now: NOVEMBER_2, publishedBy: "test" }),
    ).rejects.toThrow(RangeError);
    expect(await findPublication(handle.db, "2026-11")).toBeUndefined();
  });

  it("publishes once even when two runs race, with the late agency and the officer's name only", async () => {
    const runs = await Promise.all([
      publishLateList(handle.db, { month: "2026-10", now: NOVEMBER_2, publishedBy: "process-a" }),
      publishLateList(handle.db, { month: "2026-10", now: NOVEMBER_2, publishedBy: "process-b" }),
    ]);
    expect(runs.filter((run) => run.published)).toHaveLength(1);
    expect(runs[0]!.publication).toEqual(runs[1]!.publication);
    const publications = await listPublications(handle.db);
    expect(publications).toHaveLength(1);
    const publication = publications[0]!;
    expect(publication.month).toBe("2026-10");
    expect(publication.agencies.map((agency) => [agency.agencyName, agency.resolved, agency.late])).toEqual([
      ["Ủy ban nhân dân phường Trung Tâm", 1, 1],
    ]);
    expect(publication.officers).toHaveLength(1);
    // Published: the name, the agency and the count — nothing else about the person (no id, username, contact).
    expect(Object.keys(publication.officers[0]!).sort()).toEqual(["agencyName", "lateSteps", "officerName"]);
    expect(publication.officers[0]!.agencyName).toBe("Ủy ban nhân dân phường Trung Tâm");
    expect(publication.officers[0]!.lateSteps).toBe(1);
  });

  it("keeps the published list as it was when later data change (the history stays)", async () => {
    const before = await findPublication(handle.db, "2026-10");
    await insertFixtureDossier(handle.db, {
      code: "LATE-2",
      agencyCode: TAI_CHINH,
      receivedAt: at("2026-10-02T02:00:00Z"),
      dueAt: at("2026-10-06T10:00:00Z"),
      processedAt: at("2026-10-20T03:00:00Z"),
    });
    const again = await publishLateList(handle.db, {
      month: "2026-10",
      now: at("2026-11-05T02:00:00Z"),
      publishedBy: "cli",
    });
    expect(again.published).toBe(false);
    expect(again.publication).toEqual(before);
  });

  it("the scheduler's pass publishes last month once per month", async () => {
    const december = at("2026-12-01T01:00:00Z");
    expect(previousMonth(december)).toBe("2026-11");
    expect(previousMonth(at("2027-01-10T00:00:00Z"))).toBe("2026-12");
    expect(await publishLastMonthsLateList(handle.db, december)).toBe(true);
    expect(await publishLastMonthsLateList(handle.db, at("2026-12-01T02:00:00Z"))).toBe(false);
    const months = (await listPublications(handle.db)).map((publication) => publication.month);
    expect(months).toEqual(["2026-11", "2026-10"]);
    // November: LATE-2 ended in October, nothing ended late in November.
    expect((await findPublication(handle.db, "2026-11"))!.agencies).toEqual([]);
  });
});
