import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../../../src/db/connection.ts";
import type { Actor } from "../../../src/services/accounts/actor.ts";
import { runDossierCommand } from "../../../src/services/dossiers/runDossierCommand.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../../src/services/errors.ts";
import { agencyEvaluations } from "../../../src/services/evaluation/agencyEvaluations.ts";
import { bandsFor, saveBands } from "../../../src/services/evaluation/bandSettings.ts";
import { openKioskSession, rateAtKiosk } from "../../../src/services/evaluation/kiosk.ts";
import { getOwnRating, rateOwnDossier } from "../../../src/services/evaluation/rateOwnDossier.ts";
import { monthPeriod } from "../../../src/services/statistics/period.ts";
import { projectTimeliness } from "../../../src/services/statistics/projectTimeliness.ts";
import { createTestUser } from "../../support/accounts.ts";
import { demoUserIds, submitBirthRegistration } from "../../support/dossierFixtures.ts";
import { createTestDatabase } from "../../support/testDatabase.ts";
import { actorNamed, at, dossierThroughLifecycle } from "./evaluationFixtures.ts";

let handle: DatabaseHandle;
let users: Record<string, string>;
let citizen: Actor;
let otherCitizen: Actor;
let counter: Actor;
let otherCounter: Actor;
let returned: string;
let processed: string;
let open: string;

beforeAll(async () => {
  handle = await createTestDatabase({ seeded: true });
  users = await demoUserIds(handle.db);
  citizen = await actorNamed(handle.db, users, "congdan.demo");
  counter = await actorNamed(handle.db, users, "motcua.trungtam");
  otherCounter = await actorNamed(handle.db, users, "motcua.sotaichinh");
  const other = await createTestUser(handle.db, { password: "Thu-nghiem-2026!", role: "citizen" });
  otherCitizen = await actorNamed(handle.db, { [other.username]: other.id }, other.username);
  returned = await dossierThroughLifecycle(handle.db, users, {
    acceptedAt: at("2026-11-23T09:00"),
    approvedAt: at("2026-11-25T09:00"),
    returnedAt: at("2026-11-25T10:00"),
  });
  processed = await dossierThroughLifecycle(handle.db, users, {
    acceptedAt: at("2026-11-23T09:00"),
    approvedAt: at("2026-11-26T09:00"),
  });
  open = await dossierThroughLifecycle(handle.db, users, { acceptedAt: at("2026-11-24T09:00") });
});
afterAll(async () => handle.close());

const now = at("2026-11-27T09:00");
const rating = { points: { "1": 2, "3": 1, "7": 2 }, satisfaction: "satisfied" as const };

describe("the applicant rates their dossier on the portal (R-EVAL-1)", () => {
  it("before the result: nothing to rate yet (409), nothing written", async () => {
    expect(await getOwnRating(handle.db, { actor: citizen, dossierId: open })).toEqual({
      canRate: false,
      rating: null,
    });
    await expect(rateOwnDossier(handle.db, { actor: citizen, dossierId: open, rating, now })).rejects.toThrow(
      ConflictError,
    );
    expect(await handle.db.selectFrom("evaluation_ratings").selectAll().execute()).toEqual([]);
  });

  it("someone else's dossier is unknown (404); an agency index or 3 points is a 400", async () => {
    await expect(
      rateOwnDossier(handle.db, { actor: otherCitizen, dossierId: returned, rating, now }),
    ).rejects.toThrow(NotFoundError);
    await expect(getOwnRating(handle.db, { actor: otherCitizen, dossierId: returned })).rejects.toThrow(
      NotFoundError,
    );
    await expect(getOwnRating(handle.db, { actor: counter, dossierId: returned })).rejects.toThrow(
      NotFoundError,
    );
    await expect(
      rateOwnDossier(handle.db, { actor: citizen, dossierId: returned, rating: { points: { "5": 2 } }, now }),
    ).rejects.toThrow(ValidationError);
    await expect(
      rateOwnDossier(handle.db, { actor: citizen, dossierId: returned, rating: { points: { "1": 3 } }, now }),
    ).rejects.toThrow(ValidationError);
    await expect(
      rateOwnDossier(handle.db, { actor: citizen, dossierId: returned, rating: { points: {} }, now }),
    ).rejects.toThrow(ValidationError);
    expect(await handle.db.selectFrom("evaluation_ratings").selectAll().execute()).toEqual([]);
  });

  it("after the result: rated once; the second rating is a 409 and changes nothing", async () => {
    expect((await getOwnRating(handle.db, { actor: citizen, dossierId: returned })).canRate).toBe(true);
    const result = await rateOwnDossier(handle.db, { actor: citizen, dossierId: returned, rating, now });
    expect(result).toEqual({
      canRate: false,
      rating: {
        points: { "1": 2, "3": 1, "7": 2 },
        satisfaction: "satisfied",
        channel: "portal",
        ratedAt: now.toISOString(),
      },
    });
    const error = await rateOwnDossier(handle.db, {
      actor: citizen,
      dossierId: returned,
      rating: { points: { "1": 0 } },
      now,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).code).toBe("EVALUATION_ALREADY_RATED");
    expect((await getOwnRating(handle.db, { actor: citizen, dossierId: returned })).rating?.points).toEqual({
      "1": 2,
      "3": 1,
      "7": 2,
    });
  });
});

