import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import { classifyTimeliness } from "../../../src/domain/deadlines/timeliness.ts";
import type { DossierState } from "../../../src/domain/dossier/dossierState.ts";
import { loadWorkingCalendar } from "../../../src/services/calendar/loadCalendar.ts";
import { encodeState } from "../../../src/services/dossiers/stateCodec.ts";
import { onTimeCountsByAgency } from "../../../src/services/statistics/onTimeCounts.ts";
import { monthPeriod } from "../../../src/services/statistics/period.ts";
import { periodMetrics } from "../../../src/services/statistics/periodMetrics.ts";
import { projectTimeliness } from "../../../src/services/statistics/projectTimeliness.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";

const HOUR = 3_600_000;
const NOW = new Date("2026-11-20T03:00:00Z");
const MONTH = "2026-10";

/** One random dossier: where, how, and what happened to it, in hours from 1 Sep 2026. */
const dossierArbitrary = fc.record({
  offering: fc.nat(50),
  channel: fc.constantFrom("counter" as const, "online" as const, "postal" as const),
  accepted: fc.boolean(),
  startHour: fc.integer({ min: 0, max: 24 * 75 }),
  appointmentHours: fc.option(fc.integer({ min: 8, max: 24 * 20 }), { nil: undefined }),
  supplements: fc.array(
    fc.record({
      afterHours: fc.integer({ min: 1, max: 24 * 10 }),
      waitHours: fc.option(fc.integer({ min: 1, max: 24 * 8 }), { nil: undefined }),
    }),
    { maxLength: 2 },
  ),
  processedAfter: fc.option(fc.integer({ min: 1, max: 24 * 30 }), { nil: undefined }),
  returnedAfter: fc.option(fc.integer({ min: 1, max: 24 * 5 }), { nil: undefined }),
  stoppedAfter: fc.option(fc.integer({ min: 1, max: 24 * 30 }), { nil: undefined }),
});
type Drawn = typeof dossierArbitrary extends fc.Arbitrary<infer T> ? T : never;

const base = Date.parse("2026-09-01T01:00:00Z");
const at = (hours: number) => new Date(base + hours * HOUR);

function stateOf(d: Drawn): { state: DossierState; processedAt?: Date; returnedAt?: Date; stoppedAt?: Date } {
  const receivedAt = d.accepted ? at(d.startHour) : undefined;
  const processedAt = receivedAt && d.processedAfter ? at(d.startHour + d.processedAfter) : undefined;
  const returnedAt =
    processedAt && d.returnedAfter ? new Date(processedAt.getTime() + d.returnedAfter * HOUR) : undefined;
  const stoppedAt =
    receivedAt && !processedAt && d.stoppedAfter ? at(d.startHour + d.stoppedAfter) : undefined;
  const status = !receivedAt ? 1 : returnedAt ? 10 : processedAt ? 9 : stoppedAt ? 8 : 4;
  const state: DossierState = {
    status,
    channel: d.channel === "postal" ? "postal" : d.channel,
    applicantId: "applicant",
    submittedAt: at(d.startHour - 1),
    ...(receivedAt ? { receivedAt } : {}),
    ...(receivedAt && d.appointmentHours ? { dueAt: at(d.startHour + d.appointmentHours) } : {}),
    extensionUsed: false,
    supplementRequests: receivedAt
      ? d.supplements.map((s, index) => ({
          stage: "appraisal" as const,
          requestedAt: at(d.startHour + s.afterHours + index * 240),
          requestedBy: { role: "specialist" as const, id: "x" },
          reason: "thiếu",
          items: ["giấy tờ"],
          ...(s.waitHours ? { completedAt: at(d.startHour + s.afterHours + index * 240 + s.waitHours) } : {}),
        }))
      : [],
    decisionIssued: processedAt !== undefined,
    ...(stoppedAt ? { stopReason: "withdrawal" as const } : {}),
    lastChangedAt: NOW,
  } as DossierState;
  return {
    state,
    ...(processedAt ? { processedAt } : {}),
    ...(returnedAt ? { returnedAt } : {}),
    ...(stoppedAt ? { stoppedAt } : {}),
  };
}

