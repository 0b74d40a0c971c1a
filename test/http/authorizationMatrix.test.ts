/**
 * The authorization matrix (issue #20, "Privileges and privacy"; R-ACC-2): every route the app registers × every role
 * (anonymous, the citizen who owns the target dossier, another citizen, an organisation, each officer role of the
 * dossier's agency and the same roles of another agency, the province's monitor, support staff, agency and system
 * administrators) on the seeded demo province. The table in ./authorizationMatrix.ts says who may call each route;
 * here every pair is sent once (app.inject, each role's session built once):
 * - allowed: not 401/403 and not 5xx (a 404/409/422 of the route's own checks is fine: the role got through);
 * - forbidden: 401, 403 or 404, and the database is unchanged after the route's forbidden requests.
 * A route without an entry fails the test, naming the route and the file to add it to.
 *
 * `MATRIX_RECORD=/path.json npx vitest run test/http/authorizationMatrix.test.ts` writes what each role got, to help
 * write a new route's entry (then read it: the table says what SHOULD happen).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filesystemStorage } from "../../src/integrations/storage/filesystemStorage.ts";
import { type AuthTestApp, createAuthTestApp } from "../support/authSession.ts";
import {
  authorizationMatrix,
  MATRIX_ROLES,
  type MatrixEntry,
  type MatrixRole,
} from "./authorizationMatrix.ts";
import {
  changedTables,
  databaseFingerprint,
  type MatrixFixtures,
  matrixLimits,
  type OpenApiRoute,
  openApiPathOf,
  openApiRoutes,
  prepareMatrix,
  sampleValid,
  urlFor,
} from "./authorizationMatrixSupport.ts";

let testApp: AuthTestApp;
let fixtures: MatrixFixtures;
let documented: Map<string, OpenApiRoute>;

/** Every METHOD + path the app registered (HEAD twins of GET left out), from Fastify's own route tree. */
function registeredRoutes(tree: string): string[] {
  const keys = new Set<string>();
  const stack: string[] = [];
  for (const line of tree.split("\n")) {
    const match = /^([│ ]*)(?:[├└]── )(.+?) \(([A-Z, ]+)\)$/u.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? "").length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? "") + (match[2] ?? "");
    stack[depth] = path;
    for (const method of (match[3] ?? "").split(", ")) {
      if (method === "HEAD" || method === "OPTIONS") continue;
      keys.add(`${method} ${openApiPathOf(path.replace(/\/{2,}/g, "/"))}`);
    }
  }
  return [...keys].sort();
}

function sessionHeaders(role: MatrixRole): Record<string, string> {
  const session = role === "anonymous" ? undefined : fixtures.sessions[role];
  return { "accept-language": "vi", ...(session?.headers ?? {}) };
}

async function send(routeKey: string, role: MatrixRole) {
  const [method = "GET", path = "/"] = routeKey.split(" ");
  const route: OpenApiRoute = documented.get(routeKey) ?? {
    key: routeKey,
    method,
    path,
    parameters: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => ({ name: m[1] ?? "", in: "path" as const })),
  };
  const url = urlFor(route, fixtures.params).replace("*", "x");
  const body =
    routeKey in fixtures.bodies
      ? fixtures.bodies[routeKey]
      : route.body && route.bodyType === "application/json"
        ? sampleValid(route.body)
        : undefined;
  const hasBody = !["GET", "DELETE"].includes(method);
  return testApp.app.inject({
    method: method as "GET",
    url,
    headers: sessionHeaders(role),
    ...(hasBody ? { payload: (body as object) ?? {} } : {}),
  });
}

/**
 * Runs whenever the table has entries (it has one per route), or with AUTHORIZATION_MATRIX=1 on an emptied table to
 * record a first one with MATRIX_RECORD. About a minute on a quiet 2-core machine (4,777 requests and two database
 * fingerprints per route), up to three when the machine is shared.
 */
const enabled = Object.keys(authorizationMatrix).length > 0 || process.env.AUTHORIZATION_MATRIX === "1";