describe("rating at a counter kiosk (R-EVAL-1)", () => {
  it("another agency's counter officer does not find the dossier (404); a dossier without result is 409", async () => {
    const code = await codeOf(processed);
    await expect(
      openKioskSession(handle.db, { actor: otherCounter, dossierCode: code, now }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      openKioskSession(handle.db, { actor: counter, dossierCode: await codeOf(open), now }),
    ).rejects.toThrow(ConflictError);
    await expect(
      openKioskSession(handle.db, { actor: counter, dossierCode: await codeOf(returned), now }),
    ).rejects.toThrow(ConflictError);
  });

  it("the officer opens the screen; the applicant rates once; the used or expired session is 409", async () => {
    const session = await openKioskSession(handle.db, {
      actor: counter,
      dossierCode: await codeOf(processed),
      now,
    });
    expect(session.dossier).toEqual({
      code: await codeOf(processed),
      procedureName: expect.any(String),
      agencyName: "Ủy ban nhân dân phường Trung Tâm",
    });
    await expect(
      rateAtKiosk(handle.db, { actor: otherCounter, sessionId: session.sessionId, rating, now }),
    ).rejects.toThrow(NotFoundError);
    const late = new Date(now.getTime() + 16 * 60_000);
    await expect(
      rateAtKiosk(handle.db, { actor: counter, sessionId: session.sessionId, rating, now: late }),
    ).rejects.toThrow(ConflictError);
    await rateAtKiosk(handle.db, {
      actor: counter,
      sessionId: session.sessionId,
      rating: { points: { "1": 1, "2": 1, "4": 2, "6": 2 }, satisfaction: "dissatisfied" },
      now,
    });
    await expect(
      rateAtKiosk(handle.db, { actor: counter, sessionId: session.sessionId, rating, now }),
    ).rejects.toThrow(ConflictError);
    const stored = await handle.db
      .selectFrom("evaluation_ratings")
      .selectAll()
      .where("dossier_id", "=", processed)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      channel: "kiosk",
      kiosk_officer_id: counter.userId,
      rated_by_user_id: null,
    });
  });
});

