import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compiledOnceText } from "../../../../src/db/compiledOnce.ts";
import type { DatabaseHandle } from "../../../../src/db/connection.ts";
import type { Database } from "../../../../src/db/schema.ts";
import { type App, buildApp } from "../../../../src/http/app.ts";
import { runDossierCommand } from "../../../../src/services/dossiers/runDossierCommand.ts";
import { LOOKUP_BATCH_SQL } from "../../../../src/services/lookup/lookupBatcher.ts";
import { lookupDossier } from "../../../../src/services/lookup/lookupDossier.ts";
import { demoUserIds, submitBirthRegistration } from "../../../support/dossierFixtures.ts";
import { statementLog } from "../../../support/statementLog.ts";
import { createTestDatabase } from "../../../support/testDatabase.ts";

const monday = new Date("2026-11-23T09:00:00+07:00");
const publicUrl = "https://dichvucong.demo.gov.vn";

/**
 * Issue #21: GET /api/public/lookup coalesces the lookups of one turn into one statement (lookupBatcher.ts); every
 * client still gets its own answer, shaped and masked alone (R-LOOK-2), and a failed statement fails them all.
 */
describe("GET /api/public/lookup, coalesced (issue #21, R-LOOK-2)", () => {
  let handle: DatabaseHandle;
  const apps: App[] = [];
  let pendingCode: string;
  let acceptedCode: string;

  async function appOn(db: Kysely<Database>): Promise<App> {
    const app = await buildApp({
      db,
      databaseKind: handle.kind,
      config: {
        logLevel: "silent",
        publicRateLimitPerMinute: 1_000_000,
        lookupRateLimitPerMinute: 1_000_000,
        publicUrl,
      },
    });
    await app.ready();
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    handle = await createTestDatabase({ seeded: true });
    const users = await demoUserIds(handle.db);
    const citizen = users["congdan.demo"]!;
    pendingCode = (await submitBirthRegistration(handle.db, citizen, monday)).row.code;
    const accepted = await submitBirthRegistration(handle.db, citizen, monday);
    await runDossierCommand(handle.db, {
      dossierId: accepted.row.id,
      command: { type: "accept" },
      actor: { role: "counterOfficer", id: users["motcua.trungtam"]! },
      author: { userId: users["motcua.trungtam"]!, role: "counter_officer" },
      now: new Date("2026-11-23T10:00:00+07:00"),
      authorize: () => {},
    });
    acceptedCode = accepted.row.code;
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await handle.close();
  });

  const urls = () => [
    `/api/public/lookup/${encodeURIComponent(pendingCode)}`,
    `/api/public/lookup/${encodeURIComponent(acceptedCode.toLowerCase())}`,
    `/api/public/lookup?code=${encodeURIComponent(` ${acceptedCode} `)}`,
    "/api/public/lookup/000.20.01.H99-261123-9999",
    `/api/public/lookup/${encodeURIComponent(pendingCode)}?last4=0000`,
    `/api/public/lookup/${encodeURIComponent(acceptedCode)}`,
  ];

  it("concurrent lookups are one statement, each answered as it is alone", async () => {
    const log = statementLog(handle.db);
    const app = await appOn(log.db);
    const alone = [];
    for (const url of urls()) {
      const response = await app.inject({ url, headers: { "accept-language": "en" } });
      alone.push([response.statusCode, response.body]);
    }
    expect(log.statements.filter((text) => text === LOOKUP_BATCH_SQL)).toHaveLength(urls().length);
    log.statements.length = 0;
    const together = await Promise.all(
      urls().map(async (url) => {
        const response = await app.inject({ url, headers: { "accept-language": "en" } });
        return [response.statusCode, response.body];
      }),
    );
    expect(log.statements.filter((text) => text === LOOKUP_BATCH_SQL)).toHaveLength(1);
    expect(together).toEqual(alone);
    expect(together.map(([status]) => status)).toEqual([200, 200, 200, 404, 200, 200]);
    // The route's answer is still the one lookup service's (one shaping code for every channel).
    expect(JSON.parse(together[5]![1] as string)).toEqual(
      await lookupDossier(handle.db, acceptedCode, { publicUrl, maskNames: true, language: "en" }),
    );
  });

  it("each shape is serialized by its own schema: the same bytes as the service's answer, as JSON (issue #21)", async () => {
    const app = await appOn(handle.db);
    for (const code of [pendingCode, acceptedCode]) {
      const response = await app.inject({ url: `/api/public/lookup/${encodeURIComponent(code)}` });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(response.headers["cache-control"]).toBe("no-store");
      expect(response.body).toBe(
        JSON.stringify(await lookupDossier(handle.db, code, { publicUrl, maskNames: true })),
      );
    }
  });

  it("a failed statement fails every request of its batch: 503 when the database is away, 500 otherwise", async () => {
    let failure: Error | undefined;
    const failing = handle.db.withPlugin({
      transformQuery: ({ node }) => node,
      transformResult: async ({ queryId, result }) => {
        if (failure && compiledOnceText(queryId) === LOOKUP_BATCH_SQL) throw failure;
        return result;
      },
    });
    const app = await appOn(failing);
    const statuses = async () =>
      (await Promise.all(urls().map((url) => app.inject({ url })))).map((response) => response.statusCode);
    failure = Object.assign(new Error("terminating connection due to administrator command"), {
      code: "57P01",
    });
    expect(await statuses()).toEqual(urls().map(() => 503));
    failure = new Error("a bug");
    expect(await statuses()).toEqual(urls().map(() => 500));
    failure = undefined;
    expect(await statuses()).toEqual([200, 200, 200, 404, 200, 200]);
  });
});