describe("statistics totals equal a dossier-by-dossier recount with classifyTimeliness (R-KPI-4)", () => {
  let handle: DatabaseHandle;
  let offerings: { id: string; procedure_id: string; agency_id: string }[];

  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    offerings = await handle.db
      .selectFrom("procedure_offerings")
      .select(["id", "procedure_id", "agency_id"])
      .execute();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("per agency and in total, for random dossiers", async () => {
    const db = handle.db;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(dossierArbitrary, { minLength: 1, maxLength: 25 }), async (drawn) => {
        run++;
        await sql`delete from dossier_events where dossier_id in (select id from dossiers where code like 'PROP-%')`.execute(
          db,
        );
        await sql`delete from dossiers where code like 'PROP-%'`.execute(db);
        const expected = new Map<string, { resolved: number; early: number; onTime: number; late: number }>();
        let received = 0;
        const period = monthPeriod(MONTH);
        for (const [index, d] of drawn.entries()) {
          const offering = offerings[d.offering % offerings.length]!;
          const built = stateOf(d);
          const row = await db
            .insertInto("dossiers")
            .values({
              code: `PROP-${run}-${index}`,
              procedure_id: offering.procedure_id,
              offering_id: offering.id,
              agency_id: offering.agency_id,
              deciding_agency_id: offering.agency_id,
              channel: d.channel,
              applicant_kind: "person",
              applicant_name: "Người thử",
              legal_time_amount: 5,
              legal_time_unit: "wd",
              form_data: "{}",
              status: built.state.status,
              submitted_at: built.state.submittedAt,
              received_at: built.state.receivedAt ?? null,
              due_at: built.state.dueAt ?? null,
              state: encodeState(built.state),
              version: 1,
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          const events = [
            [9, built.processedAt],
            [10, built.returnedAt],
            [8, built.stoppedAt],
          ] as const;
          let sequence = 1;
          for (const [toStatus, when] of events)
            if (when)
              await db
                .insertInto("dossier_events")
                .values({
                  dossier_id: row.id,
                  sequence: sequence++,
                  agency_id: offering.agency_id,
                  type: "test",
                  at: when,
                  actor_role: "specialist",
                  to_status: toStatus,
                  payload: "{}",
                })
                .execute();
          if (
            built.state.receivedAt &&
            built.state.receivedAt >= period.from &&
            built.state.receivedAt < period.to
          )
            received++;
          // The recount: the rule itself on this one dossier, evaluated now.
          const calendar = await loadWorkingCalendar(db, { id: offering.agency_id });
          // The rule's input is written out from the drawn dossier here, not by the service's own mapping.
          const result = classifyTimeliness(
            {
              ...(built.state.receivedAt ? { receivedAt: built.state.receivedAt } : {}),
              ...(built.state.dueAt ? { appointmentAt: built.state.dueAt } : {}),
              legalTime: { amount: 5, unit: "wd" },
              terminalEvents: [
                ...(built.processedAt ? [{ kind: "processed" as const, at: built.processedAt }] : []),
                ...(built.returnedAt ? [{ kind: "returned" as const, at: built.returnedAt }] : []),
                ...(built.stoppedAt ? [{ kind: "withdrawn" as const, at: built.stoppedAt }] : []),
              ],
              supplementRequests: built.state.supplementRequests.map((request) => ({
                requestedAt: request.requestedAt,
                ...(request.completedAt ? { completedAt: request.completedAt } : {}),
              })),
            },
            // No drawn supplement moves the appointment (no newDueAt): the waiting time is subtracted (E4's rule).
            { calendar, periodEnd: NOW },
          );
          if (
            result.end &&
            result.endSource !== "periodEnd" &&
            result.end >= period.from &&
            result.end < period.to &&
            (result.verdict === "early" || result.verdict === "onTime" || result.verdict === "late")
          ) {
            const counts = expected.get(offering.agency_id) ?? { resolved: 0, early: 0, onTime: 0, late: 0 };
            counts.resolved++;
            counts[result.verdict]++;
            expected.set(offering.agency_id, counts);
          }
        }
        await projectTimeliness(db, { now: NOW });
        const actual = await onTimeCountsByAgency(db, { ...period, agencyIds: null });
        expect(new Map(actual.map(({ agencyId, ...counts }) => [agencyId, counts]))).toEqual(expected);
        const metrics = await periodMetrics(db, { agencyIds: null }, period);
        expect(metrics.received).toBe(received);
        const sum = [...expected.values()].reduce((total, c) => total + c.resolved, 0);
        expect(metrics.resolved).toBe(sum);
        expect(metrics.onlinePaymentShare).toBeNull();
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