describe("agency results (R-EVAL-1…3)", () => {
  it("November 2026 at Phường Trung Tâm, checked by hand", async () => {
    await projectTimeliness(handle.db, { now });
    const rows = await agencyEvaluations(handle.db, { period: monthPeriod("2026-11"), agencyIds: null });
    expect(rows.map((row) => row.agency.code)).toEqual(["000.20.01.H99"]);
    const [row] = rows;
    // Two dossiers processed (same procedure), none decided at the counter; one returned, by the counter.
    expect(row!.facts).toMatchObject({
      tier: "commune",
      proceduresProcessed: 1,
      proceduresDecidedAtCounter: 0,
      resultsReturned: 1,
      resultsReturnedAtCounter: 1,
      dossiersReceived: 3,
      onlineDossiersReceived: 3,
      lateOnlineDossiers: 0,
    });
    // Index 1: (2 + 1) / 2; 2: 1; 3: 1; 4: 2; 5: 1 (all returned at the counter); 6: 2; 7: 2; 8: 2 (no feedback,
    // issue #17); 9: 2 or
    // less depending on the offerings (computed below from the facts).
    const online = row!.facts.onlineOfferings / row!.facts.offerings >= 0.2 ? 2 : 1;
    expect(row!.evaluation.indices.map((index) => [index.id, index.status, index.points])).toEqual([
      [1, "scored", 1.5],
      [2, "scored", 1],
      [3, "scored", 1],
      [4, "scored", 2],
      [5, "scored", 1],
      [6, "scored", 2],
      [7, "scored", 2],
      [8, "scored", 2],
      [9, "scored", online],
    ]);
    const total = 1.5 + 1 + 1 + 2 + 1 + 2 + 2 + 2 + online;
    expect(row!.evaluation).toMatchObject({ ratings: 2, total, maxAvailable: 18 });
    expect(row!.evaluation.totalOn18).toBeCloseTo(total, 2);
    expect(row!.evaluation.satisfaction).toEqual({ satisfied: 1, neutral: 0, dissatisfied: 1 });
  });

  it("another month has nothing; an agency outside the scope is left out", async () => {
    expect(await agencyEvaluations(handle.db, { period: monthPeriod("2026-10"), agencyIds: null })).toEqual(
      [],
    );
    expect(await agencyEvaluations(handle.db, { period: monthPeriod("2026-11"), agencyIds: [] })).toEqual([]);
    const finance = await handle.db
      .selectFrom("agencies")
      .select("id")
      .where("code", "=", "000.00.13.H99")
      .executeTakeFirstOrThrow();
    expect(
      await agencyEvaluations(handle.db, { period: monthPeriod("2026-11"), agencyIds: [finance.id] }),
    ).toEqual([]);
  });

  it("R-EVAL-3: bands are configurable for the province and per agency; bad bands are a 400", async () => {
    const agency = await handle.db
      .selectFrom("agencies")
      .select("id")
      .where("code", "=", "000.20.01.H99")
      .executeTakeFirstOrThrow();
    expect((await bandsFor(handle.db, agency.id))[0]?.code).toBe("excellent");
    const province = [{ code: "dat", name: { vi: "Đạt", en: "Pass" }, min: 0, inclusive: true }];
    await saveBands(handle.db, { scope: "province", bands: province, userId: counter.userId, now });
    expect(await bandsFor(handle.db, agency.id)).toEqual(province);
    expect(await bandsFor(handle.db, null)).toEqual(province);
    const own = [{ code: "cao", name: { vi: "Cao", en: "High" }, min: 1, inclusive: true }];
    await saveBands(handle.db, { scope: agency.id, bands: own, userId: counter.userId, now });
    expect(await bandsFor(handle.db, agency.id)).toEqual(own);
    await expect(
      saveBands(handle.db, { scope: "province", bands: [], userId: counter.userId, now }),
    ).rejects.toThrow(ValidationError);
    const [row] = await agencyEvaluations(handle.db, {
      period: monthPeriod("2026-11"),
      agencyIds: [agency.id],
    });
    expect(row!.evaluation.band?.code).toBe("cao");
  });
});

describe("a withdrawn dossier before acceptance", () => {
  it("cannot be rated (409): it has no result", async () => {
    const { row } = await submitBirthRegistration(handle.db, citizen.userId, at("2026-11-24T10:00"));
    await runDossierCommand(handle.db, {
      dossierId: row.id,
      command: { type: "requestWithdrawal" },
      actor: { role: "applicant", id: citizen.userId },
      author: { userId: citizen.userId, role: "citizen" },
      now: at("2026-11-24T11:00"),
      authorize: () => {},
    });
    await expect(
      rateOwnDossier(handle.db, { actor: citizen, dossierId: row.id, rating, now }),
    ).rejects.toThrow(ConflictError);
  });
});

async function codeOf(dossierId: string): Promise<string> {
  const row = await handle.db
    .selectFrom("dossiers")
    .select("code")
    .where("id", "=", dossierId)
    .executeTakeFirstOrThrow();
  return row.code;
}