describe.runIf(enabled)("authorization matrix", () => {
  beforeAll(async () => {
    // The app's own file store, so that the fixtures can put the dossier's bytes where the routes read them.
    const filesDir = join(mkdtempSync(join(tmpdir(), "onestop-matrix-")), "files");
    testApp = await createAuthTestApp({ start: new Date(), config: { ...matrixLimits, filesDir } });
    fixtures = await prepareMatrix(testApp.app, testApp.database.db, filesystemStorage(filesDir));
    documented = new Map((await openApiRoutes(testApp.app)).map((route) => [route.key, route]));
  }, 300_000);

  afterAll(async () => {
    await testApp?.close();
  });

  it("has an entry for every registered route", () => {
    const missing = registeredRoutes(testApp.app.printRoutes({ commonPrefix: false })).filter(
      (key) => !(key in authorizationMatrix),
    );
    expect(
      missing,
      `routes without an entry in test/http/authorizationMatrix.ts (add one per route: who may call it, and with which scope):\n${missing.join("\n")}`,
    ).toEqual([]);
    const registered = new Set(registeredRoutes(testApp.app.printRoutes({ commonPrefix: false })));
    const stale = Object.keys(authorizationMatrix).filter((key) => !registered.has(key));
    expect(stale, "entries for routes the app no longer registers").toEqual([]);
    // A route that authenticates by something else than a session lets no role through on the session alone.
    const loose = Object.entries(authorizationMatrix).filter(
      ([, entry]) => entry.credential && (entry.allow === "everyone" || entry.allow.length > 0),
    );
    expect(loose.map(([key]) => key)).toEqual([]);
  });

  it("lets every allowed role through and refuses every other role, changing nothing", {
    timeout: 900_000,
  }, async () => {
    const registered = registeredRoutes(testApp.app.printRoutes({ commonPrefix: false }));
    const record: Record<string, Record<string, number>> = {};
    const violations: string[] = [];
    let requests = 0;
    // Taking the target officer's grant away or deactivating them changes what the admin routes about them find:
    // late; logging out ends the role's session: last.
    const lateness = (key: string) =>
      key.includes("logout")
        ? 2
        : key.startsWith("DELETE /api/admin/users/") || key.endsWith("/deactivate")
          ? 1
          : 0;
    const ordered = [...registered].sort((a, b) => lateness(a) - lateness(b));
    let allowedPairs = 0;
    let refusedPairs = 0;
    for (const key of ordered) {
      const entry: MatrixEntry | undefined =
        authorizationMatrix[key] ?? (process.env.MATRIX_RECORD ? { allow: [], scope: "public" } : undefined);
      if (!entry) continue; // the test above names it
      const allowed = new Set<MatrixRole>(entry.allow === "everyone" ? MATRIX_ROLES : entry.allow);
      const forbidden = MATRIX_ROLES.filter((role) => !allowed.has(role));
      record[key] = {};
      const before = await databaseFingerprint(testApp.database.db);
      // A route that no session can call, whose external system is not wired, refuses everyone with 503.
      const refusals =
        entry.credential && entry.unavailableWithoutPort ? [401, 403, 404, 503] : [401, 403, 404];
      for (const role of forbidden) {
        const response = await send(key, role);
        requests += 1;
        refusedPairs += 1;
        record[key][role] = response.statusCode;
        if (!refusals.includes(response.statusCode))
          violations.push(
            `${key} as ${role}: forbidden, got ${response.statusCode} ${response.body.slice(0, 160)}`,
          );
      }
      const changed = changedTables(before, await databaseFingerprint(testApp.database.db));
      if (forbidden.length > 0 && changed.length > 0)
        violations.push(`${key}: refused requests changed ${changed.join(", ")}`);
      if (process.env.MATRIX_RECORD)
        writeFileSync(process.env.MATRIX_RECORD, JSON.stringify(record, null, 1));
      for (const role of allowed) {
        const response = await send(key, role);
        requests += 1;
        allowedPairs += 1;
        record[key][role] = response.statusCode;
        const unavailable = response.statusCode === 503 && entry.unavailableWithoutPort;
        if ([401, 403].includes(response.statusCode) || (response.statusCode >= 500 && !unavailable))
          violations.push(
            `${key} as ${role}: allowed, got ${response.statusCode} ${response.body.slice(0, 160)}`,
          );
      }
    }
    if (process.env.MATRIX_RECORD) writeFileSync(process.env.MATRIX_RECORD, JSON.stringify(record, null, 1));
    // The figures of the closing note (issue #20, "The authorization matrix: every route × role × scope").
    const scopes = Object.values(authorizationMatrix).reduce<Record<string, number>>((count, entry) => {
      count[entry.scope] = (count[entry.scope] ?? 0) + 1;
      return count;
    }, {});
    console.log(
      `authorization matrix: ${ordered.length} routes × ${MATRIX_ROLES.length} roles = ${requests} requests ` +
        `(${allowedPairs} allowed, ${refusedPairs} refused pairs), routes by scope ${JSON.stringify(scopes)}, ` +
        `${violations.length} violations`,
    );
    expect(violations).toEqual([]);
  });
});
