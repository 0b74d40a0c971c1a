import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../../src/db/connection.ts";
import { parseDossierCode } from "../../../../src/domain/codes/dossierCode.ts";
import { seedDemoHistory } from "../../../../src/services/seed/history/seedDemoHistory.ts";
import { createTestDatabase } from "../../../support/testDatabase.ts";

const now = new Date("2026-11-23T09:00:00+07:00");

/** Issue #19 "a demo province that looks lived in": months of finished dossiers, lived through the real rules. */
describe("seedDemoHistory", () => {
  let handle: DatabaseHandle;
  let report: Awaited<ReturnType<typeof seedDemoHistory>>;

  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    report = await seedDemoHistory(handle.db, { now, months: 2 });
  });
  afterAll(async () => handle.close());

  it("writes finished dossiers of every demo agency before now, with their events and some ratings", async () => {
    expect(report.dossiers).toBeGreaterThan(300);
    expect(report.events).toBeGreaterThan(report.dossiers * 5);
    expect(report.ratings).toBeGreaterThan(0);
    const rows = await handle.db
      .selectFrom("dossiers")
      .select(["id", "status", "submitted_at", "returned_at", "version", "agency_id", "deciding_agency_id"])
      .execute();
    expect(rows).toHaveLength(report.dossiers);
    // R-STATUS-5: only ended lives (refused at reception or returned); nothing left for anyone's inbox.
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set([3, 10]));
    for (const row of rows) {
      expect(row.submitted_at.getTime()).toBeLessThan(now.getTime());
      if (row.status === 10) expect(row.returned_at!.getTime()).toBeLessThanOrEqual(now.getTime());
    }
    const agencies = await handle.db
      .selectFrom("procedure_offerings")
      .select("agency_id")
      .distinct()
      .execute();
    const deciding = new Set(rows.map((row) => row.deciding_agency_id));
    expect(deciding.size).toBe(agencies.length);
    const outbox = await handle.db.selectFrom("outbox").select("id").execute();
    expect(outbox).toHaveLength(0);
  });

  it("R-CODE-1: codes are the agency's consecutive numbers of the day, and the day counters end where they did", async () => {
    const rows = await handle.db.selectFrom("dossiers").select(["code", "agency_id"]).execute();
    const byDay = new Map<string, number[]>();
    for (const row of rows) {
      const parts = parseDossierCode(row.code);
      expect(parts, row.code).toBeDefined();
      const key = `${row.agency_id}|${parts!.receptionDate.year}-${parts!.receptionDate.month}-${parts!.receptionDate.day}`;
      byDay.set(key, [...(byDay.get(key) ?? []), parts!.sequence]);
    }
    for (const sequences of byDay.values())
      expect(sequences.sort((a, b) => a - b)).toEqual(sequences.map((_, index) => index + 1));
    const counters = await handle.db.selectFrom("dossier_code_counters").selectAll().execute();
    expect(counters).toHaveLength(byDay.size);
    for (const counter of counters) {
      const [year, month, day] = counter.day.split("-").map(Number);
      expect(byDay.get(`${counter.agency_id}|${year}-${month}-${day}`)?.length).toBe(counter.last_sequence);
    }
  });

  it("each dossier's events run 1…version in time order and end in its status", async () => {
    const events = await handle.db
      .selectFrom("dossier_events")
      .select(["dossier_id", "sequence", "at", "to_status"])
      .orderBy("dossier_id")
      .orderBy("sequence")
      .execute();
    const rows = new Map(
      (await handle.db.selectFrom("dossiers").select(["id", "version", "status"]).execute()).map((row) => [
        row.id,
        row,
      ]),
    );
    const seen = new Map<string, { sequence: number; at: Date; status: number }>();
    for (const event of events) {
      const last = seen.get(event.dossier_id);
      expect(event.sequence).toBe((last?.sequence ?? 0) + 1);
      if (last) expect(event.at.getTime()).toBeGreaterThanOrEqual(last.at.getTime());
      seen.set(event.dossier_id, { sequence: event.sequence, at: event.at, status: event.to_status });
    }
    for (const [id, row] of rows) {
      expect(seen.get(id)?.sequence).toBe(row.version);
      expect(seen.get(id)?.status).toBe(row.status);
    }
  });

  it("R-KPI-4: every verdict is projected; most on time, some late — the dashboards have something to show", async () => {
    const verdicts = await handle.db
      .selectFrom("dossiers")
      .select(["timeliness_verdict as verdict", "timeliness_pending as pending"])
      .execute();
    expect(verdicts.every((row) => !row.pending)).toBe(true);
    const count = (verdict: string) => verdicts.filter((row) => row.verdict === verdict).length;
    const returned = verdicts.length - count("notApplicable");
    expect(count("late")).toBeGreaterThan(returned * 0.03);
    expect(count("late")).toBeLessThan(returned * 0.25);
    expect(count("early") + count("onTime")).toBeGreaterThan(returned * 0.75);
  });
});
